// The Editor: translate a document segment by segment with memory matches, the source's terms
// and a live check of the target, at the speed of the keyboard.
//   Ctrl+Enter confirm and go to the next unconfirmed segment · Ctrl+↑/↓ move · Ctrl+1…9 insert
//   match N · Ctrl+Space complete the term being typed · Alt+Enter apply the first fix
import { effect, signal } from "@preact/signals";
import { useEffect, useLayoutEffect, useMemo, useRef } from "preact/hooks";

import { refreshStats, teamStatus, termbaseVersion } from "../../app/store";
import {
  commands,
  pickDocument,
  pickSavePath,
  type DocumentPretranslation,
  type DocumentSummary,
  type EditorSegment,
  type Finding,
  type Concordance,
  type SegmentAssist,
} from "../../ipc/client";
import { t } from "../../lib/i18n";
import { qaKindName } from "../../lib/vocabulary";
import { TARGET_LANGUAGES, languageName } from "../../lib/languages";
import type { MessageKey } from "../../locales/en";
import { adjustmentLabel, markSpans, replaceSpan, termSwaps, wordBefore } from "./logic";
import { Grid } from "./Grid";
import { estimateRowHeight, filterRows, nextUnconfirmedWithin, stepWithin } from "./grid";
import { FindReplace, findMark, openFind } from "./FindReplace";
import { GridBar, statusFilter } from "./GridBar";
import { NamesPanel, SourceWithNames, loadNames } from "./NamesPanel";
import { fromEditable, maskTags, toEditable } from "./tags";
import { OpenXliffButton, SaveXliffButton, TagButtons, TaggedText, insertIntoArea, loadXliff, tagFromKey, tagsOf } from "./xliff";

const documents = signal<DocumentSummary[]>([]);
const documentId = signal<number | null>(null);
const segments = signal<EditorSegment[]>([]);
const current = signal(0);
const draft = signal("");
const assist = signal<SegmentAssist | null>(null);
const findings = signal<Finding[]>([]);
const pasted = signal("");
/** The language new documents are translated into; "" lets the backend choose from the text. */
const targetLang = signal("");
const concordance = signal<{ query: string; found: Concordance } | null>(null);
const message = signal<string | null>(null);
/** What the last Ctrl+number inserted: the match's number and its label, until the next segment. */
const inserted = signal<string | null>(null);

/** Row height guesses, kept per segment object (a saved segment is a new object). */
const estimates = new WeakMap<EditorSegment, { columnPx: number; height: number }>();

function rowEstimate(segment: EditorSegment, columnPx: number): number {
  const known = estimates.get(segment);
  if (known !== undefined && known.columnPx === columnPx) return known.height;
  const height = estimateRowHeight(segment.source, segment.target, columnPx);
  estimates.set(segment, { columnPx, height });
  return height;
}

/** The segments the grid shows under the status filter (indices into `segments`). */
function shownRows(): number[] {
  return filterRows(segments.value, statusFilter.value, current.value);
}

async function loadDocuments(): Promise<void> {
  documents.value = await commands.documents();
}

/** The open document's summary (its languages), once the list has it. */
function openSummary(): DocumentSummary | undefined {
  return documents.value.find((document) => document.id === documentId.value);
}

/** The `lang` attribute of a language tag, for fonts and screen readers. */
function htmlLang(tag: string | undefined, fallback: string): string {
  return tag ?? fallback;
}

async function openDocument(id: number): Promise<void> {
  // Read first: the grid never shows another document's (or a stale copy of this one's) rows.
  const loaded = await commands.documentSegments(id);
  // An XLIFF document's inline tags, before its rows are drawn with them.
  await loadXliff(id);
  if (documentId.value !== id) {
    pretranslated.value = null;
    statusFilter.value = "all";
  }
  segments.value = loaded;
  documentId.value = id;
  const first = nextUnconfirmedWithin(
    filterRows(segments.value, statusFilter.value, -1),
    segments.value.map((segment) => segment.status),
    -1,
  );
  await focusSegment(first ?? 0);
}

async function focusSegment(idx: number): Promise<void> {
  const segment = segments.value[idx];
  if (segment === undefined) return;
  current.value = idx;
  draft.value = toEditable(segment.target, tagsOf(segment.id));
  inserted.value = null;
  findings.value = [];
  const previous = segments.value[idx - 1]?.source ?? null;
  assist.value = await commands.segmentAssist(segment.source, previous);
  // After the matches: the first call may build the memory's phrase table.
  void loadNames(segment.source);
  scheduleCheck();
}

