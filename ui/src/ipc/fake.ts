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
  PairProposal,
  ProposedTerm,
  SourceName,
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
  /** What `propose_pairs` answers. */
  nextProposal: PairProposal;
  /** What the native open dialog answers (null: the user cancelled); a list of answers is used
   * one per dialog, in order. */
  dialogAnswer: string[] | null;
  /** Answers for the next open dialogs, one each, before `dialogAnswer` (for two-step picks). */
  dialogAnswers: (string | null)[];
  /** What the native save dialog answers (null: the user cancelled). */
  saveDialogAnswer: string | null;
  /** What `export_memory` answers when its dates are days; `export_termbase` answers `stats.concepts`. */
  nextMemoryExport: MemoryExportReport;
  /** What `names_in_source` answers, by source (nothing known: no names). `propose_term` turns a
   * memory rendering into a candidate term's, as the real termbase then offers it. */
  names: Record<string, SourceName[]>;
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
    nextProposal: { pairs: [], singles: [] },
    dialogAnswer: null,
    dialogAnswers: [],
    saveDialogAnswer: null,
    nextMemoryExport: { unitsRead: 0, unitsWritten: 0, unitsOutsideDates: 0, unitsWithoutLanguages: 0 },
    names: {},
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
          return backend.dialogAnswers.length > 0 ? backend.dialogAnswers.shift() : backend.dialogAnswer;
        case "propose_pairs":
          return backend.nextProposal;
        case "pair_articles":
        case "unpair_article": {
          const ids = command === "pair_articles" ? [args.zhId, args.enId] : [args.articleId];
          const paired = backend.articles.find((article) => ids.includes(article.id) && article.partner !== null);
          if (command === "pair_articles" && paired !== undefined) {
            throw { code: "InvalidInput", message: `article ${paired.id} is already paired` } satisfies IpcError;
          }
          if (command === "unpair_article" && paired === undefined) {
            throw { code: "InvalidInput", message: `article ${String(args.articleId)} is not paired` } satisfies IpcError;
          }
          const [zhId, enId] = command === "pair_articles" ? [args.zhId, args.enId] : [paired?.id, paired?.partner];
          // Pairing makes no units here; unpairing removes the pair's units, as the real one does.
          backend.articles = backend.articles.map((article) => {
            if (article.id !== zhId && article.id !== enId) return article;
            if (command === "unpair_article") return { ...article, partner: null, units: 0, lowConfidence: 0 };
            return { ...article, partner: (article.id === zhId ? enId : zhId) as number };
          });
          await statsChanged();
          return 0;
        }
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
        case "names_in_source":
          return backend.names[args.source as string] ?? [];
        case "propose_term":
          return proposeTerm(backend, args.zh as string, args.en as string, statsChanged);
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

/** `propose_term` as the core does it: refused for an approved term, else a candidate concept. */
async function proposeTerm(backend: FakeBackend, zh: string, en: string, statsChanged: () => Promise<void>): Promise<ProposedTerm> {
  const spans = Object.values(backend.names).flatMap((names) => names.filter((name) => name.source === zh));
  if (spans.some((span) => span.renderings.some((rendering) => rendering.status === "approved"))) {
    throw { code: "InvalidInput", message: `cannot save the change: ${zh} is already an approved term` } satisfies IpcError;
  }
  const conceptId = backend.stats.concepts + 1;
  let count = 0;
  let evidence: number[] = [];
  for (const span of spans) {
    const rendering = span.renderings.find((candidate) => candidate.target === en);
    if (rendering === undefined) continue;
    count = rendering.count;
    evidence = rendering.examples.map((example) => example.unitId);
    Object.assign(rendering, { origin: "termbase", status: "unreviewed", conceptId });
    span.renderings.sort((a, b) => Number(a.origin === "memory") - Number(b.origin === "memory"));
  }
  backend.stats = { ...backend.stats, concepts: conceptId };
  await statsChanged();
  return { conceptId, newConcept: true, count, evidence };
}

/** Sends an event as the backend would (for progress events the fake does not produce itself). */
export function emitFakeEvent(event: string, payload: unknown): Promise<void> {
  return emit(event, payload);
}

export function removeFakeBackend(): void {
  clearMocks();
}
