import { render } from "preact";
import { describe, expect, it, vi } from "vitest";

import { startLiveStats } from "../../app/store";
import type { EditorMatch, SegmentAssist } from "../../ipc/client";
import { emitFakeEvent, installFakeBackend, type FakeBackend } from "../../ipc/fake";
import { renderTargetPerTest } from "../../lib/render-target";
import { EditorView } from "./index";

const STALE = "Chongqing International Communication Center";
const APPROVED = "Chongqing International Media Center";
const SOURCE = "重庆国际传播中心举办国际传播论坛。";

/** The translator's own unit, as the backend offers it once the reviewer deprecated its name. */
function staleMatch(): EditorMatch {
  const target = `${STALE} held a forum.`;
  return {
    score: 100,
    source: [{ text: SOURCE, hit: false }],
    target,
    adjustedTarget: `${APPROVED} held a forum.`,
    penalties: [],
    article: null,
    contextMatch: false,
    diff: [],
    termWarnings: [{ kind: "deprecated", start: 0, end: STALE.length, found: STALE, suggestion: APPROVED }],
    replacements: [{ kind: "approved-term", old: STALE, new: APPROVED }],
  };
}

const beforeApproval: SegmentAssist = {
  matches: [{ ...staleMatch(), adjustedTarget: null, termWarnings: [], replacements: [] }],
  terms: [],
};
const afterApproval: SegmentAssist = {
  matches: [staleMatch()],
  terms: [
    {
      zh: "重庆国际传播中心",
      category: "organisation",
      preferred: APPROVED,
      others: [{ id: 0, lang: "en", text: STALE, status: "deprecated", count: 0 }],
    },
  ],
};

const container = renderTargetPerTest();

function element<T extends HTMLElement>(selector: string): T {
  const found = container().querySelector<T>(selector);
  if (found === null) throw new Error(`nothing matches ${selector}`);
  return found;
}

async function openTheDocument(): Promise<FakeBackend> {
  const backend = installFakeBackend({
    documents: [{ id: 1, name: "news.txt", sourceLang: "zh-Hans", targetLang: "en", segments: 1, confirmed: 0 }],
    segments: [{ id: 5, block: 0, source: SOURCE, target: "", status: "new", matchScore: null }],
    assist: beforeApproval,
  });
  await startLiveStats();
  render(<EditorView />, container());
  // The editor keeps the open document across renders (module state): go back to the list.
  container().querySelector<HTMLButtonElement>("#editor .toolbar button")?.click();
  await vi.waitFor(() => expect(container().querySelector("#documents button")).not.toBeNull());
  element<HTMLButtonElement>("#documents button").click();
  await vi.waitFor(() => expect(container().querySelectorAll("#matches li")).toHaveLength(1));
  return backend;
}

describe("Editor", () => {
  it("re-reads the Terms panel, matches and live check when the termbase changes, without leaving the segment", async () => {
    const backend = await openTheDocument();
    expect(element("#segment-terms").textContent).toBe("");
    const area = element<HTMLTextAreaElement>("#target-editor");
    area.value = `${STALE} held a forum.`;
    area.dispatchEvent(new Event("input"));
    backend.checks[area.value] = [{ kind: "deprecated", start: 0, end: STALE.length, found: STALE, suggestion: APPROVED }];
    const assistCalls = () => backend.calls.filter((call) => call.command === "segment_assist").length;
    expect(assistCalls()).toBe(1);

    backend.assist = afterApproval;
    await emitFakeEvent("termbase-changed", null);
    await vi.waitFor(() => expect(element("#segment-terms").textContent).toContain(APPROVED));
    expect(assistCalls()).toBe(2);
    // The live check ran again on what was typed, which is kept.
    await vi.waitFor(() => expect(element("#findings").textContent).toContain(STALE));
    expect(element<HTMLTextAreaElement>("#target-editor").value).toBe(`${STALE} held a forum.`);
  });

  it("flags a match's deprecated rendering and inserts it term-adjusted with Ctrl+1", async () => {
    const backend = await openTheDocument();
    backend.assist = afterApproval;
    await emitFakeEvent("termbase-changed", null);
    await vi.waitFor(() => expect(element("#matches li .stale-span").textContent).toBe(STALE));
    expect(element("#matches li .badge-termAdjusted").textContent).toBe("term-adjusted");
    expect(element("#matches li .match-target").textContent).toBe(`${APPROVED} held a forum.`);
    expect(element("#matches li .match-explanation").textContent).toBe(`swapped “${STALE}” → “${APPROVED}”`);
    expect(element("#matches li .term-warning").textContent).toBe(`Deprecated “${STALE}”; approved: “${APPROVED}”`);

    element<HTMLTextAreaElement>("#target-editor").dispatchEvent(new KeyboardEvent("keydown", { key: "1", ctrlKey: true, bubbles: true }));
    await vi.waitFor(() => expect(element<HTMLTextAreaElement>("#target-editor").value).toBe(`${APPROVED} held a forum.`));
    expect(element("#inserted-note").textContent).toBe("Inserted match 1 (term-adjusted)");
  });
});
