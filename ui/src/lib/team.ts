// How the team state reads in the status bar: one message and a tone, kept pure for testing.
import type { MessageKey } from "../locales/en";
import { roleName } from "./vocabulary";

/** The fields of the backend's `TeamStatus` the status bar needs (structural, so lib/ stays free of ipc/). */
export interface TeamStateLike {
  connection: "notJoined" | "connecting" | "connected" | "syncing" | "offline" | "failed";
  user: string | null;
  role: string | null;
  pending: number;
  problem: string | null;
}

export interface TeamBadge {
  key: MessageKey;
  params: Record<string, string | number>;
  /** `ok` connected, `busy` connecting or syncing, `warn` offline or failed, `off` not in a team. */
  tone: "ok" | "busy" | "warn" | "off";
}

/** The status bar's team message for `status`. */
export function teamBadge(status: TeamStateLike): TeamBadge {
  const who = { user: status.user ?? "?", role: roleName(status.role ?? "?") };
  switch (status.connection) {
    case "notJoined":
      return { key: "team.notJoined", params: {}, tone: "off" };
    case "connecting":
      return { key: "team.connecting", params: who, tone: "busy" };
    case "connected":
      return { key: "team.connectedAs", params: who, tone: "ok" };
    case "syncing":
      return { key: "team.syncing", params: who, tone: "busy" };
    case "offline":
      return { key: "team.offline", params: {}, tone: "warn" };
    case "failed":
      return { key: "team.failed", params: { problem: status.problem ?? "" }, tone: "warn" };
  }
}
