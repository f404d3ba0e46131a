// The Import/Export view: bring past articles in through the native dialog, read the report,
// and review each article's alignment.
import { signal } from "@preact/signals";
import { useEffect } from "preact/hooks";

import { refreshStats } from "../../app/store";
import { commands, onImportProgress, pickArticles, type ArticleSummary, type FileReport, type ImportProgress } from "../../ipc/client";
import { formatCount } from "../../lib/format";
import { t } from "../../lib/i18n";
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
        problem.line === null
          ? problem.message
          : t("import.at", { line: problem.line, column: problem.column ?? 1, message: problem.message }),
      )
      .join("; ");
  }
  if (report.alreadyImported) return t("import.already", { skipped: report.unitsSkipped });
  const review = report.lowConfidence > 0 ? t("import.toReview", { count: report.lowConfidence }) : "";
  return t("import.added", { added: report.unitsAdded, dropped: report.dropped.length }) + review;
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
      {busy.value && (
        <div class="import-progress" id="import-progress">
          <progress max={progress.value?.total ?? 1} value={progress.value?.done ?? 0} />
          <span>
            {progress.value === null
              ? t("import.starting")
              : t("import.progress", { done: progress.value.done, total: progress.value.total, file: progress.value.current })}
          </span>
          <button type="button" id="cancel-import" onClick={() => void commands.cancelImport()}>
            {t("import.cancel")}
          </button>
        </div>
      )}
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
