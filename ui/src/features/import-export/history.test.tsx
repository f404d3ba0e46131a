import { render } from "preact";
import { describe, expect, it, vi } from "vitest";

import { startLiveStats } from "../../app/store";
import { onStatsChanged, type FileReport } from "../../ipc/client";
import {
  emitFakeEvent,
  fakeImport,
  fakeStats,
  installFakeBackend,
  type FakeBackend,
} from "../../ipc/fake";
import { setLocale } from "../../lib/i18n";
import { confirmationText, ImportHistory } from "./history";
import { ImportExportView } from "./index";
import { renderTargetPerTest } from "../../lib/render-target";

const container = renderTargetPerTest();

function rows(): HTMLTableRowElement[] {
  return [...container().querySelectorAll<HTMLTableRowElement>("#imports tbody tr[data-import]")];
}

function cellText(row: HTMLTableRowElement, selector: string): string {
  return row.querySelector(selector)?.textContent?.trim() ?? "";
}

function click(selector: string, within: ParentNode = container()): void {
  const element = within.querySelector<HTMLButtonElement>(selector);
  if (element === null) throw new Error(`nothing matches ${selector}`);
  element.click();
}

/** Renders the history and waits until it shows the backend's list (not one left from before). */
async function renderHistory(backend: FakeBackend): Promise<void> {
  render(<ImportHistory />, container());
  const expected = [...backend.imports].reverse().map((batch) => [String(batch.id), batch.undoneAt === null]);
  await vi.waitFor(() =>
    expect(rows().map((row) => [row.dataset.import, row.querySelector("button.undo-import") !== null])).toEqual(expected),
  );
}

function twoImports(): FakeBackend {
  return installFakeBackend({
    stats: fakeStats(1_334),
    imports: [
      fakeImport({ id: 1, file: "/data/old.tmx", unitsAdded: 100, undoneAt: "2026-11-22T08:00:00Z" }),
      fakeImport({ id: 2, file: "/data/news-2025.tmx", unitsAdded: 1_234, unitsSkipped: 7, conceptsAdded: 5 }),
    ],
  });
}

describe("ImportHistory", () => {
  it("lists imports newest first with their counts, and offers Undo only for active ones", async () => {
    await renderHistory(twoImports());
    const [newest, oldest] = rows() as [HTMLTableRowElement, HTMLTableRowElement];
    expect(newest.dataset.import).toBe("2");
    expect(cellText(newest, "td")).toBe("news-2025.tmx");
    expect(cellText(newest, ".units-added")).toBe("1,234");
    expect(cellText(newest, ".units-skipped")).toBe("7");
    expect(cellText(newest, ".concepts-added")).toBe("5");
    expect(cellText(newest, ".import-state")).toBe("Active");
    expect(newest.querySelector("button.undo-import")).not.toBeNull();
    expect(cellText(oldest, ".import-state")).toMatch(/^Undone 2026-11-2\d \d\d:\d\d$/);
    expect(oldest.querySelector("button.undo-import")).toBeNull();
  });

  it("asks with what will be removed; Keep leaves the import alone", async () => {
    const backend = twoImports();
    await renderHistory(backend);
    click('tr[data-import="2"] button.undo-import');
    await vi.waitFor(() =>
      expect(container().querySelector("#confirm-undo")?.textContent).toContain(
        "Remove the 1,234 units and 5 concepts this import added?",
      ),
    );
    click("#confirm-undo-no");
    await vi.waitFor(() => expect(container().querySelector("#confirm-undo")).toBeNull());
    expect(backend.calls.map((call) => call.command)).not.toContain("undo_import");
  });

  it("undoes on confirmation, reports what was removed and shows the import as undone", async () => {
    const backend = twoImports();
    const shownUnits: number[] = [];
    await onStatsChanged((stats) => shownUnits.push(stats.units));
    await renderHistory(backend);
    click('tr[data-import="2"] button.undo-import');
    await vi.waitFor(() => expect(container().querySelector("#confirm-undo-yes")).not.toBeNull());
    click("#confirm-undo-yes");
    await vi.waitFor(() =>
      expect(container().querySelector("#undo-outcome")?.textContent).toBe(
        "Undid the import of news-2025.tmx: 1,234 units and 5 concepts removed.",
      ),
    );
    await vi.waitFor(() => expect(cellText(rows()[0]!, ".import-state")).toMatch(/^Undone /));
    expect(rows()[0]!.querySelector("button.undo-import")).toBeNull();
    expect(backend.calls.filter((call) => call.command === "undo_import")).toEqual([
      { command: "undo_import", args: { id: 2 } },
    ]);
    expect(shownUnits).toEqual([100]);
  });

  it("says so when the import was undone meanwhile, by its error code", async () => {
    const backend = twoImports();
    await renderHistory(backend);
    click('tr[data-import="2"] button.undo-import');
    await vi.waitFor(() => expect(container().querySelector("#confirm-undo-yes")).not.toBeNull());
    // Another window (or the CLI) undid it after the list was shown.
    backend.imports[1]!.undoneAt = "2026-11-23T09:59:00Z";
    click("#confirm-undo-yes");
    await vi.waitFor(() =>
      expect(container().querySelector("#undo-failure")?.textContent).toBe("That import was already undone."),
    );
    expect(container().querySelector("#undo-outcome")).toBeNull();
    await vi.waitFor(() => expect(rows()[0]!.querySelector("button.undo-import")).toBeNull());
  });

  it("shows the Chinese interface", async () => {
    setLocale("zh-CN");
    await renderHistory(twoImports());
    expect(container().querySelector("h2")?.textContent).toBe("导入记录");
    click('tr[data-import="2"] button.undo-import');
    await vi.waitFor(() =>
      expect(container().querySelector("#confirm-undo")?.textContent).toContain("删除这次导入新增的 1,234 个单元和 5 个概念？"),
    );
    setLocale("en");
  });
});

