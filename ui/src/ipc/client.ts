// The one module that talks to Tauri: typed wrappers over the commands, events and dialogs.
import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import { open, save } from "@tauri-apps/plugin-dialog";

import type {
  AlignmentEditOutcome,
  ArticleAlignment,
  ArticleSummary,
  AuditEntry,
  BeadEdit,
  Concept,
  Completion,
  Concordance,
  DocumentPretranslation,
  DocumentSummary,
  EditorMatch,
  EditorSegment,
  Error as IpcError,
  ExtractReport,
  FilePair,
  FileReport,
  Finding,
  FixReport,
  ImportBatch,
  ImportProgress,
  IndexProgress,
  LanguageRename,
  MemoryExportOptions,
  NameRendering,
  ProposedTerm,
  SourceName,
  MemoryExportReport,
  PairProposal,
  ProposedPair,
  QaFinding,
  QaProgress,
  QaReport,
  QaReportFormat,
  SegmentAssist,
  Stats,
  StatsChanged,
  TeamOverview,
  TeamProposal,
  TeamStatus,
  TermbaseFormat,
  TermExample,
  UndoReport,
  UnitRow,
  UnitSide,
} from "./bindings";
import type { SegmentTag, SegmentTags, TagKind } from "./bindings";
import type { FindQuery, FoundText, ReplaceOne, ReplaceReport } from "./bindings";
import { toIpcError } from "./errors";

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    throw toIpcError(error);
  }
}

