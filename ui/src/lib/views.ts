// The app's top-level views and their keyboard shortcuts (Alt+1…5), kept pure for testing.

export type ViewId = "editor" | "memory" | "terminology" | "import-export" | "qa" | "team";

import type { MessageKey } from "../locales/en";

export interface ViewInfo {
  id: ViewId;
  label: MessageKey;
  shortcut: string;
}

export const VIEWS: readonly ViewInfo[] = [
  { id: "editor", label: "nav.editor", shortcut: "Alt+1" },
  { id: "memory", label: "nav.memory", shortcut: "Alt+2" },
  { id: "terminology", label: "nav.terminology", shortcut: "Alt+3" },
  { id: "import-export", label: "nav.importExport", shortcut: "Alt+4" },
  { id: "qa", label: "nav.qa", shortcut: "Alt+5" },
  { id: "team", label: "nav.team", shortcut: "Alt+6" },
];

/** The view a key press switches to, or null when the key is not a view shortcut. */
export function viewForKey(event: { key: string; altKey: boolean; ctrlKey: boolean; metaKey: boolean }): ViewId | null {
  if (!event.altKey || event.ctrlKey || event.metaKey) return null;
  const index = Number.parseInt(event.key, 10) - 1;
  return VIEWS[index]?.id ?? null;
}
