// App-wide reactive state: the backend's counts, refreshed on start and on every `stats-changed`.
import { signal } from "@preact/signals";

import { commands, onStatsChanged, type Stats } from "../ipc/client";

export const stats = signal<Stats | null>(null);
export const backendError = signal<string | null>(null);

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
  await refreshStats();
}
