// The Terminology view: a reviewer's queue of mined candidates, each with every English
// rendering seen and its count; approve one rendering as preferred (the others become
// deprecated in the same action) or reject, with a comment kept in the history. After an
// approval or a status change, the view says how many memory units use the renderings it
// deprecates and offers to fix them (one undoable fix, as in the QA view).
import { signal } from "@preact/signals";
import { useEffect } from "preact/hooks";

import { stats, teamStatus } from "../../app/store";
import { commands, type AuditEntry, type Concept, type QaFinding, type TermExample } from "../../ipc/client";
import { formatCount } from "../../lib/format";
import { t } from "../../lib/i18n";
import { fixFindings, fixMessage } from "../qa";
import { CATEGORIES, TERM_STATUSES, categoryName, reviewName, termStatusName } from "../../lib/vocabulary";
import { seenOften, termStatusLabel, unitCount } from "./logic";

const statusFilter = signal<string>("candidate");
const categoryFilter = signal<string>("");
const concepts = signal<Concept[]>([]);
const preferredChoice = signal<Record<number, string>>({});
const comments = signal<Record<number, string>>({});
const message = signal<string | null>(null);
const minCount = signal(1);
const selected = signal<number[]>([]);
/** After an approval or edit: the memory's findings of the renderings it deprecates. */
const staleNotice = signal<{ conceptId: number; approved: string; findings: QaFinding[] } | null>(null);

/** Looks for memory units using renderings the concept now deprecates, to offer a fix. */
async function offerFix(conceptId: number): Promise<void> {
  const findings = await commands.conceptFindings(conceptId);
  staleNotice.value =
    findings.length === 0 ? null : { conceptId, approved: findings[0]?.suggestion ?? "", findings };
}

async function fixStale(): Promise<void> {
  const notice = staleNotice.value;
  if (notice === null) return;
  try {
    const fixed = await fixFindings(notice.findings);
    message.value = fixMessage(fixed);
    staleNotice.value = null;
  } catch (error) {
    message.value = (error as { message: string }).message;
  }
}

function StaleNotice() {
  const notice = staleNotice.value;
  if (notice === null) return null;
  return (
    <div class="notice" id="approval-fix" data-concept={notice.conceptId}>
      <p>
        {t("terms.staleUnits", { units: formatCount(unitCount(notice.findings)), approved: notice.approved })}
      </p>
      <ul class="stale-renderings">
        {[...new Set(notice.findings.map((finding) => finding.found))].map((found) => (
          <li key={found}>
            <mark>{found}</mark> → <strong>{notice.approved}</strong>
          </li>
        ))}
      </ul>
      <button type="button" class="primary" id="fix-stale" onClick={() => void fixStale()}>
        {t("terms.fixStale", { count: formatCount(notice.findings.length) })}
      </button>
      <button type="button" id="leave-stale" onClick={() => (staleNotice.value = null)}>
        {t("terms.leaveStale")}
      </button>
    </div>
  );
}

async function reviewSelected(approve: boolean): Promise<void> {
  const ids = selected.value;
  for (const concept of concepts.value.filter((candidate) => ids.includes(candidate.id))) {
    // Bulk approval takes each concept's chosen (or most frequent) rendering.
    await commands.reviewConcept(concept.id, approve, preferredChoice.value[concept.id] ?? null, "bulk review");
  }
  message.value = t("terms.bulkDone", { action: approve ? t("terms.approve") : t("terms.reject"), count: ids.length });
  selected.value = [];
  await load();
}

async function changeStatus(conceptId: number, termId: number, text: string, status: string): Promise<void> {
  try {
    await commands.editTerm(conceptId, termId, text, status);
    await load();
    await offerFix(conceptId);
  } catch (error) {
    message.value = (error as { message: string }).message;
  }
}

function frequency(concept: Concept): number {
  return concept.terms.reduce((most, term) => Math.max(most, term.count), 0);
}
// Contexts and history of the concepts a reviewer opened, by concept id.
const opened = signal<Record<number, { examples: Record<number, TermExample[]>; history: AuditEntry[] }>>({});

