// The Import/Export view: bring past articles, memories and glossaries in through the native
// dialog (a Chinese file and its English version as one article, pairs found among the chosen
// files confirmed first), read the report, undo a memory or glossary import, export the memory and
// the termbase, review each article's alignment, and pair or unpair articles.
import { signal } from "@preact/signals";
import { useEffect } from "preact/hooks";

import { indexing, refreshStats } from "../../app/store";
import {
  commands,
  onImportProgress,
  pickArticleFile,
  pickArticles,
  type ArticleSummary,
  type FilePair,
  type FileReport,
  type ImportProgress,
  type PairProposal,
} from "../../ipc/client";
import { fileName, formatCount, percent, shortPath } from "../../lib/format";
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
/** Glossaries (TBX, CSV, TSV, XLSX) arrive approved, keeping their own term statuses. */
export const importApproved = signal(false);

async function loadArticles(): Promise<void> {
  try {
    articles.value = await commands.articles();
  } catch (error) {
    failure.value = (error as { message: string }).message;
  }
}

/** Pairs found among the chosen files, waiting for the user to confirm which to keep. */
const proposal = signal<{ paths: string[]; found: PairProposal; kept: boolean[] } | null>(null);
const pairChoice = signal<{ zh: number | null; en: number | null }>({ zh: null, en: null });