// A term approved, rejected or edited elsewhere (the Terminology view, an import), or the team's
// changes applied here, change what the open segment's Terms panel, matches, names and live check
// say: read them again at once, keeping what the translator typed.
async function refreshAssist(): Promise<void> {
  const idx = current.value;
  const segment = segments.value[idx];
  if (segment === undefined || documentId.value === null) return;
  const previous = segments.value[idx - 1]?.source ?? null;
  const fresh = await commands.segmentAssist(segment.source, previous);
  if (current.value === idx) assist.value = fresh;
  scheduleCheck();
  // The names panel too: an approval moves a name from the candidates to the approved terms.
  void loadNames(segment.source);
}

let seenTermbaseVersion = termbaseVersion.peek();
effect(() => {
  const version = termbaseVersion.value;
  if (version === seenTermbaseVersion) return;
  seenTermbaseVersion = version;
  void refreshAssist();
});

// The live check runs on every keystroke; answers that arrive after a newer keystroke's are
// dropped, so the underline always matches the text.
let checkSequence = 0;

function scheduleCheck(): void {
  void runCheck();
}

async function runCheck(): Promise<void> {
  const segment = segments.value[current.value];
  const sequence = ++checkSequence;
  if (segment === undefined || draft.value.trim() === "") {
    findings.value = [];
    return;
  }
  const found = await commands.checkTarget(segment.source, maskTags(draft.value, tagsOf(segment.id)));
  if (sequence === checkSequence) findings.value = found;
}

/**
 * Saves the current segment. Moving past it saves a changed target as a draft without waiting
 * for the write (the row shows it at once; a failed write reloads the rows); confirming waits
 * for the memory to take it, then moves to the next unconfirmed row the filter shows.
 */
async function save(confirm: boolean): Promise<void> {
  const idx = current.value;
  const segment = segments.value[idx];
  const id = documentId.value;
  if (segment === undefined || id === null) return;
  // An XLIFF segment's tag tokens become its inline codes again.
  const text = fromEditable(draft.value, tagsOf(segment.id));
  // Moving past a segment saves it; an unchanged target keeps its status (and its match score).
  if (!confirm && text.trim() === segment.target) return;
  const saved: EditorSegment = {
    ...segment,
    target: text.trim(),
    status: confirm ? "confirmed" : "draft",
    matchScore: confirm ? segment.matchScore : null,
  };
  const apply = () => {
    segments.value = segments.value.map((other) => (other.id === segment.id ? saved : other));
  };
  if (!confirm) apply();
  try {
    await commands.saveSegment(id, segment.id, text, confirm);
    message.value = null;
  } catch (error) {
    message.value = (error as { message: string }).message;
    if (!confirm && documentId.value === id) segments.value = await commands.documentSegments(id);
    return;
  }
  if (!confirm) return;
  apply();
  const next = nextUnconfirmedWithin(
    shownRows(),
    segments.value.map((other) => other.status),
    idx,
  );
  if (next !== null && current.value === idx) await focusSegment(next);
  await Promise.all([refreshStats(), loadDocuments()]);
}

/** Whether a move focuses the new row's editor (not when Find moves: the focus stays there). */
let focusOnMove = true;

/** Find goes to an occurrence's segment, leaving the focus in the find panel. */
function goToFound(idx: number): void {
  if (idx === current.value) return;
  focusOnMove = false;
  moveTo(idx);
}

/** Reads the segments again after a replace (or a split or merge), the current one's draft with them. */
async function reloadSegments(): Promise<void> {
  const id = documentId.value;
  if (id === null) return;
  segments.value = await commands.documentSegments(id);
  const idx = Math.min(current.value, segments.value.length - 1);
  const segment = segments.value[idx];
  if (segment === undefined) return;
  current.value = idx;
  draft.value = toEditable(segment.target, tagsOf(segment.id));
  scheduleCheck();
}

/** Where the translator last clicked (or selected) in the current segment's source: where Ctrl+T
 * splits it, in characters. */
let sourceCaret: { segmentId: number; at: number } | null = null;

/** Records the caret's place in the source cell `cell` of segment `segmentId`. */
function noteSourceCaret(cell: HTMLElement, segmentId: number): void {
  const selection = window.getSelection();
  if (selection === null || selection.rangeCount === 0) return;
  const range = selection.getRangeAt(0);
  if (!cell.contains(range.startContainer)) return;
  const before = document.createRange();
  before.setStart(cell, 0);
  before.setEnd(range.startContainer, range.startOffset);
  sourceCaret = { segmentId, at: Array.from(before.toString()).length };
}