async function toggleContexts(concept: Concept): Promise<void> {
  if (opened.value[concept.id] !== undefined) {
    opened.value = Object.fromEntries(Object.entries(opened.value).filter(([id]) => Number(id) !== concept.id));
    return;
  }
  const examples: Record<number, TermExample[]> = {};
  for (const term of concept.terms.filter((term) => !term.lang.startsWith("zh"))) {
    examples[term.id] = await commands.termExamples(term.id);
  }
  const history = await commands.conceptHistory(concept.id);
  opened.value = { ...opened.value, [concept.id]: { examples, history } };
}

async function load(): Promise<void> {
  try {
    concepts.value = await commands.terms(statusFilter.value || null, categoryFilter.value || null);
  } catch (error) {
    message.value = (error as { message: string }).message;
  }
}

async function mine(): Promise<void> {
  try {
    const report = await commands.extractTerms();
    message.value = t("terms.found", { found: report.candidatesFound, added: report.conceptsAdded });
    await load();
  } catch (error) {
    message.value = (error as { message: string }).message;
  }
}

async function review(concept: Concept, approve: boolean): Promise<void> {
  try {
    await commands.reviewConcept(concept.id, approve, preferredChoice.value[concept.id] ?? null, comments.value[concept.id] ?? "");
    await load();
    if (approve) await offerFix(concept.id);
  } catch (error) {
    message.value = (error as { message: string }).message;
  }
}

