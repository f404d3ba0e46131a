// The one module that talks to Tauri: typed wrappers over the commands, events and dialogs.
import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import { open } from "@tauri-apps/plugin-dialog";

import type {
  AlignmentEditOutcome,
  ArticleAlignment,
  ArticleSummary,
  AuditEntry,
  BeadEdit,
  Concept,
  Concordance,
  Error as IpcError,
  ExtractReport,
  FileReport,
  ImportProgress,
  Stats,
  StatsChanged,
  UnitRow,
  UnitSide,
} from "./bindings";
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
  cancelImport: (): Promise<void> => call<void>("cancel_import"),
  terms: (status: string | null, category: string | null): Promise<Concept[]> =>
    call<Concept[]>("terms", { status, category }),
  extractTerms: (): Promise<ExtractReport> => call<ExtractReport>("extract_terms"),
  reviewConcept: (conceptId: number, approve: boolean, preferred: string | null, comment: string): Promise<void> =>
    call<void>("review_concept", { conceptId, approve, preferred, comment }),
  units: (afterId: number, limit: number): Promise<UnitRow[]> => call<UnitRow[]>("units", { afterId, limit }),
  editUnit: (unitId: number, side: UnitSide, text: string): Promise<void> => call<void>("edit_unit", { unitId, side, text }),
  deleteUnit: (unitId: number): Promise<void> => call<void>("delete_unit", { unitId }),
  unitHistory: (unitId: number): Promise<AuditEntry[]> => call<AuditEntry[]>("unit_history", { unitId }),
  concordance: (text: string, searchTarget: boolean, wholeWord: boolean): Promise<Concordance> =>
    call<Concordance>("concordance", { text, searchTarget, wholeWord }),
  articles: (): Promise<ArticleSummary[]> => call<ArticleSummary[]>("articles"),
  articleAlignment: (articleId: number): Promise<ArticleAlignment> =>
    call<ArticleAlignment>("article_alignment", { articleId }),
  updateAlignment: (articleId: number, beads: BeadEdit[]): Promise<AlignmentEditOutcome> =>
    call<AlignmentEditOutcome>("update_alignment", { articleId, beads }),
};

export function onStatsChanged(handler: (stats: Stats) => void): Promise<UnlistenFn> {
  return listen<StatsChanged>("stats-changed", (event) => handler(event.payload.stats));
}

export function onImportProgress(handler: (progress: ImportProgress) => void): Promise<UnlistenFn> {
  return listen<ImportProgress>("import-progress", (event) => handler(event.payload));
}

/** Opens the native dialog for article files, or for folders; resolves to the chosen paths (empty when cancelled). */
export async function pickArticles(folders: boolean): Promise<string[]> {
  const chosen = await open(
    folders
      ? { multiple: true, directory: true }
      : { multiple: true, directory: false, filters: [{ name: "Articles", extensions: ["txt", "html", "htm", "docx"] }] },
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
  Concept,
  Concordance,
  UnitRow,
  UnitSide,
  IpcError, FileReport, ImportProgress, Stats };
