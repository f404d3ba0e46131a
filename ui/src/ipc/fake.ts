// An in-memory backend for Vitest. It answers through Tauri's own IPC mock, so `client.ts` runs
// unchanged, and it keeps the rules of the real commands it stands in for: imports listed oldest
// first, an undo removes what the import added once and then answers `NotFound`, every write
// emits `stats-changed`, an export refuses a date that is not a day with `InvalidDate`. Commands
// it does not know reject with an `Internal` error.
import { emit } from "@tauri-apps/api/event";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";

import type {
  ArticleSummary,
  Concept,
  DocumentSummary,
  EditorSegment,
  Finding,
  SegmentAssist,
  Error as IpcError,
  FileReport,
  ImportBatch,
  ImportProgress,
  MemoryExportReport,
  PairProposal,
  QaFinding,
  QaProgress,
  QaReport,
  ProposedTerm,
  SourceName,
  Stats,
  TeamOverview,
  TeamStatus,
  UndoReport,
} from "./bindings";
import type { SegmentTags } from "./bindings";

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
  /** What `run_qa` does: the `qa-progress` events it sends, the promise it then waits for (to
   * look at the view mid-pass) and what it answers (`complete` false after `cancel_qa`). */
  nextQa: { progress?: QaProgress[]; hold?: Promise<void>; report: QaReport };
  /** The termbase `terms` lists (filtered by status); `review_concept` moves a concept. */
  concepts: Concept[];
  /** What `concept_findings` answers per concept id (none when absent). */
  conceptFindings: Record<number, QaFinding[]>;
  /** The editor's documents, and the segments `document_segments` answers for any of them. */
  documents: DocumentSummary[];
  segments: EditorSegment[];
  /** What `segment_assist` answers (read at each call, so a test can change it). */
  assist: SegmentAssist;
  /** What `check_target` answers for a target (none when absent). */
  checks: Record<string, Finding[]>;
  /** What `team_status` answers (a database that works alone unless given). */
  team: TeamStatus;
  /** What `team_overview` answers; its `status` is `team`. */
  teamLists: Omit<TeamOverview, "status">;
  /** What `names_in_source` answers, by source (nothing known: no names). `propose_term` turns a
   * memory rendering into a candidate term's, as the real termbase then offers it. */
  names: Record<string, SourceName[]>;
  /** The inline tags of an XLIFF document's segments (`document_tags`); a document is XLIFF
   * (`document_is_xliff`) when its id is a key. */
  xliffTags: Record<number, SegmentTags[]>;
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
    conceptsApproved: 0,
    conceptsCandidate: 0,
    termsByStatus: [],
    languages: [],
  };
}

/** A team state; fields not given are those of a database that works alone. */
export function fakeTeamStatus(fields: Partial<TeamStatus>): TeamStatus {
  return {
    connection: "notJoined",
    server: null,
    user: null,
    role: null,
    cursor: 0,
    pending: 0,
    syncedAt: null,
    problem: null,
    revision: 0,
    ...fields,
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
    nextQa: { report: { findings: [], unitsChecked: 0, complete: true } },
    concepts: [],
    conceptFindings: {},
    documents: [],
    segments: [],
    assist: { matches: [], terms: [] },
    checks: {},
    team: fakeTeamStatus({}),
    teamLists: { members: [], presenceWindowSecs: 120, proposals: [], problem: null },
    names: {},
    xliffTags: {},
    calls: [],
    ...initial,
  };
  // Fixes kept for `undo_fix`, as the real `qa_fix` table: id → units changed; undone ones leave.
  const fixes = new Map<number, number>();
  let qaCancelled = false;
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
        case "team_status":
          return backend.team;
        case "team_overview":
          return { status: backend.team, ...backend.teamLists } satisfies TeamOverview;
        case "review_team_proposal": {
          if (backend.team.role !== "reviewer" && backend.team.role !== "admin") {
            throw { code: "Forbidden", message: `${backend.team.user ?? "?"} is a ${backend.team.role ?? "?"}` } satisfies IpcError;
          }
          backend.teamLists = {
            ...backend.teamLists,
            proposals: backend.teamLists.proposals.filter((proposal) => proposal.teamId !== args.teamId),
          };
          return null;
        }
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
        case "run_qa": {
          qaCancelled = false;
          for (const progress of backend.nextQa.progress ?? []) await emit("qa-progress", progress);
          await backend.nextQa.hold;
          return { ...backend.nextQa.report, complete: backend.nextQa.report.complete && !qaCancelled };
        }
        case "cancel_qa":
          qaCancelled = true;
          return null;
        case "fix_findings": {
          // As the core: only wrong renderings with an approved form are fixable.
          const findings = args.findings as QaFinding[];
          const fixable = findings.filter((finding) => ["deprecated", "forbidden", "near-miss"].includes(finding.kind) && finding.suggestion !== "");
          const units = new Set(fixable.map((finding) => finding.unitId)).size;
          const fixId = units === 0 ? null : fixes.size + 1;
          if (fixId !== null) fixes.set(fixId, units);
          await statsChanged();
          return { fixId, findingsFixed: fixable.length, unitsChanged: units, findingsPassedOver: findings.length - fixable.length };
        }
        case "undo_fix": {
          const units = fixes.get(args.fixId as number);
          if (units === undefined) throw notFound(`QA fix ${String(args.fixId)} (or it was undone) not found`);
          fixes.delete(args.fixId as number);
          await statsChanged();
          return units;
        }
        case "export_qa_report":
          return null;
        case "documents":
          return backend.documents;
        case "document_segments":
          return backend.segments;
        case "segment_assist":
          return backend.assist;
        case "check_target":
          return backend.checks[args.target as string] ?? [];
        case "concept_findings":
          return backend.conceptFindings[args.conceptId as number] ?? [];
        case "terms":
          return backend.concepts.filter((concept) => args.status === null || concept.status === args.status);
        case "review_concept": {
          const concept = backend.concepts.find((candidate) => candidate.id === args.conceptId);
          if (concept === undefined) throw notFound(`concept ${String(args.conceptId)}`);
          // Approving makes the chosen rendering preferred and deprecates the other English ones.
          concept.status = args.approve === true ? "approved" : "rejected";
          if (args.approve === true && typeof args.preferred === "string") {
            concept.terms = concept.terms.map((term) =>
              term.lang.startsWith("zh") ? term : { ...term, status: term.text === args.preferred ? "preferred" : "deprecated" },
            );
          }
          await statsChanged();
          await emit("termbase-changed", null);
          return null;
        }
        case "document_is_xliff":
          return backend.xliffTags[args.documentId as number] !== undefined;
        case "document_tags":
          return backend.xliffTags[args.documentId as number] ?? [];
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