/** Ctrl+T: splits the current segment where its source was clicked; Ctrl+J: merges it with the
 * next one. What is typed is saved first; the grid is read again after. */
async function splitOrMerge(split: boolean): Promise<void> {
  const segment = segments.value[current.value];
  const id = documentId.value;
  if (segment === undefined || id === null) return;
  const caret = sourceCaret?.segmentId === segment.id ? sourceCaret.at : null;
  if (split && caret === null) {
    message.value = t("editor.splitHint");
    return;
  }
  await save(false);
  try {
    if (split && caret !== null) await commands.splitSegment(id, segment.id, caret);
    if (!split) await commands.mergeSegments(id, segment.id);
    message.value = null;
    sourceCaret = null;
  } catch (error) {
    message.value = (error as { message: string }).message;
    return;
  }
  await reloadSegments();
  await loadDocuments();
}

/** Leaves the current segment (saving it) for segment `idx`. */
function moveTo(idx: number | null): void {
  if (idx === null || idx === current.value) return;
  void save(false);
  void focusSegment(idx);
}

function insertMatch(n: number): void {
  const found = assist.value?.matches[n];
  if (found === undefined) return;
  draft.value = found.adjustedTarget ?? found.target;
  const label = adjustmentLabel(found);
  inserted.value =
    label === null ? t("editor.insertedPlain", { n: n + 1 }) : t("editor.inserted", { n: n + 1, label: t(`editor.${label}`) });
  scheduleCheck();
}

function applyFix(finding: Finding): void {
  if (finding.kind === "missing") {
    draft.value = `${draft.value.trimEnd()} ${finding.suggestion}`.trim();
  } else {
    draft.value = replaceSpan(draft.value, finding.start, finding.end, finding.suggestion);
  }
  scheduleCheck();
}

async function completeAtCaret(area: HTMLTextAreaElement): Promise<void> {
  const segment = segments.value[current.value];
  if (segment === undefined) return;
  const caret = area.selectionStart;
  const { word, start } = wordBefore(draft.value, caret);
  if (word.length === 0) return;
  const completions = await commands.completeTerm(segment.source, word);
  const best = completions[0];
  if (best === undefined) return;
  // Replace the typed part of the term: from where the term's typed words begin.
  const lowerBefore = draft.value.slice(0, caret).toLowerCase();
  const words = best.text.split(" ");
  let replaceFrom = start;
  for (let n = words.length; n > 0; n -= 1) {
    const head = words.slice(0, n).join(" ").toLowerCase();
    for (let cut = head.length; cut > 0; cut -= 1) {
      if (lowerBefore.endsWith(head.slice(0, cut)) && head.slice(0, cut).includes(word.toLowerCase())) {
        replaceFrom = Math.min(replaceFrom, caret - cut);
        break;
      }
    }
  }
  draft.value = draft.value.slice(0, replaceFrom) + best.text + draft.value.slice(caret);
  scheduleCheck();
}

/** Ctrl+K: search the memory for the selected text (in the target box or anywhere on the page). */
async function concordanceOnSelection(area: HTMLTextAreaElement | null): Promise<void> {
  const fromArea =
    area !== null && area.selectionEnd > area.selectionStart ? area.value.slice(area.selectionStart, area.selectionEnd) : "";
  const query = (fromArea || window.getSelection()?.toString() || "").trim();
  if (query === "") return;
  const searchTarget = !/[\u3400-\u9fff]/u.test(query);
  concordance.value = { query, found: await commands.concordance(query, searchTarget, false) };
}

