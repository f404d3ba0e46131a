// Browsing the memory page by page: edit either side of a unit, delete it, read its history
// and where it came from.
import { signal } from "@preact/signals";

import { refreshStats } from "../../app/store";
import { commands, type AuditEntry, type UnitRow, type UnitSide } from "../../ipc/client";
import { t } from "../../lib/i18n";

const PAGE = 50;
const rows = signal<UnitRow[]>([]);
// Keyset paging: the id after which each visited page starts.
const pageStarts = signal<number[]>([0]);
const editing = signal<{ unitId: number; side: UnitSide; text: string } | null>(null);
const history = signal<{ unitId: number; entries: AuditEntry[] } | null>(null);
const failure = signal<string | null>(null);

async function load(afterId: number): Promise<void> {
  try {
    rows.value = await commands.units(afterId, PAGE);
    failure.value = null;
  } catch (error) {
    failure.value = (error as { message: string }).message;
  }
}

export async function openBrowser(): Promise<void> {
  pageStarts.value = [0];
  await load(0);
}

async function nextPage(): Promise<void> {
  const last = rows.value[rows.value.length - 1];
  if (last === undefined) return;
  pageStarts.value = [...pageStarts.value, last.id];
  await load(last.id);
}

async function previousPage(): Promise<void> {
  if (pageStarts.value.length < 2) return;
  pageStarts.value = pageStarts.value.slice(0, -1);
  await load(pageStarts.value[pageStarts.value.length - 1] ?? 0);
}

async function reloadPage(): Promise<void> {
  await load(pageStarts.value[pageStarts.value.length - 1] ?? 0);
}

async function saveEdit(): Promise<void> {
  const edit = editing.value;
  if (edit === null) return;
  try {
    await commands.editUnit(edit.unitId, edit.side, edit.text);
    editing.value = null;
    await reloadPage();
  } catch (error) {
    failure.value = (error as { message: string }).message;
  }
}

async function remove(unitId: number): Promise<void> {
  try {
    await commands.deleteUnit(unitId);
    await reloadPage();
    await refreshStats();
  } catch (error) {
    failure.value = (error as { message: string }).message;
  }
}

async function showHistory(unitId: number): Promise<void> {
  try {
    history.value = { unitId, entries: await commands.unitHistory(unitId) };
  } catch (error) {
    failure.value = (error as { message: string }).message;
  }
}

function Cell(props: { row: UnitRow; side: UnitSide }) {
  const edit = editing.value;
  const text = props.side === "Source" ? props.row.source : props.row.target;
  if (edit !== null && edit.unitId === props.row.id && edit.side === props.side) {
    return (
      <td class="editing">
        <textarea
          class="unit-editor"
          value={edit.text}
          onInput={(event) => {
            editing.value = { ...edit, text: (event.target as HTMLTextAreaElement).value };
          }}
          onKeyDown={(event) => {
            if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) void saveEdit();
            if (event.key === "Escape") editing.value = null;
          }}
        />
        <button type="button" class="save-unit" onClick={() => void saveEdit()}>
          {t("browse.save")}
        </button>
      </td>
    );
  }
  return (
    <td
      lang={props.side === "Source" ? "zh" : "en"}
      title={t("browse.editTitle")}
      onDblClick={() => {
        editing.value = { unitId: props.row.id, side: props.side, text };
      }}
    >
      {text}
    </td>
  );
}

export function UnitBrowser() {
  return (
    <section class="unit-browser" id="unit-browser">
      <div class="toolbar">
        <button type="button" id="units-previous" disabled={pageStarts.value.length < 2} onClick={() => void previousPage()}>
          {t("browse.previous")}
        </button>
        <button type="button" id="units-next" disabled={rows.value.length < PAGE} onClick={() => void nextPage()}>
          {t("browse.next")}
        </button>
        <span class="hint">{t("browse.hint")}</span>
      </div>
      {failure.value !== null && <p class="status-error">{failure.value}</p>}
      <table class="grid unit-grid" id="units">
        <thead>
          <tr>
            <th>{t("common.chinese")}</th>
            <th>{t("common.english")}</th>
            <th>{t("browse.from")}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.value.map((row) => (
            <tr key={row.id} data-unit={row.id}>
              <Cell row={row} side="Source" />
              <Cell row={row} side="Target" />
              <td class="origin" title={row.createdAt}>
                {row.article ?? "—"}
                {row.changedAt !== null && <div class="edited">{t("browse.edited", { date: row.changedAt.slice(0, 10) })}</div>}
              </td>
              <td class="edit-buttons">
                <button type="button" class="history" onClick={() => void showHistory(row.id)}>
                  {t("browse.history")}
                </button>
                <button type="button" class="delete-unit" onClick={() => void remove(row.id)}>
                  {t("browse.delete")}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {history.value !== null && (
        <div class="history-panel" id="unit-history">
          <h4>{t("browse.historyOf", { id: history.value.unitId })}</h4>
          {history.value.entries.length === 0 ? (
            <p class="hint">{t("browse.unchanged")}</p>
          ) : (
            <ul>
              {history.value.entries.map((entry, idx) => (
                <li key={idx}>
                  <strong>{entry.action}</strong> {entry.at.slice(0, 19).replace("T", " ")} {entry.detail}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
