// Find and replace within the open document (Ctrl+F, Ctrl+H): a text or a regular expression, in
// the sources or the translations, with or without case; next/previous go to the occurrence's
// segment (and select it in the translation box); replace changes one occurrence or all of them
// in the stored translations, in one operation, and they become drafts as after an edit.
import { signal, type Signal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";

import { commands, type FindQuery, type FoundText } from "../../ipc/client";
import { t } from "../../lib/i18n";
import { stepHit } from "./grid";

export const findOpen = signal(false);
const replaceMode = signal(false);
const pattern = signal("");
const replacement = signal("");
const inTarget = signal(false);
const regex = signal(false);
const caseSensitive = signal(false);
const hits = signal<FoundText[]>([]);
/** The occurrence shown, an index into `hits`; -1 before the first move. */
const hitIdx = signal(-1);
const problem = signal<string | null>(null);
const note = signal<string | null>(null);
/** The occurrence shown, for the grid to mark in its segment (characters of the source or the
 * translation); null when none is, or once the translation is edited. */
export const findMark = signal<{ segmentId: number; inTarget: boolean; start: number; end: number } | null>(null);
/** Asks the pattern field to take the focus (it may not be rendered yet). */
const focusWanted = signal(0);

/** Opens the panel (with the replace row for Ctrl+H) and focuses the pattern. */
export function openFind(withReplace: boolean): void {
  findOpen.value = true;
  replaceMode.value = withReplace || replaceMode.value;
  if (withReplace) inTarget.value = true;
  focusWanted.value += 1;
}

function closeFind(): void {
  findOpen.value = false;
  findMark.value = null;
}

function query(): FindQuery {
  return { pattern: pattern.value, inTarget: inTarget.value, regex: regex.value, caseSensitive: caseSensitive.value };
}

export interface FindReplaceProps {
  documentId: number;
  /** The current segment's position. */
  current: number;
  /** Goes to the segment at `position`, leaving the focus here. */
  goTo: (position: number) => void;
  /** Writes what is typed in the current segment before the stored translations change. */
  beforeChange: () => Promise<void>;
  /** Reads the document's segments again after they changed. */
  afterChange: () => Promise<void>;
}

// Answers that arrive after a newer search's are dropped.
let searchSequence = 0;

async function search(documentId: number): Promise<void> {
  const sequence = ++searchSequence;
  note.value = null;
  findMark.value = null;
  if (pattern.value === "") {
    hits.value = [];
    hitIdx.value = -1;
    problem.value = null;
    return;
  }
  try {
    const found = await commands.findInDocument(documentId, query());
    if (sequence !== searchSequence) return;
    hits.value = found;
    hitIdx.value = -1;
    problem.value = null;
  } catch (error) {
    if (sequence !== searchSequence) return;
    hits.value = [];
    hitIdx.value = -1;
    problem.value = (error as { message: string }).message;
  }
}

/** A search option: a checkbox over a boolean signal. */
function Toggle(props: { id: string; label: string; value: Signal<boolean>; onChange: () => void }) {
  return (
    <label class="find-option">
      <input
        type="checkbox"
        id={props.id}
        checked={props.value.value}
        onChange={(event) => {
          props.value.value = (event.target as HTMLInputElement).checked;
          props.onChange();
        }}
      />
      {props.label}
    </label>
  );
}

export function FindReplace(props: FindReplaceProps) {
  const { documentId, current, goTo, beforeChange, afterChange } = props;
  const field = useRef<HTMLInputElement>(null);
  const wanted = focusWanted.value;
  useEffect(() => {
    if (findOpen.value) {
      field.current?.focus();
      field.current?.select();
    }
  }, [wanted]);
  // A new document (or the panel reopened) searches again.
  useEffect(() => {
    if (findOpen.value) void search(documentId);
  }, [documentId]);
  if (!findOpen.value) return null;

  const move = (step: 1 | -1) => {
    const next = stepHit(hits.value, hitIdx.value, current, step);
    if (next === null) return;
    hitIdx.value = next;
    const hit = hits.value[next] as FoundText;
    goTo(hit.position);
    findMark.value = { segmentId: hit.segmentId, inTarget: inTarget.value, start: hit.start, end: hit.end };
  };

  const replace = async (all: boolean) => {
    const hit = hits.value[hitIdx.value];
    if (!all && hit === undefined) {
      move(1);
      return;
    }
    await beforeChange();
    try {
      const one = all || hit === undefined ? null : { segmentId: hit.segmentId, start: hit.start };
      const report = await commands.replaceInDocument(documentId, query(), replacement.value, one);
      await afterChange();
      const at = hitIdx.value;
      await search(documentId);
      note.value = t("find.replaced", { replacements: report.replacements, segments: report.segments });
      // Replace one moves on to the occurrence that took the replaced one's place.
      if (!all && hits.value.length > 0) {
        hitIdx.value = Math.min(at, hits.value.length) - 1;
        move(1);
      }
    } catch (error) {
      problem.value = (error as { message: string }).message;
    }
  };

  const refresh = () => void search(documentId);
  const total = hits.value.length;
  const countText =
    pattern.value === "" || problem.value !== null
      ? ""
      : total === 0
        ? t("find.none")
        : hitIdx.value < 0
          ? t("find.total", { total })
          : t("find.count", { at: hitIdx.value + 1, total });
  return (
    <div
      class="find-panel"
      id="find-panel"
      onKeyDown={(event) => {
        if (event.key === "Escape") {
          event.preventDefault();
          closeFind();
        }
      }}
    >
      <div class="find-row">
        <input
          ref={field}
          id="find-pattern"
          type="search"
          placeholder={t("find.find")}
          aria-label={t("find.find")}
          value={pattern.value}
          onInput={(event) => {
            pattern.value = (event.target as HTMLInputElement).value;
            refresh();
          }}
          onKeyDown={(event) => {
            if (event.key === "Enter") {
              event.preventDefault();
              move(event.shiftKey ? -1 : 1);
            }
          }}
        />
        <select
          id="find-field"
          aria-label={t("find.where")}
          value={inTarget.value ? "target" : "source"}
          onChange={(event) => {
            inTarget.value = (event.target as HTMLSelectElement).value === "target";
            refresh();
          }}
        >
          <option value="source">{t("find.inSource")}</option>
          <option value="target">{t("find.inTarget")}</option>
        </select>
        <Toggle id="find-regex" label={t("find.regex")} value={regex} onChange={refresh} />
        <Toggle id="find-case" label={t("find.caseSensitive")} value={caseSensitive} onChange={refresh} />
        <button type="button" id="find-previous" disabled={hits.value.length === 0} onClick={() => move(-1)}>
          {t("find.previous")}
        </button>
        <button type="button" id="find-next" disabled={hits.value.length === 0} onClick={() => move(1)}>
          {t("find.next")}
        </button>
        <span class="hint" id="find-count">
          {countText}
        </span>
        <button type="button" class="find-close" aria-label={t("find.close")} onClick={closeFind}>
          ×
        </button>
      </div>
      {replaceMode.value && (
        <div class="find-row">
          <input
            id="replace-with"
            type="text"
            placeholder={t("find.replaceWith")}
            aria-label={t("find.replaceWith")}
            value={replacement.value}
            onInput={(event) => {
              replacement.value = (event.target as HTMLInputElement).value;
            }}
          />
          <button type="button" id="replace-one" disabled={!inTarget.value || hits.value.length === 0} onClick={() => void replace(false)}>
            {t("find.replace")}
          </button>
          <button type="button" id="replace-all" disabled={!inTarget.value || hits.value.length === 0} onClick={() => void replace(true)}>
            {t("find.replaceAll")}
          </button>
          {!inTarget.value && <span class="hint">{t("find.targetsOnly")}</span>}
        </div>
      )}
      {problem.value !== null && (
        <pre class="status-error find-problem" id="find-problem">
          {problem.value}
        </pre>
      )}
      {note.value !== null && (
        <p class="hint" id="find-note">
          {note.value}
        </p>
      )}
    </div>
  );
}