function onKeyDown(event: KeyboardEvent): void {
  const area = event.currentTarget as HTMLTextAreaElement;
  const withTag = tagFromKey(event, segments.value[current.value]?.id, area, draft.value);
  if (withTag !== null) {
    draft.value = withTag;
    scheduleCheck();
    return;
  }
  if (event.ctrlKey && event.key === "Enter") {
    event.preventDefault();
    void save(true);
  } else if (event.ctrlKey && event.key === "ArrowDown") {
    event.preventDefault();
    moveTo(stepWithin(shownRows(), current.value, 1));
  } else if (event.ctrlKey && event.key === "ArrowUp") {
    event.preventDefault();
    moveTo(stepWithin(shownRows(), current.value, -1));
  } else if (event.ctrlKey && /^[1-9]$/.test(event.key)) {
    event.preventDefault();
    insertMatch(Number(event.key) - 1);
  } else if (event.ctrlKey && event.key === " ") {
    event.preventDefault();
    void completeAtCaret(area);
  } else if (event.ctrlKey && (event.key === "k" || event.key === "K")) {
    event.preventDefault();
    void concordanceOnSelection(area);
  } else if (event.altKey && event.key === "Enter") {
    event.preventDefault();
    const first = findings.value[0];
    if (first !== undefined) applyFix(first);
  }
}

async function openFromDialog(): Promise<void> {
  const path = await pickDocument();
  if (path === null) return;
  try {
    const id = await commands.openDocumentFile(path, targetLang.value === "" ? null : targetLang.value);
    await openNewDocument(id);
  } catch (error) {
    message.value = (error as { message: string }).message;
  }
}

async function openPasted(): Promise<void> {
  try {
    const name = t("editor.pastedName", { date: new Date().toISOString().slice(0, 16) });
    const id = await commands.openPastedText(name, pasted.value, targetLang.value === "" ? null : targetLang.value);
    pasted.value = "";
    await openNewDocument(id);
  } catch (error) {
    message.value = (error as { message: string }).message;
  }
}

/** The lowest score the Pre-translate button fills with. */
const pretranslateMin = signal(75);
/** The last pre-translation's report, shown (in the interface language of the moment) above the segments. */
const pretranslated = signal<DocumentPretranslation | null>(null);

/** What pre-translation filled, per band, for the line above the segments. */
function pretranslatedMessage(report: DocumentPretranslation): string {
  return t("editor.pretranslated", {
    filled: report.filled,
    context: report.context,
    exact: report.exact,
    fuzzy: report.fuzzy.reduce((sum, count) => sum + count, 0),
  });
}

/** Fills the document's untranslated segments with memory matches scoring `minScore` or more. */
async function pretranslate(id: number, minScore: number): Promise<void> {
  try {
    const report = await commands.pretranslateDocument(id, minScore);
    pretranslated.value = report;
    if (documentId.value !== id || report.filled === 0) return;
    // Show what was filled without touching what the translator is typing: the current
    // segment takes its pre-translation only while its box is still empty.
    const typing = draft.value;
    segments.value = await commands.documentSegments(id);
    const filled = segments.value[current.value];
    if (filled !== undefined && typing.trim() === "" && draft.value === typing && filled.target !== "") {
      draft.value = filled.target;
      scheduleCheck();
    }
  } catch (error) {
    message.value = (error as { message: string }).message;
  }
}

/** Opens a new document: its 100% matches are filled first, so nothing replaces what is typed. */
async function openNewDocument(id: number): Promise<void> {
  await loadDocuments();
  let report: DocumentPretranslation | null = null;
  try {
    report = await commands.pretranslateDocument(id, 100);
  } catch (error) {
    message.value = (error as { message: string }).message;
  }
  await openDocument(id);
  pretranslated.value = report;
}

async function exportAs(kind: "txt" | "docx" | "tmx"): Promise<void> {
  const id = documentId.value;
  if (id === null) return;
  const path = await pickSavePath(`translation.${kind}`);
  if (path === null) return;
  try {
    if (kind === "txt") await commands.exportDocumentText(id, path);
    if (kind === "docx") await commands.exportDocumentDocx(id, path);
    if (kind === "tmx") await commands.exportDocumentTmx(id, path);
    message.value = t("editor.saved", { path });
  } catch (error) {
    message.value = (error as { message: string }).message;
  }
}

const showHelp = signal(false);

const SHORTCUTS: readonly [string, MessageKey][] = [
  ["Ctrl+Enter", "keys.confirm"],
  ["Ctrl+↓ / Ctrl+↑", "keys.move"],
  ["Ctrl+1 … Ctrl+9", "keys.insert"],
  ["Ctrl+Space", "keys.complete"],
  ["Alt+Enter", "keys.fix"],
  ["Ctrl+K", "keys.concordance"],
  ["Ctrl+F / Ctrl+H", "keys.find"],
  ["Ctrl+T / Ctrl+J", "keys.splitMerge"],
  ["Alt+1 … Alt+6", "keys.views"],
  ["F9", "keys.nextTag"],
  ["Ctrl+Alt+1 … Ctrl+Alt+9", "keys.tagN"],
];

