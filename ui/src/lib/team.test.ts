import { describe, expect, it } from "vitest";

import { teamBadge, type TeamStateLike } from "./team";

const base: TeamStateLike = { connection: "connected", user: "bert", role: "translator", pending: 0, problem: null };

describe("teamBadge", () => {
  it("names the user and role once connected or syncing", () => {
    expect(teamBadge(base)).toEqual({ key: "team.connectedAs", params: { user: "bert", role: "translator" }, tone: "ok" });
    expect(teamBadge({ ...base, connection: "syncing" }).tone).toBe("busy");
  });

  it("warns when offline or refused, with the server's reason when refused", () => {
    expect(teamBadge({ ...base, connection: "offline", problem: "cannot reach" })).toEqual({ key: "team.offline", params: {}, tone: "warn" });
    expect(teamBadge({ ...base, connection: "failed", problem: "unknown token" })).toEqual({
      key: "team.failed",
      params: { problem: "unknown token" },
      tone: "warn",
    });
  });

  it("says so when the database works alone", () => {
    expect(teamBadge({ ...base, connection: "notJoined", user: null, role: null }).key).toBe("team.notJoined");
  });
});