function ConceptCard(props: { concept: Concept }) {
  const { concept } = props;
  const chinese = concept.terms.filter((term) => term.lang.startsWith("zh"));
  const english = concept.terms.filter((term) => !term.lang.startsWith("zh"));
  const mostFrequent = english.reduce<string | null>(
    (best, term) => (best === null || term.count > (english.find((other) => other.text === best)?.count ?? 0) ? term.text : best),
    null,
  );
  const chosen = preferredChoice.value[concept.id] ?? mostFrequent;
  return (
    <article class={`concept concept-${concept.status}`} data-concept={concept.id}>
      <header>
        {concept.status === "candidate" && (
          <input
            type="checkbox"
            class="select-concept"
            checked={selected.value.includes(concept.id)}
            onChange={() => {
              selected.value = selected.value.includes(concept.id)
                ? selected.value.filter((id) => id !== concept.id)
                : [...selected.value, concept.id];
            }}
          />
        )}
        <span class="concept-zh" lang="zh">
          {chinese.map((term) => term.text).join(" / ")}
        </span>
        <span class="concept-category">{categoryName(concept.category)}</span>
        <span class={`review-status review-${concept.status}`}>{reviewName(concept.status)}</span>
      </header>
      <table class="renderings">
        <tbody>
          {english.map((term) => (
            <tr key={term.id}>
              <td>
                <label>
                  <input
                    type="radio"
                    name={`preferred-${concept.id}`}
                    checked={chosen === term.text}
                    disabled={concept.status !== "candidate"}
                    onChange={() => {
                      preferredChoice.value = { ...preferredChoice.value, [concept.id]: term.text };
                    }}
                  />{" "}
                  <span lang={term.lang}>{term.text}</span>
                </label>
              </td>
              <td class="num">×{formatCount(term.count)}</td>
              <td>
                {concept.status === "approved" ? (
                  <select
                    class={`term-status term-status-${term.status}`}
                    value={term.status}
                    onChange={(event) => void changeStatus(concept.id, term.id, term.text, (event.target as HTMLSelectElement).value)}
                  >
                    {TERM_STATUSES.map((status) => (
                      <option key={status} value={status}>
                        {termStatusName(status)}
                      </option>
                    ))}
                  </select>
                ) : (
                  <span class={`term-status term-status-${term.status}`}>{termStatusLabel(concept.status, term.status)}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {opened.value[concept.id] !== undefined && (
        <div class="contexts">
          {english.map((term) =>
            (opened.value[concept.id]?.examples[term.id] ?? []).map((example, idx) => (
              <div key={`${term.id}-${idx}`} class="context">
                <div lang="zh">{example.zh}</div>
                <div>{example.en}</div>
              </div>
            )),
          )}
          {(opened.value[concept.id]?.history ?? []).map((entry, idx) => (
            <div key={idx} class="hint">
              {entry.at.slice(0, 10)} {entry.action} {entry.detail}
            </div>
          ))}
        </div>
      )}
      <button type="button" class="link contexts-toggle" onClick={() => void toggleContexts(concept)}>
        {opened.value[concept.id] === undefined ? t("terms.showContexts") : t("terms.hideContexts")}
      </button>
      {concept.status === "candidate" && (
        <footer>
          <input
            class="review-comment"
            placeholder={t("terms.comment")}
            value={comments.value[concept.id] ?? ""}
            onInput={(event) => {
              comments.value = { ...comments.value, [concept.id]: (event.target as HTMLInputElement).value };
            }}
          />
          <button type="button" class="approve" disabled={english.length === 0} onClick={() => void review(concept, true)}>
            {t("terms.approve")}
          </button>
          <button type="button" class="reject" onClick={() => void review(concept, false)}>
            {t("terms.reject")}
          </button>
        </footer>
      )}
    </article>
  );
}

export function TerminologyView() {
  // Reload when the team's changes (a colleague's review) were applied here.
  const teamRevision = teamStatus.value?.revision ?? 0;
  useEffect(() => {
    void load();
  }, [teamRevision]);
  const current = stats.value;
  return (
    <section class="view">
      <h2>{t("terms.title")}</h2>
      {current !== null && (
        <p>
          {t("terms.summary", { terms: formatCount(current.terms), concepts: formatCount(current.concepts) })}{" "}
          {t("terms.reviewCounts", { approved: formatCount(current.conceptsApproved), candidates: formatCount(current.conceptsCandidate) })}{" "}
          {current.termsByStatus.map((row) => t("terms.statusCount", { count: formatCount(row.count), status: termStatusName(row.status) })).join(t("list.separator"))}
        </p>
      )}
      <div class="toolbar">
        <button type="button" class="primary" id="mine-terms" onClick={() => void mine()}>
          {t("terms.mine")}
        </button>
        <select
          id="status-filter"
          value={statusFilter.value}
          onChange={(event) => {
            statusFilter.value = (event.target as HTMLSelectElement).value;
            void load();
          }}
        >
          <option value="candidate">{t("terms.candidates")}</option>
          <option value="approved">{t("terms.approved")}</option>
          <option value="rejected">{t("terms.rejected")}</option>
          <option value="">{t("terms.all")}</option>
        </select>
        <select
          id="category-filter"
          value={categoryFilter.value}
          onChange={(event) => {
            categoryFilter.value = (event.target as HTMLSelectElement).value;
            void load();
          }}
        >
          <option value="">{t("terms.everyCategory")}</option>
          {CATEGORIES.map((category) => (
            <option key={category} value={category}>
              {categoryName(category)}
            </option>
          ))}
        </select>
        <label>
          {t("terms.seenAtLeast")}
          <input
            id="min-count"
            type="number"
            min={1}
            value={minCount.value}
            onInput={(event) => {
              minCount.value = Math.max(1, Number((event.target as HTMLInputElement).value) || 1);
            }}
          />
          {t("terms.times")}
        </label>
      </div>
      {selected.value.length > 0 && (
        <div class="toolbar" id="bulk-actions">
          <span>{t("terms.selected", { count: selected.value.length })}</span>
          <button type="button" id="approve-selected" onClick={() => void reviewSelected(true)}>
            {t("terms.approveSelected")}
          </button>
          <button type="button" id="reject-selected" onClick={() => void reviewSelected(false)}>
            {t("terms.rejectSelected")}
          </button>
        </div>
      )}
      {message.value !== null && <p class="hint" id="terminology-message">{message.value}</p>}
      <StaleNotice />
      <div class="concepts" id="concepts">
        {concepts.value
          .filter((concept) => seenOften(frequency(concept), minCount.value))
          .map((concept) => (
            <ConceptCard key={concept.id} concept={concept} />
          ))}
      </div>
    </section>
  );
}