function HelpPanel() {
  return (
    <div class="help-panel" id="shortcuts">
      <h4>{t("editor.shortcuts")}</h4>
      <table>
        <tbody>
          {SHORTCUTS.map(([keys, action]) => (
            <tr key={keys}>
              <td>
                <kbd>{keys}</kbd>
              </td>
              <td>{t(action)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Assist() {
  const found = assist.value;
  if (found === null) return null;
  const currentSource = segments.value[current.value]?.source;
  return (
    <aside class="assist">
      {currentSource !== undefined && <NamesPanel source={currentSource} />}
      <h4>{t("editor.memory")}</h4>
      {found.matches.length === 0 && <p class="hint">{t("editor.noMatch")}</p>}
      <ol class="matches" id="matches">
        {found.matches.map((match, idx) => {
          const label = adjustmentLabel(match);
          const stale = match.termWarnings.length > 0;
          const explanation = [
            ...match.penalties,
            ...termSwaps(match).map((swap) => t("editor.swapped", { old: swap.old, new: swap.new })),
          ];
          return (
            <li key={idx} class={stale ? "match match-stale" : "match"} title={t("editor.insertHint")} onClick={() => insertMatch(idx)}>
              <div class="match-head">
                <span class="score">{match.contextMatch ? "101" : match.score}%</span>
                <kbd>Ctrl+{idx + 1}</kbd>
                {label !== null && <span class={`badge adjusted badge-${label}`}>{t(`editor.${label}`)}</span>}
                {stale && <span class="badge stale-term">{t("editor.staleTerm")}</span>}
                {match.article !== null && <span class="origin">{match.article.split(/[\\/]/).pop()}</span>}
              </div>
              <div class="match-source" lang={htmlLang(openSummary()?.sourceLang, "zh")} title={match.diff.length > 0 ? t("editor.diffHint") : undefined}>
                {match.diff.length > 0
                  ? match.diff.map((piece, pieceIdx) =>
                      piece.kind === "delete" ? (
                        <del key={pieceIdx} class="diff-delete">
                          {piece.text}
                        </del>
                      ) : piece.kind === "insert" ? (
                        <ins key={pieceIdx} class="diff-insert">
                          {piece.text}
                        </ins>
                      ) : (
                        <span key={pieceIdx}>{piece.text}</span>
                      ),
                    )
                  : match.source.map((piece, pieceIdx) => (piece.hit ? <mark key={pieceIdx}>{piece.text}</mark> : <span key={pieceIdx}>{piece.text}</span>))}
              </div>
              {stale && (
                <div class="match-stored">
                  {markSpans(match.target, match.termWarnings).map((piece, pieceIdx) =>
                    piece.marked ? (
                      <mark key={pieceIdx} class="stale-span">
                        {piece.text}
                      </mark>
                    ) : (
                      <span key={pieceIdx}>{piece.text}</span>
                    ),
                  )}
                </div>
              )}
              {stale && (
                <ul class="term-warnings">
                  {match.termWarnings.map((warning) => (
                    <li key={`${warning.start}-${warning.end}`} class={`term-warning term-warning-${warning.kind}`}>
                      {t(warning.kind === "forbidden" ? "editor.forbiddenTerm" : "editor.deprecatedTerm", {
                        found: warning.found,
                        approved: warning.suggestion,
                      })}
                    </li>
                  ))}
                </ul>
              )}
              <div class="match-target">{match.adjustedTarget ?? match.target}</div>
              {explanation.length > 0 && <div class="hint match-explanation">{explanation.join("; ")}</div>}
            </li>
          );
        })}
      </ol>
      <h4>{t("editor.concordance")}</h4>
      {concordance.value === null ? (
        <p class="hint">{t("editor.concordanceHint")}</p>
      ) : (
        <div id="editor-concordance">
          <p>
            <strong>{concordance.value.query}</strong>
          </p>
          <ul class="terms">
            {concordance.value.found.renderings.slice(0, 5).map((group) => (
              <li key={group.rendering}>
                {group.rendering} <span class="hint">×{group.count}</span>
              </li>
            ))}
          </ul>
          {concordance.value.found.hits.length === 0 && <p class="hint">{t("memory.notFound")}</p>}
        </div>
      )}
      <h4>{t("editor.terms")}</h4>
      {found.terms.length === 0 && <p class="hint">{t("editor.noTerm")}</p>}
      <ul class="terms" id="segment-terms">
        {found.terms.map((term, idx) => (
          <li key={idx}>
            <span lang="zh">{term.zh}</span> → <strong class="term-status-preferred">{term.preferred ?? "—"}</strong>
            {term.others.map((other) => (
              <span key={other.text} class={`term-status term-status-${other.status}`} lang={htmlLang(openSummary()?.targetLang, "en")}>
                {other.text}
              </span>
            ))}
          </li>
        ))}
      </ul>
    </aside>
  );
}

/** `text` with the characters `span` marked as the occurrence Find shows. */
function Marked(props: { text: string; span: { start: number; end: number } }) {
  return (
    <>
      {markSpans(props.text, [props.span]).map((piece, pieceIdx) =>
        piece.marked ? (
          <mark key={pieceIdx} class="find-hit">
            {piece.text}
          </mark>
        ) : (
          <span key={pieceIdx}>{piece.text}</span>
        ),
      )}
    </>
  );
}

function SegmentRow(props: { segment: EditorSegment; idx: number; position: number }) {
  const { segment, idx, position } = props;
  const area = useRef<HTMLTextAreaElement>(null);
  const isCurrent = idx === current.value;
  // Focus moves with the row before the next key event is handled (a layout effect, not an effect
  // that waits for a paint), so fast Ctrl+↓ presses are never typed into nowhere. The grid scrolls
  // the current row into view itself.
  useLayoutEffect(() => {
    if (!isCurrent) return;
    if (focusOnMove) area.current?.focus({ preventScroll: true });
    focusOnMove = true;
  }, [isCurrent]);
  const mark = isCurrent && findMark.value?.segmentId === segment.id ? findMark.value : null;
  // The target editor grows with its text: the row grows, never an inner scroll bar.
  const text = isCurrent ? draft.value : "";
  useLayoutEffect(() => {
    const element = area.current;
    if (element === null) return;
    element.style.height = "auto";
    element.style.height = `${element.scrollHeight + 2}px`;
  }, [isCurrent, text]);
  return (
    <div
      data-grid-position={position}
      class={`segment segment-${segment.status}${isCurrent ? " current" : ""}`}
      data-segment={segment.id}
      onClick={() => !isCurrent && moveTo(idx)}
    >
      <div class="segment-number">{idx + 1}</div>
      <div
        class="segment-source"
        lang={htmlLang(openSummary()?.sourceLang, "zh")}
        onMouseUp={(event) => isCurrent && noteSourceCaret(event.currentTarget as HTMLElement, segment.id)}
      >
        {mark !== null && !mark.inTarget ? (
          <Marked text={segment.source} span={mark} />
        ) : tagsOf(segment.id).length > 0 ? (
          <TaggedText segmentId={segment.id} text={segment.source} />
        ) : isCurrent ? (
          <SourceWithNames source={segment.source} />
        ) : (
          segment.source
        )}
      </div>
      <div class="segment-target">
        {isCurrent ? (
          <>
            <div class="target-field">
              {/* The live check's underlines, drawn under the transparent editor's own text. */}
              <div class="target-backdrop" aria-hidden="true">
                {markSpans(
                  draft.value,
                  findings.value.filter((finding) => finding.end > finding.start),
                ).map((piece, pieceIdx) => (piece.marked ? <mark key={pieceIdx} class="finding-span">{piece.text}</mark> : <span key={pieceIdx}>{piece.text}</span>))}
                {"\n"}
              </div>
              {mark !== null && mark.inTarget && (
                <div class="target-backdrop find-backdrop" aria-hidden="true">
                  <Marked text={draft.value} span={mark} />
                  {"\n"}
                </div>
              )}
              <textarea
                ref={area}
                class="target-editor"
                id="target-editor"
                rows={2}
                lang={htmlLang(openSummary()?.targetLang, "en")}
                value={draft.value}
                onInput={(event) => {
                  draft.value = (event.target as HTMLTextAreaElement).value;
                  findMark.value = null;
                  scheduleCheck();
                }}
                onKeyDown={onKeyDown}
              />
            </div>
            <TagButtons
              segmentId={segment.id}
              text={draft.value}
              onInsert={(label) => {
                draft.value = insertIntoArea(area.current, draft.value, label);
                scheduleCheck();
              }}
            />
            {inserted.value !== null && (
              <p class="hint" id="inserted-note">
                {inserted.value}
              </p>
            )}
            <div class="segment-actions">
              <button type="button" id="confirm-segment" onClick={() => void save(true)}>
                {t("editor.confirm")}
              </button>
              <button type="button" id="split-segment" title={t("editor.splitHint")} onClick={() => void splitOrMerge(true)}>
                {t("editor.split")}
              </button>
              <button type="button" id="merge-segment" onClick={() => void splitOrMerge(false)}>
                {t("editor.merge")}
              </button>
            </div>
            <ul class="findings" id="findings">
              {findings.value.map((finding, findingIdx) => (
                <li key={findingIdx} class={`finding finding-${finding.kind}`}>
                  <span class="finding-kind">{qaKindName(finding.kind)}</span>
                  {finding.found !== "" && <span class="finding-found">“{finding.found}”</span>} → <strong>{finding.suggestion}</strong>
                  <button type="button" class="apply-fix" onClick={() => applyFix(finding)}>
                    {findingIdx === 0 ? t("editor.fixFirst") : t("editor.fix")}
                  </button>
                </li>
              ))}
            </ul>
          </>
        ) : (
          <TaggedText segmentId={segment.id} text={segment.target} />
        )}
      </div>
      <div class="segment-status">
        {t(`status.segment.${segment.status}` as MessageKey)}
        {segment.matchScore !== null && segment.status !== "confirmed" && (
          <span class="badge match-score" title={t("editor.fromMemoryTitle")}>
            {segment.matchScore}%
          </span>
        )}
      </div>
    </div>
  );
}

export function EditorView() {
  useEffect(() => {
    void loadDocuments();
    // Ctrl+K also works on text selected outside the target box (the source column, a match).
    const onWindowKey = (event: KeyboardEvent) => {
      // Moving also works with the focus on the grid rather than in the editor.
      const onGrid = event.target === document.body || (event.target instanceof Element && event.target.closest("#segments") !== null);
      if (event.ctrlKey && onGrid && !(event.target instanceof HTMLTextAreaElement) && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
        event.preventDefault();
        moveTo(stepWithin(shownRows(), current.value, event.key === "ArrowDown" ? 1 : -1));
        return;
      }
      if (event.ctrlKey && !event.shiftKey && !event.altKey && /^[tTjJ]$/.test(event.key) && documentId.value !== null) {
        event.preventDefault();
        void splitOrMerge(event.key === "t" || event.key === "T");
        return;
      }
      if (event.ctrlKey && !event.shiftKey && (event.key === "f" || event.key === "F" || event.key === "h" || event.key === "H") && documentId.value !== null) {
        event.preventDefault();
        openFind(event.key === "h" || event.key === "H");
        return;
      }
      if (event.ctrlKey && (event.key === "k" || event.key === "K") && !(event.target instanceof HTMLTextAreaElement)) {
        event.preventDefault();
        void concordanceOnSelection(null);
      }
    };
    window.addEventListener("keydown", onWindowKey);
    return () => window.removeEventListener("keydown", onWindowKey);
  }, []);
  const teamRevision = teamStatus.value?.revision ?? 0;
  // Under "all" the current row does not change the list: moving does not recount the grid.
  const filter = statusFilter.value;
  // Under "all" the rows are every index: they change only with the document or its length, so
  // saving a draft does not make the grid count its rows again.
  const rows = useMemo(
    () => filterRows(segments.value, filter, current.value),
    [filter === "all" ? `${documentId.value}:${segments.value.length}` : segments.value, filter, filter === "all" ? -1 : current.value],
  );
  const done = useMemo(() => segments.value.filter((segment) => segment.status === "confirmed").length, [segments.value]);
  useEffect(() => {
    if (teamRevision > 0) void refreshAssist();
  }, [teamRevision]);
  if (documentId.value === null) {
    return (
      <section class="view editor-start">
        <h2>{t("editor.title")}</h2>
        <div class="toolbar">
          <button type="button" class="primary" id="open-document" onClick={() => void openFromDialog()}>
            {t("editor.open")}
          </button>
          <OpenXliffButton onOpened={openNewDocument} onError={(error) => (message.value = error)} />
          <label class="inline-field">
            {t("editor.translateInto")}{" "}
            <select
              id="target-language"
              value={targetLang.value}
              onChange={(event) => {
                targetLang.value = (event.target as HTMLSelectElement).value;
              }}
            >
              <option value="">{t("editor.automatic")}</option>
              {TARGET_LANGUAGES.map((tag) => (
                <option key={tag} value={tag}>
                  {languageName(tag)}
                </option>
              ))}
            </select>
          </label>
        </div>
        <textarea
          id="paste-text"
          class="paste"
          placeholder={t("editor.pastePlaceholder")}
          value={pasted.value}
          onInput={(event) => {
            pasted.value = (event.target as HTMLTextAreaElement).value;
          }}
        />
        <button type="button" class="primary" id="open-pasted" disabled={pasted.value.trim() === ""} onClick={() => void openPasted()}>
          {t("editor.openPasted")}
        </button>
        {message.value !== null && <p class="status-error">{message.value}</p>}
        {documents.value.length > 0 && (
          <>
            <h3>{t("editor.resume")}</h3>
            <ul class="documents" id="documents">
              {documents.value.map((document) => (
                <li key={document.id}>
                  <button type="button" class="link" onClick={() => void openDocument(document.id)}>
                    {document.name}
                  </button>{" "}
                  <span class="hint document-direction">
                    {t("editor.direction", { source: languageName(document.sourceLang), target: languageName(document.targetLang) })}
                  </span>{" "}
                  <span class="hint">
                    {t("editor.progressOf", { done: document.confirmed, total: document.segments })}
                  </span>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    );
  }
  const all = segments.value;
  return (
    <section class="editor" id="editor">
      <div class="editor-main">
        <div class="toolbar">
          <button type="button" onClick={() => (documentId.value = null)}>
            {t("editor.back")}
          </button>
          {openSummary() !== undefined && (
            <span class="hint" id="editor-direction">
              {t("editor.direction", {
                source: languageName(openSummary()?.sourceLang ?? ""),
                target: languageName(openSummary()?.targetLang ?? ""),
              })}
            </span>
          )}
          <span class="hint" id="editor-progress">
            {t("editor.progressOf", { done, total: segments.value.length })}
          </span>
          <label class="inline-field">
            <select
              id="pretranslate-min"
              value={String(pretranslateMin.value)}
              onChange={(event) => {
                pretranslateMin.value = Number((event.target as HTMLSelectElement).value);
              }}
            >
              {[100, 95, 85, 75].map((score) => (
                <option key={score} value={String(score)}>
                  ≥ {score}%
                </option>
              ))}
            </select>
            <button type="button" id="pretranslate" onClick={() => documentId.value !== null && void pretranslate(documentId.value, pretranslateMin.value)}>
              {t("editor.pretranslate")}
            </button>
          </label>
          <SaveXliffButton documentId={documentId.value} name={openSummary()?.name ?? "translation.xlf"} onDone={(done) => (message.value = done)} />
          <button type="button" id="export-text" onClick={() => void exportAs("txt")}>
            .txt
          </button>
          <button type="button" id="export-docx" onClick={() => void exportAs("docx")}>
            .docx
          </button>
          <button type="button" id="export-tmx" onClick={() => void exportAs("tmx")}>
            TMX
          </button>
          <button type="button" id="toggle-help" onClick={() => (showHelp.value = !showHelp.value)}>
            {t("editor.help")}
          </button>
        </div>
        <p class="hint keys-hint">{t("editor.keysHint")}</p>
        {showHelp.value && <HelpPanel />}
        {pretranslated.value !== null && (
          <p class="hint" id="pretranslated">
            {pretranslatedMessage(pretranslated.value)}
          </p>
        )}
        {message.value !== null && <p class="status-error">{message.value}</p>}
        <GridBar segments={all}>
          <button type="button" id="open-find" onClick={() => openFind(false)}>
            {t("find.open")}
          </button>
        </GridBar>
        <FindReplace
          documentId={documentId.value}
          current={current.value}
          goTo={goToFound}
          beforeChange={() => save(false)}
          afterChange={reloadSegments}
        />
        <Grid
          count={rows.length}
          keyOf={(position) => all[rows[position] as number]?.id ?? -1}
          estimate={(position, columnPx) => {
            const segment = all[rows[position] as number];
            return segment === undefined ? 0 : rowEstimate(segment, columnPx);
          }}
          currentPosition={rows.indexOf(current.value)}
          version={rows}
          renderRow={(position) => {
            const idx = rows[position] as number;
            const segment = all[idx] as EditorSegment;
            return <SegmentRow key={segment.id} segment={segment} idx={idx} position={position} />;
          }}
        />
      </div>
      <Assist />
    </section>
  );
}