describe("confirmationText", () => {
  it("names only what the import added, and what it will put back", () => {
    setLocale("en");
    expect(confirmationText(fakeImport({ id: 1, kind: "tbx", conceptsAdded: 12 }))).toBe(
      "Remove the 12 concepts this import added?",
    );
    expect(confirmationText(fakeImport({ id: 2, unitsAdded: 2, unitsReplaced: 1 }))).toBe(
      "Remove the 2 units this import added? The 1 older units it replaced are put back.",
    );
    expect(confirmationText(fakeImport({ id: 3 }))).toBe("This import added nothing. Mark it undone?");
  });
});

function text(selector: string): string {
  return container().querySelector(selector)?.textContent?.trim() ?? "";
}

const addedReport: FileReport = {
  path: "/data/added.tmx",
  kind: "tmx",
  unitsAdded: 230_000,
  unitsSkipped: 0,
  alreadyImported: false,
  dropped: [],
  lowConfidence: 0,
  problems: [],
  pairedWith: null,
};

describe("ImportExportView", () => {
  it("shows progress within the file, then the index build, then the import in the history", async () => {
    let release = () => {};
    const backend = installFakeBackend({ dialogAnswer: ["/data/added.tmx"] });
    backend.nextImport = {
      progress: [
        { done: 0, total: 1, current: "/data/added.tmx", unitsRead: 0, bytesRead: 0, fileBytes: null },
        { done: 0, total: 1, current: "/data/added.tmx", unitsRead: 230_000, bytesRead: 35, fileBytes: 100 },
      ],
      hold: new Promise<void>((resolve) => {
        release = resolve;
      }),
      reports: [addedReport],
      batches: [fakeImport({ id: 9, file: "/data/added.tmx", unitsAdded: 230_000 })],
    };
    await startLiveStats();
    render(<ImportExportView />, container());
    await vi.waitFor(() => expect(container().querySelector("#imports-empty")).not.toBeNull());
    container().querySelector<HTMLButtonElement>("#import-articles")?.click();
    await vi.waitFor(() => expect(text("#import-progress")).toContain("File 1 of 1 · 230,000 units · 35%"));
    expect(container().querySelector<HTMLProgressElement>("#import-progress progress")?.value).toBe(35);

    await emitFakeEvent("index-progress", { done: 100_000, total: 400_000 });
    await vi.waitFor(() => expect(text("#import-progress")).toBe("Indexing memory… 25%"));
    await emitFakeEvent("index-progress", { done: 400_000, total: 400_000 });
    release();

    await vi.waitFor(() => expect(container().querySelector("#import-progress")).toBeNull());
    await vi.waitFor(() => expect(container().querySelectorAll("#imports tbody tr[data-import]")).toHaveLength(1));
    expect(text("#imports .units-added")).toBe("230,000");
    expect(text("#import-report")).toContain("230,000 units added");
  });
});
