// The one module that talks to Tauri: typed wrappers over the commands, events and dialogs.
import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import { open } from "@tauri-apps/plugin-dialog";

import type { Error as IpcError, FileReport, Stats, StatsChanged } from "./bindings";
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
};

export function onStatsChanged(handler: (stats: Stats) => void): Promise<UnlistenFn> {
  return listen<StatsChanged>("stats-changed", (event) => handler(event.payload.stats));
}

/** Opens the native file dialog for articles; resolves to the chosen paths (empty when cancelled). */
export async function pickArticleFiles(): Promise<string[]> {
  const chosen = await open({
    multiple: true,
    directory: false,
    filters: [{ name: "Articles", extensions: ["txt", "html", "htm", "docx"] }],
  });
  if (chosen === null) return [];
  return Array.isArray(chosen) ? chosen : [chosen];
}

export type { IpcError, FileReport, Stats };
