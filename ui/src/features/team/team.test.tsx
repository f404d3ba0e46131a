import { render } from "preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { startLiveStats, teamStatus } from "../../app/store";
import { emitFakeEvent, fakeStats, fakeTeamStatus, installFakeBackend, removeFakeBackend } from "../../ipc/fake";
import { setLocale } from "../../lib/i18n";
import { TeamView } from "./index";

let target: HTMLElement;

beforeEach(() => {
  setLocale("en");
  target = document.createElement("div");
  document.body.append(target);
});

afterEach(() => {
  render(null, target);
  target.remove();
  teamStatus.value = null;
  removeFakeBackend();
});

const proposal = {
  teamId: "anna:c7",
  category: "person",
  proposedBy: "anna",
  terms: [
    { lang: "zh-Hans", text: "王雯", occurrences: 3 },
    { lang: "en", text: "Wang Wen", occurrences: 3 },
    { lang: "en", text: "Wang Wenn", occurrences: 1 },
  ],
};

function joined(role: string) {
  return installFakeBackend({
    stats: fakeStats(10),
    team: fakeTeamStatus({ connection: "connected", server: "http://127.0.0.1:7878", user: "rita", role, cursor: 42, pending: 3 }),
    teamLists: {
      members: [
        { name: "rita", role, secondsAgo: 0 },
        { name: "anna", role: "translator", secondsAgo: 12 },
      ],
      presenceWindowSecs: 120,
      proposals: [proposal],
      problem: null,
    },
  });
}

describe("TeamView", () => {
  it("tells a database that works alone how to join a team", async () => {
    installFakeBackend({ stats: fakeStats(0) });
    await startLiveStats();
    render(<TeamView />, target);
    await vi.waitFor(() => expect(target.querySelector("#team-not-joined")?.textContent).toContain("Not in a team"));
    expect(target.querySelector(".team-command")?.textContent).toContain("tessera team join");
  });

  it("shows the user, cursor, pending changes, who is connected and the proposals", async () => {
    joined("translator");
    await startLiveStats();
    render(<TeamView />, target);
    await vi.waitFor(() => expect(target.querySelectorAll("#team-members tbody tr")).toHaveLength(2));
    expect(target.querySelector("#team-user")?.textContent).toBe("rita (translator)");
    expect(target.querySelector("#team-cursor")?.textContent).toBe("42");
    expect(target.querySelector("#team-pending")?.textContent).toBe("3");
    expect(target.querySelector("#team-connection")?.textContent).toContain("Connected as rita (translator)");
    expect(target.querySelector("[data-member=anna]")?.textContent).toContain("12 s ago");
    const row = target.querySelector("#team-proposals tr[data-team-id='anna:c7']");
    expect(row?.textContent).toContain("王雯");
    expect(row?.textContent).toContain("Wang Wen (3) / Wang Wenn (1)");
    // A translator sees the proposal but cannot review it.
    expect(row?.querySelector(".proposal-approve")).toBeNull();
  });

  it("lets a reviewer approve the chosen rendering, then lists what still waits", async () => {
    const backend = joined("reviewer");
    await startLiveStats();
    render(<TeamView />, target);
    await vi.waitFor(() => expect(target.querySelector(".proposal-approve")).not.toBeNull());
    const select = target.querySelector<HTMLSelectElement>(".proposal-preferred");
    if (select === null) throw new Error("no rendering choice");
    select.value = "Wang Wenn";
    select.dispatchEvent(new Event("change"));
    target.querySelector<HTMLButtonElement>(".proposal-approve")?.click();
    await vi.waitFor(() => expect(target.querySelector("#team-no-proposals")).not.toBeNull());
    expect(backend.calls.find((call) => call.command === "review_team_proposal")?.args).toEqual({
      teamId: "anna:c7",
      approve: true,
      preferred: "Wang Wenn",
    });
  });

  it("follows the team-status event: offline is shown with the reason", async () => {
    joined("translator");
    await startLiveStats();
    render(<TeamView />, target);
    await vi.waitFor(() => expect(target.querySelector("#team-connection")).not.toBeNull());
    await emitFakeEvent(
      "team-status",
      fakeTeamStatus({ connection: "offline", server: "http://127.0.0.1:7878", user: "rita", role: "translator", problem: "connection refused" }),
    );
    await vi.waitFor(() => expect(target.querySelector("#team-connection")?.textContent).toContain("Offline, retrying — connection refused"));
  });
});
