// The import history: every memory and glossary import, newest first, each with an Undo that
// asks before removing exactly what the import added.
import { signal, useSignal, type Signal } from "@preact/signals";
import { useEffect } from "preact/hooks";

import { commands, type ImportBatch, type IpcError, type UndoReport } from "../../ipc/client";
import { fileName, formatCount, formatWhen } from "../../lib/format";
import { t } from "../../lib/i18n";
import type { MessageKey } from "../../locales/en";

/** The list, shared with the view so that it can refresh it after an import. */
const imports = signal<ImportBatch[]>([]);
const listFailure = signal<string | null>(null);

/** Reloads the list from the backend, newest first. */
export async function refreshImports(): Promise<void> {
  try {
    imports.value = [...(await commands.listImports())].reverse();
    listFailure.value = null;
  } catch (error) {
    listFailure.value = (error as IpcError).message;
  }
}

/** What one visit of the history shows besides the list. */
interface UndoState {
  /** The import whose Undo was clicked and awaits confirmation. */
  confirming: Signal<number | null>;
  undoing: Signal<number | null>;
  outcome: Signal<string | null>;
  failure: Signal<string | null>;
}

const KIND_LABELS: Record<string, MessageKey> = {
  tmx: "imports.kindTmx",
  tbx: "imports.kindTbx",
  glossary: "imports.kindGlossary",
};

function kindLabel(kind: string): string {
  const key = KIND_LABELS[kind];
  return key === undefined ? kind : t(key);
}

/** "1,234 units and 5 concepts", naming only what there is; null for nothing. */
function unitsAndConcepts(units: number, concepts: number): string | null {
  const params = { units: formatCount(units), concepts: formatCount(concepts) };
  if (units > 0 && concepts > 0) return t("imports.unitsAndConcepts", params);
  if (units > 0) return t("imports.units", params);
  if (concepts > 0) return t("imports.concepts", params);
  return null;
}

/** "Remove the 1,234 units and 5 concepts this import added?", and what it puts back. */
export function confirmationText(batch: ImportBatch): string {
  const added = unitsAndConcepts(batch.unitsAdded, batch.conceptsAdded);
  const question = added === null ? t("imports.confirmNothing") : t("imports.confirm", { added });
  if (batch.unitsReplaced === 0) return question;
  return `${question} ${t("imports.confirmRestore", { replaced: formatCount(batch.unitsReplaced) })}`;
}

function undoneText(batch: ImportBatch, report: UndoReport): string {
  const file = fileName(batch.file);
  const removed = unitsAndConcepts(report.unitsRemoved, report.conceptsRemoved);
  const text = removed === null ? t("imports.undoneNothing", { file }) : t("imports.undone", { removed, file });
  if (report.unitsRestored === 0) return text;
  return `${text} ${t("imports.restored", { restored: formatCount(report.unitsRestored) })}`;
}

async function undo(batch: ImportBatch, state: UndoState): Promise<void> {
  state.confirming.value = null;
  state.undoing.value = batch.id;
  state.outcome.value = null;
  state.failure.value = null;
  try {
    state.outcome.value = undoneText(batch, await commands.undoImport(batch.id));
  } catch (raw) {
    const error = raw as IpcError;
    state.failure.value = error.code === "NotFound" ? t("imports.alreadyUndone") : error.message;
  } finally {
    state.undoing.value = null;
    await refreshImports();
  }
}

function ImportRow({ batch, state }: { batch: ImportBatch; state: UndoState }) {
  const { confirming, undoing, outcome } = state;
  const undone = batch.undoneAt !== null;
  return (
    <>
      <tr data-import={batch.id} class={undone ? "row-undone" : ""}>
        <td class="import-file" title={batch.file}>
          {fileName(batch.file)}
        </td>
        <td>{kindLabel(batch.kind)}</td>
        <td class="nowrap">{formatWhen(batch.startedAt)}</td>
        <td class="num units-added">{formatCount(batch.unitsAdded)}</td>
        <td class="num units-skipped">{formatCount(batch.unitsSkipped)}</td>
        <td class="num units-replaced">{formatCount(batch.unitsReplaced)}</td>
        <td class="num concepts-added">{formatCount(batch.conceptsAdded)}</td>
        <td class="import-state">
          {batch.undoneAt === null ? t("imports.active") : t("imports.undoneAt", { when: formatWhen(batch.undoneAt) })}
        </td>
        <td>
          {!undone && (
            <button
              type="button"
              class="undo-import"
              disabled={undoing.value !== null || confirming.value === batch.id}
              onClick={() => {
                confirming.value = batch.id;
                outcome.value = null;
              }}
            >
              {undoing.value === batch.id ? t("imports.undoing") : t("imports.undo")}
            </button>
          )}
        </td>
      </tr>
      {confirming.value === batch.id && (
        <tr class="confirm-row">
          <td colSpan={9} id="confirm-undo" role="alertdialog">
            <span class="confirm-question">{confirmationText(batch)}</span>
            <button type="button" class="danger" id="confirm-undo-yes" onClick={() => void undo(batch, state)}>
              {t("imports.remove")}
            </button>
            <button
              type="button"
              id="confirm-undo-no"
              onClick={() => {
                confirming.value = null;
              }}
            >
              {t("imports.keep")}
            </button>
          </td>
        </tr>
      )}
    </>
  );
}

export function ImportHistory() {
  // A question or a result belongs to this visit of the view, so it is the component's own.
  const state: UndoState = {
    confirming: useSignal<number | null>(null),
    undoing: useSignal<number | null>(null),
    outcome: useSignal<string | null>(null),
    failure: useSignal<string | null>(null),
  };
  const { outcome } = state;
  const failure = state.failure.value ?? listFailure.value;
  useEffect(() => {
    void refreshImports();
  }, []);
  return (
    <section id="import-history">
      <h2>{t("imports.title")}</h2>
      <p>{t("imports.intro")}</p>
      {outcome.value !== null && (
        <p class="status-ok" id="undo-outcome">
          {outcome.value}
        </p>
      )}
      {failure !== null && (
        <p class="status-error" id="undo-failure">
          {failure}
        </p>
      )}
      {imports.value.length === 0 ? (
        <p class="muted" id="imports-empty">
          {t("imports.empty")}
        </p>
      ) : (
        <table class="grid" id="imports">
          <thead>
            <tr>
              <th>{t("imports.file")}</th>
              <th>{t("imports.kind")}</th>
              <th>{t("imports.when")}</th>
              <th class="num">{t("imports.unitsAdded")}</th>
              <th class="num">{t("imports.unitsSkipped")}</th>
              <th class="num">{t("imports.unitsReplaced")}</th>
              <th class="num">{t("imports.conceptsAdded")}</th>
              <th>{t("imports.state")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {imports.value.map((batch) => (
              <ImportRow key={batch.id} batch={batch} state={state} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