export const commands = {
  stats: (): Promise<Stats> => call<Stats>("stats"),
  importFiles: (paths: string[]): Promise<FileReport[]> => call<FileReport[]>("import_files", { paths }),
  importFilesPaired: (paths: string[], pairs: FilePair[]): Promise<FileReport[]> =>
    call<FileReport[]>("import_files", { paths, pairs }),
  /** Imports with every glossary concept approved (the file's term statuses kept). */
  importFilesApproved: (paths: string[], pairs: FilePair[]): Promise<FileReport[]> =>
    call<FileReport[]>("import_files", { paths, pairs, approve: true }),
  proposePairs: (paths: string[]): Promise<PairProposal> => call<PairProposal>("propose_pairs", { paths }),
  pairArticles: (zhId: number, enId: number): Promise<number> => call<number>("pair_articles", { zhId, enId }),
  unpairArticle: (articleId: number): Promise<number> => call<number>("unpair_article", { articleId }),
  cancelImport: (): Promise<void> => call<void>("cancel_import"),
  listImports: (): Promise<ImportBatch[]> => call<ImportBatch[]>("list_imports"),
  undoImport: (id: number): Promise<UndoReport> => call<UndoReport>("undo_import", { id }),
  exportMemory: (path: string, options: MemoryExportOptions): Promise<MemoryExportReport> =>
    call<MemoryExportReport>("export_memory", { path, options }),
  exportTermbase: (path: string, format: TermbaseFormat): Promise<number> => call<number>("export_termbase", { path, format }),
  /** `targetLang`: `en`, `zh-Hans` or `zh-Hant`; null lets the backend choose from the text. */
  openDocumentFile: (path: string, targetLang: string | null): Promise<number> =>
    call<number>("open_document_file", { path, targetLang }),
  openPastedText: (name: string, text: string, targetLang: string | null): Promise<number> =>
    call<number>("open_pasted_text", { name, text, targetLang }),
  documents: (): Promise<DocumentSummary[]> => call<DocumentSummary[]>("documents"),
  documentSegments: (documentId: number): Promise<EditorSegment[]> =>
    call<EditorSegment[]>("document_segments", { documentId }),
  pretranslateDocument: (documentId: number, minScore: number): Promise<DocumentPretranslation> =>
    call<DocumentPretranslation>("pretranslate_document", { documentId, minScore }),
  saveSegment: (documentId: number, segmentId: number, target: string, confirm: boolean): Promise<void> =>
    call<void>("save_segment", { documentId, segmentId, target, confirm }),
  segmentAssist: (source: string, previousSource: string | null): Promise<SegmentAssist> =>
    call<SegmentAssist>("segment_assist", { source, previousSource }),
  checkTarget: (source: string, target: string): Promise<Finding[]> => call<Finding[]>("check_target", { source, target }),
  completeTerm: (source: string, prefix: string): Promise<Completion[]> => call<Completion[]>("complete_term", { source, prefix }),
  namesInSource: (source: string): Promise<SourceName[]> => call<SourceName[]>("names_in_source", { source }),
  proposeTerm: (zh: string, en: string, category: string): Promise<ProposedTerm> =>
    call<ProposedTerm>("propose_term", { zh, en, category }),
  findInDocument: (documentId: number, query: FindQuery): Promise<FoundText[]> =>
    call<FoundText[]>("find_in_document", { documentId, query }),
  /** Replaces in the targets: the occurrence `one`, or all of them when it is null. */
  replaceInDocument: (documentId: number, query: FindQuery, replacement: string, one: ReplaceOne | null): Promise<ReplaceReport> =>
    call<ReplaceReport>("replace_in_document", { documentId, query, replacement, one }),
  splitSegment: (documentId: number, segmentId: number, at: number): Promise<number> =>
    call<number>("split_segment", { documentId, segmentId, at }),
  mergeSegments: (documentId: number, segmentId: number): Promise<void> =>
    call<void>("merge_segments", { documentId, segmentId }),
  exportDocumentText: (documentId: number, path: string): Promise<void> =>
    call<void>("export_document_text", { documentId, path }),
  exportDocumentDocx: (documentId: number, path: string): Promise<void> =>
    call<void>("export_document_docx", { documentId, path }),
  exportDocumentTmx: (documentId: number, path: string): Promise<void> =>
    call<void>("export_document_tmx", { documentId, path }),
  terms: (status: string | null, category: string | null): Promise<Concept[]> =>
    call<Concept[]>("terms", { status, category }),
  extractTerms: (): Promise<ExtractReport> => call<ExtractReport>("extract_terms"),
  editTerm: (conceptId: number, termId: number, text: string, status: string): Promise<void> =>
    call<void>("edit_term", { conceptId, termId, text, status }),
  termExamples: (termId: number): Promise<TermExample[]> => call<TermExample[]>("term_examples", { termId }),
  conceptHistory: (conceptId: number): Promise<AuditEntry[]> => call<AuditEntry[]>("concept_history", { conceptId }),
  reviewConcept: (conceptId: number, approve: boolean, preferred: string | null, comment: string): Promise<void> =>
    call<void>("review_concept", { conceptId, approve, preferred, comment }),
  units: (afterId: number, limit: number): Promise<UnitRow[]> => call<UnitRow[]>("units", { afterId, limit }),
  editUnit: (unitId: number, side: UnitSide, text: string): Promise<void> => call<void>("edit_unit", { unitId, side, text }),
  deleteUnit: (unitId: number): Promise<void> => call<void>("delete_unit", { unitId }),
  unitHistory: (unitId: number): Promise<AuditEntry[]> => call<AuditEntry[]>("unit_history", { unitId }),
  concordance: (text: string, searchTarget: boolean, wholeWord: boolean): Promise<Concordance> =>
    call<Concordance>("concordance", { text, searchTarget, wholeWord }),
  runQa: (documentId: number | null): Promise<QaReport> => call<QaReport>("run_qa", { documentId }),
  cancelQa: (): Promise<void> => call<void>("cancel_qa"),
  fixFindings: (findings: QaFinding[]): Promise<FixReport> => call<FixReport>("fix_findings", { findings }),
  undoFix: (fixId: number): Promise<number> => call<number>("undo_fix", { fixId }),
  exportQaReport: (path: string, findings: QaFinding[], documentId: number | null, format: QaReportFormat): Promise<void> =>
    call<void>("export_qa_report", { path, findings, documentId, format }),
  conceptFindings: (conceptId: number): Promise<QaFinding[]> => call<QaFinding[]>("concept_findings", { conceptId }),
  articles: (): Promise<ArticleSummary[]> => call<ArticleSummary[]>("articles"),
  articleAlignment: (articleId: number): Promise<ArticleAlignment> =>
    call<ArticleAlignment>("article_alignment", { articleId }),
  updateAlignment: (articleId: number, beads: BeadEdit[]): Promise<AlignmentEditOutcome> =>
    call<AlignmentEditOutcome>("update_alignment", { articleId, beads }),
  teamStatus: (): Promise<TeamStatus> => call<TeamStatus>("team_status"),
  teamOverview: (): Promise<TeamOverview> => call<TeamOverview>("team_overview"),
  reviewTeamProposal: (teamId: string, approve: boolean, preferred: string | null): Promise<void> =>
    call<void>("review_team_proposal", { teamId, approve, preferred }),
};

export function onStatsChanged(handler: (stats: Stats) => void): Promise<UnlistenFn> {
  return listen<StatsChanged>("stats-changed", (event) => handler(event.payload.stats));
}

/** The app's team state, whenever the background sync changes it. */
export function onTeamStatus(handler: (status: TeamStatus) => void): Promise<UnlistenFn> {
  return listen<TeamStatus>("team-status", (event) => handler(event.payload));
}