async function runImport(paths: string[], pairs: FilePair[]): Promise<void> {
  busy.value = true;
  progress.value = null;
  const stopListening = await onImportProgress((next) => {
    progress.value = next;
  });
  try {
    reports.value = importApproved.value
      ? await commands.importFilesApproved(paths, pairs)
      : await commands.importFilesPaired(paths, pairs);
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

async function importChosen(folders: boolean): Promise<void> {
  failure.value = null;
  const paths = await pickArticles(folders);
  if (paths.length === 0) return;
  let found: PairProposal;
  try {
    found = await commands.proposePairs(paths);
  } catch (error) {
    failure.value = (error as { message: string }).message;
    return;
  }
  if (found.pairs.length === 0) {
    await runImport(paths, []);
    return;
  }
  proposal.value = { paths, found, kept: found.pairs.map(() => true) };
}

async function confirmProposal(): Promise<void> {
  const pending = proposal.value;
  if (pending === null) return;
  proposal.value = null;
  const pairs = pending.found.pairs
    .filter((_, idx) => pending.kept[idx])
    .map((pair) => ({ zh: pair.zh, en: pair.en }));
  await runImport(pending.paths, pairs);
}

async function importPair(): Promise<void> {
  failure.value = null;
  const zh = await pickArticleFile(t("import.pairChinese"));
  if (zh === null) return;
  const en = await pickArticleFile(t("import.pairEnglish"));
  if (en === null) return;
  await runImport([], [{ zh, en }]);
}

async function changePairing(action: () => Promise<number>): Promise<void> {
  failure.value = null;
  try {
    await action();
    pairChoice.value = { zh: null, en: null };
  } catch (error) {
    failure.value = (error as { message: string }).message;
  } finally {
    await refreshStats();
    await loadArticles();
  }
}

/** The pairs found among the chosen files, each with a tick box, and Import / Cancel. */
function PairProposalPanel() {
  const pending = proposal.value;
  if (pending === null) return null;
  const toggle = (idx: number) => {
    proposal.value = { ...pending, kept: pending.kept.map((kept, other) => (other === idx ? !kept : kept)) };
  };
  return (
    <div class="pair-proposal" id="pair-proposal">
      <h3>{t("import.proposalTitle")}</h3>
      <p>{t("import.proposalIntro")}</p>
      <table class="grid">
        <thead>
          <tr>
            <th />
            <th>{t("import.proposalChinese")}</th>
            <th>{t("import.proposalEnglish")}</th>
            <th class="num">{t("import.proposalConfidence")}</th>
          </tr>
        </thead>
        <tbody>
          {pending.found.pairs.map((pair, idx) => (
            <tr key={pair.zh} data-pair={idx}>
              <td>
                <input type="checkbox" class="keep-pair" checked={pending.kept[idx]} onChange={() => toggle(idx)} />
              </td>
              <td title={pair.zh}>{shortPath(pair.zh)}</td>
              <td title={pair.en}>{shortPath(pair.en)}</td>
              <td class="num">{percent(pair.confidence, 1)}%</td>
            </tr>
          ))}
        </tbody>
      </table>
      {pending.found.singles.length > 0 && (
        <p class="pair-singles">{t("import.proposalSingles", { count: formatCount(pending.found.singles.length) })}</p>
      )}
      <div class="toolbar">
        <button type="button" class="primary" id="confirm-pairs" onClick={() => void confirmProposal()}>
          {t("import.proposalImport")}
        </button>
        <button type="button" id="cancel-pairs" onClick={() => (proposal.value = null)}>
          {t("import.proposalCancel")}
        </button>
      </div>
    </div>
  );
}

/** An article by its headline; by its file's name when it has none. */
function articleName(article: ArticleSummary): string {
  return article.title.trim() !== "" ? article.title : fileName(article.sourcePath);
}

/** The name of the article with this id, for the "Paired with" column. */
function partnerName(id: number): string {
  const partner = articles.value.find((article) => article.id === id);
  return partner === undefined ? `#${id}` : articleName(partner);
}

/** Two selects of single articles (Chinese-only, English-only) and a Pair button. */
function PairArticlesForm() {
  const singles = articles.value.filter((article) => article.partner === null && article.units === 0);
  const chinese = singles.filter((article) => article.zhSentences > 0 && article.enSentences === 0);
  const english = singles.filter((article) => article.enSentences > 0 && article.zhSentences === 0);
  if (chinese.length === 0 || english.length === 0) return null;
  const choice = pairChoice.value;
  const option = (article: ArticleSummary) => (
    <option key={article.id} value={article.id}>
      {articleName(article)}
    </option>
  );
  const pick = (side: "zh" | "en", value: string) => {
    pairChoice.value = { ...pairChoice.value, [side]: value === "" ? null : Number(value) };
  };
  const { zh, en } = choice;
  return (
    <div class="toolbar" id="pair-articles">
      <select id="pair-zh" aria-label={t("import.pairChineseArticle")} onChange={(event) => pick("zh", event.currentTarget.value)}>
        <option value="">{t("import.pairChineseArticle")}</option>
        {chinese.map(option)}
      </select>
      <select id="pair-en" aria-label={t("import.pairEnglishArticle")} onChange={(event) => pick("en", event.currentTarget.value)}>
        <option value="">{t("import.pairEnglishArticle")}</option>
        {english.map(option)}
      </select>
      <button
        type="button"
        id="pair-articles-button"
        disabled={zh === null || en === null}
        onClick={() => zh !== null && en !== null && void changePairing(() => commands.pairArticles(zh, en))}
      >
        {t("import.pairArticles")}
      </button>
    </div>
  );
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
        <button type="button" id="import-pair" disabled={busy.value} onClick={() => void importPair()}>
          {t("import.pair")}
        </button>
        <label class="import-approved" title={t("import.approvedHint")}>
          <input
            type="checkbox"
            id="import-approved"
            checked={importApproved.value}
            disabled={busy.value}
            onChange={(event) => (importApproved.value = (event.target as HTMLInputElement).checked)}
          />{" "}
          {t("import.approved")}
        </label>
      </div>
      <PairProposalPanel />
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
                <td>{report.pairedWith === null ? report.path : t("import.pairedWith", { zh: report.path, en: report.pairedWith })}</td>
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
      <PairArticlesForm />
      <table class="grid" id="articles">
        <thead>
          <tr>
            <th>{t("import.article")}</th>
            <th class="num">{t("import.pairs")}</th>
            <th class="num">{t("import.toReviewHeader")}</th>
            <th class="num">{t("import.sentences")}</th>
            <th class="num">{t("import.unaligned")}</th>
            <th>{t("import.partner")}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {articles.value.map((article) => (
            <tr key={article.id} data-article={article.id}>
              <td title={article.sourcePath}>{articleName(article)}</td>
              <td class="num">{formatCount(article.units)}</td>
              <td class="num">{formatCount(article.lowConfidence)}</td>
              <td class="num">
                {formatCount(article.zhSentences)} / {formatCount(article.enSentences)}
              </td>
              <td class="num unaligned-count">{formatCount(article.unalignedSentences)}</td>
              <td class="partner">
                {article.partner !== null && (
                  <>
                    {partnerName(article.partner)}{" "}
                    <button
                      type="button"
                      class="unpair"
                      onClick={() => void changePairing(() => commands.unpairArticle(article.id))}
                    >
                      {t("import.unpair")}
                    </button>
                  </>
                )}
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
