// The Import/Export view: bring past articles in through the native dialog, read the report,
// and review each article's alignment.
import { signal } from "@preact/signals";
import { useEffect } from "preact/hooks";

import { refreshStats } from "../../app/store";
import { commands, onImportProgress, pickArticles, type ArticleSummary, type FileReport, type ImportProgress } from "../../ipc/client";
import { formatCount } from "../../lib/format";
import { AlignmentReview, openAlignment } from "../alignment";

const reports = signal<FileReport[]>([]);
const articles = signal<ArticleSummary[]>([]);
const busy = signal(false);
const progress = signal<ImportProgress | null>(null);
const failure = signal<string | null>(null);

async function loadArticles(): Promise<void> {
  try {
    articles.value = await commands.articles();
  } catch (error) {
    failure.value = (error as { message: string }).message;
  }
}

async function importChosen(folders: boolean): Promise<void> {
  failure.value = null;
  const paths = await pickArticles(folders);
  if (paths.length === 0) return;
  busy.value = true;
  progress.value = null;
  const stopListening = await onImportProgress((next) => {
    progress.value = next;
  });
  try {
    reports.value = await commands.importFiles(paths);
  } catch (error) {
    failure.value = (error as { message: string }).message;
  } finally {
    stopListening();
    busy.value = false;
    progress.value = null;
    await refreshStats();
    await loadArticles();
  }
}

function describe(report: FileReport): string {
  if (report.problems.length > 0) {
    return report.problems
      .map((problem) =>
        problem.line === null ? problem.message : `line ${problem.line}, column ${problem.column ?? 1}: ${problem.message}`,
      )
      .join("; ");
  }
  if (report.alreadyImported) return `already imported, nothing changed (${report.unitsSkipped} units skipped)`;
  const review = report.lowConfidence > 0 ? `, ${report.lowConfidence} pairs to review` : "";
  return `${report.unitsAdded} units added, ${report.dropped.length} spans dropped${review}`;
}

export function ImportExportView() {
  useEffect(() => {
    void loadArticles();
  }, []);
  return (
    <section class="view">
      <h2>Import</h2>
      <p>
        Past articles (.txt, .html, .docx), memories (.tmx, .tmx.gz, .zip) and glossaries (.tbx, .csv, .tsv), or whole
        folders. The original text is always kept; each file imports completely or not at all.
      </p>
      <div class="toolbar">
        <button type="button" class="primary" id="import-articles" disabled={busy.value} onClick={() => void importChosen(false)}>
          {busy.value ? "Importing…" : "Import files…"}
        </button>
        <button type="button" class="primary" id="import-folders" disabled={busy.value} onClick={() => void importChosen(true)}>
          Import folders…
        </button>
      </div>
      {busy.value && (
        <div class="import-progress" id="import-progress">
          <progress max={progress.value?.total ?? 1} value={progress.value?.done ?? 0} />
          <span>
            {progress.value === null ? "Starting…" : `${progress.value.done} of ${progress.value.total}: ${progress.value.current}`}
          </span>
          <button type="button" id="cancel-import" onClick={() => void commands.cancelImport()}>
            Cancel
          </button>
        </div>
      )}
      {failure.value !== null && <p class="status-error">{failure.value}</p>}
      {reports.value.length > 0 && (
        <table class="grid" id="import-report">
          <thead>
            <tr>
              <th>File</th>
              <th>Result</th>
            </tr>
          </thead>
          <tbody>
            {reports.value.map((report) => (
              <tr key={report.path} class={report.problems.length > 0 ? "row-problem" : ""}>
                <td>{report.path}</td>
                <td>
                  {describe(report)}
                  {report.dropped.length > 0 && (
                    <details>
                      <summary>Dropped text</summary>
                      <ul class="dropped">
                        {report.dropped.map((span, idx) => (
                          <li key={idx}>
                            <span class="drop-reason">{span.reason}</span> {span.text}
                          </li>
                        ))}
                      </ul>
                    </details>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Articles</h2>
      <table class="grid" id="articles">
        <thead>
          <tr>
            <th>Article</th>
            <th class="num">Pairs</th>
            <th class="num">To review</th>
            <th class="num">Sentences zh / en</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {articles.value.map((article) => (
            <tr key={article.id} data-article={article.id}>
              <td title={article.sourcePath}>{article.title || article.sourcePath}</td>
              <td class="num">{formatCount(article.units)}</td>
              <td class="num">{formatCount(article.lowConfidence)}</td>
              <td class="num">
                {formatCount(article.zhSentences)} / {formatCount(article.enSentences)}
              </td>
              <td>
                <button type="button" class="review" onClick={() => void openAlignment(article.id)}>
                  Review alignment
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <AlignmentReview />
    </section>
  );
}
