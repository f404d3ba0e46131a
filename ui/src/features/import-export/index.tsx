// The Import/Export view: bring past articles, memories and glossaries in through the native
// dialog, read the report, undo a memory or glossary import, export the memory and the termbase,
// and review each article's alignment.
import { signal } from "@preact/signals";
import { useEffect } from "preact/hooks";

import { indexing, refreshStats } from "../../app/store";
import { commands, onImportProgress, pickArticles, type ArticleSummary, type FileReport, type ImportProgress } from "../../ipc/client";
import { formatCount, percent, shortPath } from "../../lib/format";
import { t } from "../../lib/i18n";
import { AlignmentReview, openAlignment } from "../alignment";
import { ExportSection } from "./export";
import { ImportHistory, refreshImports } from "./history";
import { importProgressBar, importProgressText } from "./progress";

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
    await refreshImports();
  }
}

function describe(report: FileReport): string {
  if (report.problems.length > 0) {
    return report.problems
      .map((problem) =>
        problem.line === null
          ? problem.message
          : t("import.at", { line: problem.line, column: problem.column ?? 1, message: problem.message }),
      )
      .join("; ");
  }
  if (report.alreadyImported) return t("import.already", { skipped: formatCount(report.unitsSkipped) });
  const review = report.lowConfidence > 0 ? t("import.toReview", { count: formatCount(report.lowConfidence) }) : "";
  return t("import.added", { added: formatCount(report.unitsAdded), dropped: formatCount(report.dropped.length) }) + review;
}

/** The running import: file, units and bytes read, then the index build that follows it. */
function ImportProgressLine() {
  const index = indexing.value;
  if (index !== null) {
    return (
      <div class="import-progress" id="import-progress">
        <progress max={100} value={percent(index.done, index.total)} />
        <span>{t("status.indexing", { percent: percent(index.done, index.total) })}</span>
      </div>
    );
  }
  const current = progress.value;
  const bar = importProgressBar(current);
  return (
    <div class="import-progress" id="import-progress">
      <progress max={bar.max} value={bar.value} />
      <span>{current === null ? t("import.starting") : importProgressText(current)}</span>
      {current !== null && (
        <span class="progress-file" title={current.current}>
          {shortPath(current.current)}
        </span>
      )}
      <button type="button" id="cancel-import" onClick={() => void commands.cancelImport()}>
        {t("import.cancel")}
      </button>
    </div>
  );
}

export function ImportExportView() {
  useEffect(() => {
    void loadArticles();
  }, []);
  return (
    <section class="view">
      <h2>{t("import.title")}</h2>
      <p>{t("import.intro")}</p>
      <div class="toolbar">
        <button type="button" class="primary" id="import-articles" disabled={busy.value} onClick={() => void importChosen(false)}>
          {busy.value ? t("import.importing") : t("import.files")}
        </button>
        <button type="button" class="primary" id="import-folders" disabled={busy.value} onClick={() => void importChosen(true)}>
          {t("import.folders")}
        </button>
      </div>
      {busy.value && <ImportProgressLine />}
      {failure.value !== null && <p class="status-error">{failure.value}</p>}
      {reports.value.length > 0 && (
        <table class="grid" id="import-report">
          <thead>
            <tr>
              <th>{t("import.file")}</th>
              <th>{t("import.result")}</th>
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
                      <summary>{t("import.dropped")}</summary>
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
      <ImportHistory />
      <ExportSection />
      <h2>{t("import.articles")}</h2>
      <table class="grid" id="articles">
        <thead>
          <tr>
            <th>{t("import.article")}</th>
            <th class="num">{t("import.pairs")}</th>
            <th class="num">{t("import.toReviewHeader")}</th>
            <th class="num">{t("import.sentences")}</th>
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
                  {t("import.review")}
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