export function onImportProgress(handler: (progress: ImportProgress) => void): Promise<UnlistenFn> {
  return listen<ImportProgress>("import-progress", (event) => handler(event.payload));
}

export function onQaProgress(handler: (progress: QaProgress) => void): Promise<UnlistenFn> {
  return listen<QaProgress>("qa-progress", (event) => handler(event.payload));
}

/** After a term was approved, rejected, edited or imported: what the editor shows may be stale. */
export function onTermbaseChanged(handler: () => void): Promise<UnlistenFn> {
  return listen("termbase-changed", () => handler());
}

export function onIndexProgress(handler: (progress: IndexProgress) => void): Promise<UnlistenFn> {
  return listen<IndexProgress>("index-progress", (event) => handler(event.payload));
}

/** Opens the native dialog for a document to translate; resolves to its path or null. */
export async function pickDocument(): Promise<string | null> {
  const chosen = await open({
    multiple: false,
    directory: false,
    filters: [{ name: "Documents", extensions: ["txt", "html", "htm", "docx", "xlf", "xliff", "xml"] }],
  });
  return typeof chosen === "string" ? chosen : null;
}

/** Asks where to save a text file; resolves to the path or null. */
export async function pickSavePath(defaultPath: string): Promise<string | null> {
  const extension = defaultPath.split(".").pop() ?? "txt";
  return save({ defaultPath, filters: [{ name: extension.toUpperCase(), extensions: [extension] }] });
}

/** Opens the native dialog for one article file (`title` says which language); its path or null. */
export async function pickArticleFile(title: string): Promise<string | null> {
  const chosen = await open({
    title,
    multiple: false,
    directory: false,
    filters: [{ name: "Articles", extensions: ["txt", "html", "htm", "docx"] }],
  });
  return typeof chosen === "string" ? chosen : null;
}

/** Opens the native dialog for article files, or for folders; resolves to the chosen paths (empty when cancelled). */
export async function pickArticles(folders: boolean): Promise<string[]> {
  const chosen = await open(
    folders
      ? { multiple: true, directory: true }
      : {
          multiple: true,
          directory: false,
          filters: [
            { name: "Articles, memories and glossaries", extensions: ["txt", "html", "htm", "docx", "tmx", "gz", "zip", "tbx", "csv", "tsv", "xlsx", "ods"] },
          ],
        },
  );
  if (chosen === null) return [];
  return Array.isArray(chosen) ? chosen : [chosen];
}

export type {
  AlignmentEditOutcome,
  ArticleAlignment,
  ArticleSummary,
  AuditEntry,
  BeadEdit,
  Completion,
  Concept,
  Concordance,
  DocumentPretranslation,
  DocumentSummary,
  EditorMatch,
  EditorSegment,
  Finding,
  FixReport,
  QaFinding,
  QaProgress,
  QaReport,
  QaReportFormat,
  SegmentAssist,
  TermExample,
  UnitRow,
  UnitSide,
  IpcError, FilePair, FileReport, ImportBatch, PairProposal, ProposedPair, ImportProgress, IndexProgress, Stats, UndoReport,
  LanguageRename, MemoryExportOptions, MemoryExportReport, TermbaseFormat };
export type { TeamOverview, TeamProposal, TeamStatus };
export type { NameRendering, ProposedTerm, SourceName };

/** XLIFF documents in the editor: open one, its inline tags, save it back. */
export const xliffCommands = {
  openXliffFile: (path: string): Promise<number> => call<number>("open_xliff_file", { path }),
  documentIsXliff: (documentId: number): Promise<boolean> => call<boolean>("document_is_xliff", { documentId }),
  documentTags: (documentId: number): Promise<SegmentTags[]> => call<SegmentTags[]>("document_tags", { documentId }),
  saveDocumentXliff: (documentId: number, path: string): Promise<void> =>
    call<void>("save_document_xliff", { documentId, path }),
};

/** Opens the native dialog for one XLIFF file; its path or null. */
export async function pickXliff(): Promise<string | null> {
  const chosen = await open({
    multiple: false,
    directory: false,
    filters: [{ name: "XLIFF", extensions: ["xlf", "xliff", "xml"] }],
  });
  return typeof chosen === "string" ? chosen : null;
}

/** Asks where to save an XLIFF file, offering `defaultPath`; resolves to the path or null. */
export async function pickXliffSavePath(defaultPath: string): Promise<string | null> {
  return save({ defaultPath, filters: [{ name: "XLIFF", extensions: ["xlf", "xliff", "xml"] }] });
}

export type { SegmentTag, SegmentTags, TagKind };
export type { FindQuery, FoundText, ReplaceOne, ReplaceReport };
