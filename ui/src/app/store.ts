// App-wide reactive state: the backend's counts, refreshed on start and on every `stats-changed`,
// and how far the match index is while the backend builds it after an import or an undo;
// `termbaseVersion` counts `termbase-changed` events, so views showing terms refresh at once;
// and the team state the background sync publishes (`team-status`).
import { signal } from "@preact/signals";

import {
  commands,
  onIndexProgress,
  onStatsChanged,
  onTeamStatus,
  onTermbaseChanged,
  type IndexProgress,
  type Stats,
  type TeamStatus,
} from "../ipc/client";

export const stats = signal<Stats | null>(null);
export const backendError = signal<string | null>(null);
/** The index build under way, or null when there is none. */
export const indexing = signal<IndexProgress | null>(null);
/** Goes up by one whenever the backend says the termbase changed (approval, edit, import). */
export const termbaseVersion = signal(0);

/** The team state; its `revision` grows each time the team's changes were applied here. */
export const teamStatus = signal<TeamStatus | null>(null);

export async function refreshStats(): Promise<void> {
  try {
    stats.value = await commands.stats();
    backendError.value = null;
  } catch (error) {
    backendError.value = (error as { message: string }).message;
  }
}

export async function startLiveStats(): Promise<void> {
  await onStatsChanged((next) => {
    stats.value = next;
  });
  await onTermbaseChanged(() => {
    termbaseVersion.value += 1;
  });
  await onIndexProgress((next) => {
    indexing.value = next.done >= next.total ? null : next;
  });
  await onTeamStatus((next) => {
    teamStatus.value = next;
  });
  await refreshStats();
  teamStatus.value = await commands.teamStatus();
}
