// An in-memory backend for Vitest. It answers through Tauri's own IPC mock, so `client.ts` runs
// unchanged, and it keeps the rules of the real commands it stands in for: imports listed oldest
// first, an undo removes what the import added once and then answers `NotFound`, every write
// emits `stats-changed`, an export refuses a date that is not a day with `InvalidDate`. Commands
// it does not know reject with an `Internal` error.
import { emit } from "@tauri-apps/api/event";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";

import type {
  ArticleSummary,
  Error as IpcError,
  FileReport,
  ImportBatch,
  ImportProgress,
  MemoryExportReport,
  Stats,
  UndoReport,
} from "./bindings";

export interface FakeBackend {
  /** Every import, oldest first, as `list_imports` answers. */
  imports: ImportBatch[];
  /** What `stats` answers; undo keeps `units` and `concepts` in step. */
  stats: Stats;
  articles: ArticleSummary[];
  /**
   * What the next `import_files` does: the progress events it sends, the promise it then waits
   * for (to look at the view mid-import), what it answers and the imports it adds to the list.
   */
  nextImport: { progress?: ImportProgress[]; hold?: Promise<void>; reports: FileReport[]; batches: ImportBatch[] };
  /** What the native open dialog answers (null: the user cancelled). */
  dialogAnswer: string[] | null;
  /** What the native save dialog answers (null: the user cancelled). */
  saveDialogAnswer: string | null;
  /** What `export_memory` answers when its dates are days; `export_termbase` answers `stats.concepts`. */
  nextMemoryExport: MemoryExportReport;
  /** Every command called, in order, with its arguments. */
  calls: { command: string; args: Record<string, unknown> }[];
}

export function fakeStats(units: number): Stats {
  return {
    databasePath: "/home/translator/.local/share/tessera/tessera.db",
    schemaVersion: 1,
    units,
    articles: 0,
    terms: 0,
    concepts: 0,
    termsByStatus: [],
    languages: [],
  };
}

/** An import as the backend lists it; fields not given are those of an active TMX import. */
export function fakeImport(fields: Partial<ImportBatch> & { id: number }): ImportBatch {
  return {
    file: `/data/memory-${fields.id}.tmx`,
    kind: "tmx",
    startedAt: "2026-11-23T09:30:00Z",
    duplicates: "skip",
    unitsAdded: 0,
    unitsSkipped: 0,
    unitsReplaced: 0,
    conceptsAdded: 0,
    undoneAt: null,
    headerProps: [],
    headerNotes: [],
    ...fields,
  };
}

function notFound(message: string): IpcError {
  return { code: "NotFound", message };
}

/** Installs the fake as the IPC transport (events included); undo with `removeFakeBackend`. */
export function installFakeBackend(initial: Partial<FakeBackend> = {}): FakeBackend {
  const backend: FakeBackend = {
    imports: [],
    stats: fakeStats(0),
    articles: [],
    nextImport: { reports: [], batches: [] },
    dialogAnswer: null,
    saveDialogAnswer: null,
    nextMemoryExport: { unitsRead: 0, unitsWritten: 0, unitsOutsideDates: 0, unitsWithoutLanguages: 0 },
    calls: [],
    ...initial,
  };
  const statsChanged = () => emit("stats-changed", { stats: backend.stats });
  mockIPC(
    async (command, payload) => {
      const args = (payload ?? {}) as Record<string, unknown>;
      backend.calls.push({ command, args });
      switch (command) {
        case "stats":
          return backend.stats;
        case "articles":
          return backend.articles;
        case "list_imports":
          return backend.imports;
        case "cancel_import":
          return null;
        case "plugin:dialog|open":
          return backend.dialogAnswer;
        case "plugin:dialog|save":
          return backend.saveDialogAnswer;
        case "export_memory": {
          const options = args.options as { since: string | null; until: string | null };
          for (const day of [options.since, options.until]) {
            if (day !== null && day.trim() !== "" && !/^\d{4}-\d{2}-\d{2}$/.test(day.trim())) {
              throw { code: "InvalidDate", message: `${JSON.stringify(day)} is not a day such as 2024-03-01` } satisfies IpcError;
            }
          }
          return backend.nextMemoryExport;
        }
        case "export_termbase":
          return backend.stats.concepts;
        case "import_files": {
          for (const progress of backend.nextImport.progress ?? []) await emit("import-progress", progress);
          await backend.nextImport.hold;
          backend.imports = [...backend.imports, ...backend.nextImport.batches];
          const added = backend.nextImport.reports.reduce((sum, report) => sum + report.unitsAdded, 0);
          backend.stats = { ...backend.stats, units: backend.stats.units + added };
          await statsChanged();
          return backend.nextImport.reports;
        }
        case "undo_import": {
          const batch = backend.imports.find((candidate) => candidate.id === args.id);
          if (batch === undefined || batch.undoneAt !== null) {
            throw notFound(`import ${String(args.id)} (or it was undone) not found`);
          }
          batch.undoneAt = "2026-11-23T10:00:00Z";
          const report: UndoReport = {
            unitsRemoved: batch.unitsAdded,
            conceptsRemoved: batch.conceptsAdded,
            unitsRestored: batch.unitsReplaced,
          };
          backend.stats = {
            ...backend.stats,
            units: backend.stats.units - report.unitsRemoved + report.unitsRestored,
            concepts: backend.stats.concepts - report.conceptsRemoved,
          };
          await statsChanged();
          return report;
        }
        default:
          throw { code: "Internal", message: `the fake backend has no command ${command}` } satisfies IpcError;
      }
    },
    { shouldMockEvents: true },
  );
  return backend;
}

/** Sends an event as the backend would (for progress events the fake does not produce itself). */
export function emitFakeEvent(event: string, payload: unknown): Promise<void> {
  return emit(event, payload);
}

export function removeFakeBackend(): void {
  clearMocks();
}
