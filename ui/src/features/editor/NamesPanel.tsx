// The names and titles of the current segment's source: highlighted in the source cell, listed in
// the side panel with their renderings (approved terms, candidate terms, memory fragments) and
// example units, and a memory fragment proposed as a term candidate in one action.
import { signal, useSignal } from "@preact/signals";

import { refreshStats } from "../../app/store";
import { commands, type SourceName } from "../../ipc/client";
import { t } from "../../lib/i18n";
import { CATEGORIES, categoryName } from "../../lib/vocabulary";
import type { MessageKey } from "../../locales/en";
import { groupRenderings, nameKind, percent, sourcePieces, type ListedRendering, type NameKind } from "./names";

/** The names of the source last asked for (null until the first answer). */
export const sourceNames = signal<{ source: string; names: SourceName[] } | null>(null);
const namesNote = signal<{ text: string; error: boolean } | null>(null);


const KIND_LABEL: Record<NameKind, MessageKey> = {
  approved: "names.approved",
  candidate: "names.candidate",
  memory: "names.memory",
};

const LEGEND_LABEL: Record<NameKind, MessageKey> = {
  approved: "names.legendApproved",
  candidate: "names.legendCandidate",
  memory: "names.legendMemory",
};

// Answers that arrive after a newer segment's are dropped, so the highlight matches the segment.
let namesSequence = 0;

/** Asks the backend for the names and titles of `source`. */
export async function loadNames(source: string): Promise<void> {
  const sequence = ++namesSequence;
  if (sourceNames.value?.source !== source) namesNote.value = null;
  try {
    const names = await commands.namesInSource(source);
    if (sequence === namesSequence) sourceNames.value = { source, names };
  } catch (error) {
    if (sequence !== namesSequence) return;
    sourceNames.value = { source, names: [] };
    namesNote.value = { text: (error as { message: string }).message, error: true };
  }
}

function namesOf(source: string): SourceName[] | null {
  const known = sourceNames.value;
  return known !== null && known.source === source ? known.names : null;
}

/** The source text with its names and titles highlighted by kind; plain until they are known. */
export function SourceWithNames(props: { source: string }) {
  const names = namesOf(props.source);
  if (names === null || names.length === 0) return <>{props.source}</>;
  return (
    <>
      {sourcePieces(props.source, names).map((piece, idx) => {
        if (piece.name === null) return <span key={idx}>{piece.text}</span>;
        const kind = nameKind(piece.name);
        const best = piece.name.renderings[0];
        return (
          <mark key={idx} class={`name name-${kind}`} data-start={piece.name.start} data-end={piece.name.end} title={`${t(LEGEND_LABEL[kind])}: ${best?.target ?? ""}`}>
            {piece.text}
          </mark>
        );
      })}
    </>
  );
}

async function propose(listed: ListedRendering, category: string): Promise<void> {
  try {
    await commands.proposeTerm(listed.name.source, listed.rendering.target, category);
    namesNote.value = { text: t("names.proposed", { zh: listed.name.source, en: listed.rendering.target }), error: false };
    await refreshStats();
    const known = sourceNames.value;
    if (known !== null) await loadNames(known.source);
  } catch (error) {
    namesNote.value = { text: (error as { message: string }).message, error: true };
  }
}

function ProposeAction(props: { listed: ListedRendering }) {
  const category = useSignal<string>("other");
  return (
    <div class="propose-row">
      <select class="propose-category" aria-label={t("names.category")} onChange={(event) => (category.value = (event.target as HTMLSelectElement).value)}>
        {CATEGORIES.map((name) => (
          <option key={name} value={name} selected={name === "other"}>
            {categoryName(name)}
          </option>
        ))}
      </select>
      <button type="button" class="propose-term" title={t("names.proposeTitle")} onClick={() => void propose(props.listed, category.value)}>
        {t("names.propose")}
      </button>
    </div>
  );
}

function RenderingItem(props: { listed: ListedRendering; kind: NameKind }) {
  const { listed, kind } = props;
  const { rendering } = listed;
  const showExamples = useSignal(false);
  return (
    <li class={`name-rendering name-rendering-${kind}`} data-source={listed.name.source}>
      <div class="name-head">
        <span class={`name-swatch name-${kind}`} lang="zh">
          {listed.name.source}
        </span>
        <span class="name-arrow">→</span>
        <strong class="name-target">{rendering.target}</strong>
      </div>
      <div class="name-meta">
        {kind !== "approved" && <span class="badge unreviewed">{t("names.unreviewed")}</span>}
        <span title={t("names.countTitle")}>×{rendering.count}</span>
        <span title={t("names.confidenceTitle")}>{percent(rendering.confidence)}</span>
      </div>
      <div class="name-foot">
        {rendering.examples.length > 0 && (
          <button type="button" class="examples-toggle" aria-expanded={showExamples.value} onClick={() => (showExamples.value = !showExamples.value)}>
            {showExamples.value ? "▾" : "▸"} {t("names.examples", { count: rendering.examples.length })}
          </button>
        )}
        {kind === "memory" && <ProposeAction listed={listed} />}
      </div>
      {showExamples.value && (
        <ul class="name-examples">
          {rendering.examples.map((example) => (
            <li key={example.unitId}>
              <div lang="zh" title={example.zh}>
                {example.zh}
              </div>
              <div title={example.en}>{example.en}</div>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

/** The side panel section: legend, then approved terms, candidate terms and memory fragments. */
export function NamesPanel(props: { source: string }) {
  const names = namesOf(props.source);
  const groups = groupRenderings(names ?? []);
  return (
    <section class="names-panel" id="names-panel">
      <h4>{t("names.title")}</h4>
      <div class="names-legend">
        {(["approved", "candidate", "memory"] as const).map((kind) => (
          <span key={kind} class="names-legend-item">
            <mark class={`name name-${kind}`}>{"　"}</mark> {t(LEGEND_LABEL[kind])}
          </span>
        ))}
      </div>
      {names !== null && names.length === 0 && <p class="hint">{t("names.none")}</p>}
      {namesNote.value !== null && <p class={namesNote.value.error ? "status-error" : "status-ok"}>{namesNote.value.text}</p>}
      {(["approved", "candidate", "memory"] as const).map(
        (kind) =>
          groups[kind].length > 0 && (
            <div key={kind} class="names-group">
              <h5>{t(KIND_LABEL[kind])}</h5>
              <ul class="names-list" id={`names-${kind}`}>
                {groups[kind].map((listed, idx) => (
                  <RenderingItem key={`${listed.name.start}-${idx}`} listed={listed} kind={kind} />
                ))}
              </ul>
            </div>
          ),
      )}
    </section>
  );
}
