// The QA view: memory QA against the approved termbase, with progress and cancel; findings
// filtered by kind and term; one finding, or every finding of a term, fixed to the approved form
// in one transaction (audit log, undoable); the report exported as HTML or XLSX.
import { signal } from "@preact/signals";

import { commands, onQaProgress, pickSavePath, type FixReport, type QaFinding, type QaProgress, type QaReport } from "../../ipc/client";
import { formatCount, percent } from "../../lib/format";
import { t } from "../../lib/i18n";
import { QA_KINDS, qaKindName } from "../../lib/vocabulary";
import { countByKind, filterFindings, fixableOfTerm, isFixable, termChoices, withoutFindings } from "./logic";

const report = signal<QaReport | null>(null);
const running = signal(false);
const progress = signal<QaProgress | null>(null);
const kindFilter = signal("");
const termFilter = signal<number | null>(null);
const message = signal<string | null>(null);
/** The last fix, for Undo: its id and the findings it took off the list. */
const lastFix = signal<{ fixId: number; removed: QaFinding[] } | null>(null);
/** The list was changed by fixes since the pass ran. */
const fixedSinceRun = signal(false);

/** Rows drawn at most; the filters and the export still cover every finding. */
const ROWS_SHOWN = 500;

async function runQa(): Promise<void> {
  running.value = true;
  progress.value = null;
  message.value = null;
  const stopListening = await onQaProgress((next) => {
    progress.value = next;
  });
  try {
    report.value = await commands.runQa(null);
    fixedSinceRun.value = false;
    lastFix.value = null;
  } catch (error) {
    message.value = (error as { message: string }).message;
  } finally {
    stopListening();
    running.value = false;
    progress.value = null;
  }
}

/**
 * Fixes `findings` in one transaction (`fix_findings`): each wrong rendering becomes the approved
 * one, every changed unit goes to the audit log, and the fix can be undone. Shared with the
 * Terminology view's approval notice; the QA list loses what was sent.
 */
export async function fixFindings(findings: QaFinding[]): Promise<FixReport> {
  const fixed = await commands.fixFindings(findings);
  if (report.value !== null) {
    report.value = { ...report.value, findings: withoutFindings(report.value.findings, findings) };
    fixedSinceRun.value = true;
  }
  lastFix.value = fixed.fixId === null ? null : { fixId: fixed.fixId, removed: findings };
  message.value = fixMessage(fixed);
  return fixed;
}

export function fixMessage(fixed: FixReport): string {
  return t("qa.fixed", {
    fixed: formatCount(fixed.findingsFixed),
    units: formatCount(fixed.unitsChanged),
    passed: formatCount(fixed.findingsPassedOver),
  });
}

async function fix(findings: QaFinding[]): Promise<void> {
  try {
    await fixFindings(findings);
    // A term whose findings were all fixed leaves the filter, so the list shows what remains.
    const term = termFilter.value;
    if (term !== null && report.value !== null && !report.value.findings.some((finding) => finding.termId === term)) {
      termFilter.value = null;
    }
  } catch (error) {
    message.value = (error as { message: string }).message;
  }
}

async function undoLastFix(): Promise<void> {
  const undone = lastFix.value;
  if (undone === null) return;
  try {
    const restored = await commands.undoFix(undone.fixId);
    if (report.value !== null) report.value = { ...report.value, findings: [...report.value.findings, ...undone.removed] };
    lastFix.value = null;
    message.value = t("qa.undone", { units: formatCount(restored) });
  } catch (error) {
    message.value = (error as { message: string }).message;
  }
}

async function exportReport(format: "html" | "xlsx", findings: QaFinding[]): Promise<void> {
  const path = await pickSavePath(`memory-qa.${format}`);
  if (path === null) return;
  try {
    await commands.exportQaReport(path, findings, null, format);
    message.value = t("qa.exported", { count: formatCount(findings.length), path });
  } catch (error) {
    message.value = (error as { message: string }).message;
  }
}

function Progress() {
  const current = progress.value;
  return (
    <div class="import-progress" id="qa-progress">
      <span>
        {current === null
          ? t("qa.starting")
          : t("qa.progress", { done: formatCount(current.done), total: formatCount(current.total), percent: percent(current.done, current.total) })}
      </span>
      <button type="button" id="cancel-qa" onClick={() => void commands.cancelQa()}>
        {t("import.cancel")}
      </button>
    </div>
  );
}

function Findings(props: { found: QaReport }) {
  const { found } = props;
  const terms = termChoices(found.findings);
  const term = terms.find((choice) => choice.termId === termFilter.value);
  const shown = filterFindings(found.findings, kindFilter.value, termFilter.value);
  const ofTerm = term === undefined ? [] : fixableOfTerm(found.findings, term.termId);
  return (
    <>
      <p id="qa-summary">
        {t(found.complete ? "qa.summary" : "qa.summaryCancelled", {
          units: formatCount(found.unitsChecked),
          findings: formatCount(found.findings.length),
        })}{" "}
        {countByKind(found.findings)
          .map((row) => t("qa.kindCount", { count: formatCount(row.count), kind: qaKindName(row.kind) }))
          .join(t("list.separator"))}
        {fixedSinceRun.value && <span class="hint"> {t("qa.fixedSinceRun")}</span>}
      </p>
      <div class="toolbar">
        <select
          id="qa-kind-filter"
          value={kindFilter.value}
          onChange={(event) => (kindFilter.value = (event.target as HTMLSelectElement).value)}
        >
          <option value="">{t("qa.everyKind")}</option>
          {QA_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {qaKindName(kind)}
            </option>
          ))}
        </select>
        <select
          id="qa-term-filter"
          value={termFilter.value === null ? "" : String(termFilter.value)}
          onChange={(event) => {
            const value = (event.target as HTMLSelectElement).value;
            termFilter.value = value === "" ? null : Number(value);
          }}
        >
          {/* Each option says whether it is chosen: a term's option leaves and comes back with
              fixes and their undo, and the browser would otherwise pick one by itself. */}
          <option value="" selected={termFilter.value === null}>
            {t("qa.everyTerm")}
          </option>
          {terms.map((choice) => (
            <option key={choice.termId} value={String(choice.termId)} selected={termFilter.value === choice.termId}>
              {choice.label} ({formatCount(choice.count)})
            </option>
          ))}
        </select>
        {term !== undefined && (
          <button type="button" class="primary" id="qa-fix-term" disabled={ofTerm.length === 0} onClick={() => void fix(ofTerm)}>
            {t("qa.fixTerm", { count: formatCount(ofTerm.length), term: term.label })}
          </button>
        )}
        <button type="button" id="qa-export-html" disabled={shown.length === 0} onClick={() => void exportReport("html", shown)}>
          {t("qa.exportHtml")}
        </button>
        <button type="button" id="qa-export-xlsx" disabled={shown.length === 0} onClick={() => void exportReport("xlsx", shown)}>
          {t("qa.exportXlsx")}
        </button>
      </div>
      {shown.length === 0 ? (
        <p class="hint">{t("qa.none")}</p>
      ) : (
        <table class="grid" id="qa-findings">
          <thead>
            <tr>
              <th>{t("qa.unit")}</th>
              <th>{t("qa.kind")}</th>
              <th>{t("qa.found")}</th>
              <th>{t("qa.suggestion")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {shown.slice(0, ROWS_SHOWN).map((finding) => (
              <tr
                key={`${finding.unitId}-${finding.kind}-${finding.start}-${finding.end}`}
                class={`qa-finding qa-${finding.kind}`}
                data-unit={finding.unitId}
                data-term={finding.termId ?? ""}
              >
                <td class="num">{finding.unitId}</td>
                <td class="qa-kind">{qaKindName(finding.kind)}</td>
                <td class="qa-found">{finding.found === "" ? "—" : <mark>{finding.found}</mark>}</td>
                <td class="qa-suggestion">{finding.suggestion}</td>
                <td>
                  {isFixable(finding) && (
                    <button type="button" class="qa-fix" onClick={() => void fix([finding])}>
                      {t("qa.fix")}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {shown.length > ROWS_SHOWN && <p class="hint">{t("qa.moreRows", { shown: formatCount(ROWS_SHOWN), total: formatCount(shown.length) })}</p>}
    </>
  );
}

export function QaView() {
  const found = report.value;
  return (
    <section class="view" id="qa-view">
      <h2>{t("qa.title")}</h2>
      <p>{t("qa.intro")}</p>
      <div class="toolbar">
        <button type="button" class="primary" id="run-qa" disabled={running.value} onClick={() => void runQa()}>
          {running.value ? t("qa.running") : found === null ? t("qa.run") : t("qa.runAgain")}
        </button>
        {lastFix.value !== null && (
          <button type="button" id="qa-undo-fix" onClick={() => void undoLastFix()}>
            {t("qa.undo")}
          </button>
        )}
      </div>
      {running.value && <Progress />}
      {message.value !== null && (
        <p class="hint" id="qa-message">
          {message.value}
        </p>
      )}
      {found !== null && <Findings found={found} />}
    </section>
  );
}
