import { render } from "preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import type { NameRendering, SourceName } from "../../ipc/client";
import { installFakeBackend, removeFakeBackend } from "../../ipc/fake";
import { setLocale } from "../../lib/i18n";
import { groupRenderings, nameKind, percent, sourcePieces } from "./names";
import { NamesPanel, SourceWithNames, loadNames } from "./NamesPanel";

function rendering(target: string, origin: string, status: string, count: number, confidence = 0.5): NameRendering {
  const examples = [{ unitId: count, zh: `例句${count}`, en: `Example ${count}` }];
  return { target, origin, status, count, confidence, conceptId: origin === "termbase" ? 7 : null, examples };
}

const SOURCE = "市政府外办主任章勇武会见王雯。";

function sampleNames(): SourceName[] {
  return [
    {
      start: 0,
      end: 5,
      source: "市政府外办",
      renderings: [
        rendering("Foreign Affairs Office of Chongqing Municipal People's Government", "memory", "unreviewed", 11, 0.917),
        rendering("Foreign Affairs Office", "memory", "unreviewed", 1, 0.04),
      ],
    },
    { start: 7, end: 10, source: "章勇武", renderings: [rendering("Zhang Yongwu", "termbase", "unreviewed", 2, 0.9)] },
    { start: 12, end: 14, source: "王雯", renderings: [rendering("Wang Wen", "termbase", "approved", 3, 1)] },
  ];
}

describe("names logic", () => {
  it("cuts the source into plain text and names, counting code points", () => {
    const pieces = sourcePieces(SOURCE, sampleNames());
    expect(pieces.map((piece) => [piece.text, piece.name === null ? null : nameKind(piece.name)])).toEqual([
      ["市政府外办", "memory"],
      ["主任", null],
      ["章勇武", "candidate"],
      ["会见", null],
      ["王雯", "approved"],
      ["。", null],
    ]);
    // Offsets are code points: a character outside the BMP before a name does not shift it.
    const astral = sourcePieces("𠀀王雯", [{ ...sampleNames()[2]!, start: 1, end: 3 }]);
    expect(astral.map((piece) => piece.text)).toEqual(["𠀀", "王雯"]);
    // A span past the end or overlapping the one before is left out, never a crash.
    expect(sourcePieces("王雯", [{ ...sampleNames()[2]!, start: 0, end: 9 }])).toEqual([{ text: "王雯", name: null }]);
  });

  it("lists approved terms, then candidates, then memory fragments", () => {
    const groups = groupRenderings(sampleNames());
    expect(groups.approved.map((listed) => listed.rendering.target)).toEqual(["Wang Wen"]);
    expect(groups.candidate.map((listed) => listed.rendering.target)).toEqual(["Zhang Yongwu"]);
    expect(groups.memory.map((listed) => listed.rendering.target)).toEqual([
      "Foreign Affairs Office of Chongqing Municipal People's Government",
      "Foreign Affairs Office",
    ]);
    expect(percent(0.917)).toBe("92%");
  });
});

describe("NamesPanel", () => {
  let target: HTMLElement;
  beforeEach(() => {
    setLocale("en");
    target = document.createElement("div");
    document.body.append(target);
  });
  afterEach(() => {
    render(null, target);
    target.remove();
    removeFakeBackend();
  });

  function view(): void {
    render(
      <div>
        <div class="segment-source">
          <SourceWithNames source={SOURCE} />
        </div>
        <NamesPanel source={SOURCE} />
      </div>,
      target,
    );
  }

  it("highlights each name by kind and proposes a memory fragment as a candidate term", async () => {
    const backend = installFakeBackend({ names: { [SOURCE]: sampleNames() } });
    view();
    await loadNames(SOURCE);
    await vi.waitFor(() => expect(target.querySelectorAll(".segment-source mark.name")).toHaveLength(3));
    const marks = [...target.querySelectorAll<HTMLElement>(".segment-source mark.name")];
    expect(marks.map((mark) => [mark.textContent, mark.className, mark.dataset.start])).toEqual([
      ["市政府外办", "name name-memory", "0"],
      ["章勇武", "name name-candidate", "7"],
      ["王雯", "name name-approved", "12"],
    ]);
    expect(marks[0]?.title).toBe("memory fragment, unreviewed: Foreign Affairs Office of Chongqing Municipal People's Government");
    expect(target.querySelector("#names-candidate .badge.unreviewed")?.textContent).toBe("unreviewed");
    expect(target.querySelector("#names-approved .badge")).toBeNull();
    expect(target.querySelector("#names-memory .name-meta")?.textContent).toMatch(/^unreviewed×1192%/);

    // Example units open under their rendering.
    expect(target.querySelector("#names-candidate .name-examples")).toBeNull();
    target.querySelector<HTMLButtonElement>("#names-candidate .examples-toggle")!.click();
    await vi.waitFor(() => expect(target.querySelector("#names-candidate .name-examples")?.textContent).toBe("例句2Example 2"));

    // Propose the office's memory rendering as an organisation.
    const firstMemory = target.querySelector<HTMLElement>("#names-memory li")!;
    const select = firstMemory.querySelector<HTMLSelectElement>("select.propose-category")!;
    select.value = "organisation";
    select.dispatchEvent(new Event("change"));
    firstMemory.querySelector<HTMLButtonElement>("button.propose-term")!.click();
    await vi.waitFor(() => expect(target.querySelector(".status-ok")?.textContent).toContain("Proposed 市政府外办"));
    expect(backend.calls.find((call) => call.command === "propose_term")?.args).toEqual({
      zh: "市政府外办",
      en: "Foreign Affairs Office of Chongqing Municipal People's Government",
      category: "organisation",
    });
    // The names were asked for again: the office is now a candidate term, highlighted so.
    await vi.waitFor(() => expect(target.querySelector(".segment-source mark.name")?.className).toBe("name name-candidate"));
    expect([...target.querySelectorAll("#names-candidate .name-target")].map((node) => node.textContent)).toEqual([
      "Foreign Affairs Office of Chongqing Municipal People's Government",
      "Zhang Yongwu",
    ]);
  });

  it("says so when the segment has no known name", async () => {
    installFakeBackend({ names: {} });
    view();
    await loadNames(SOURCE);
    await vi.waitFor(() => expect(target.querySelector(".names-panel .hint")?.textContent).toContain("No name or title"));
    expect(target.querySelectorAll(".segment-source mark")).toHaveLength(0);
  });

  it("shows why a proposal was refused and keeps the lists as they were", async () => {
    const [, , wang] = sampleNames();
    wang!.renderings.push(rendering("Ms. Wang", "memory", "unreviewed", 1));
    installFakeBackend({ names: { [SOURCE]: [wang!] } });
    view();
    await loadNames(SOURCE);
    await vi.waitFor(() => expect(target.querySelector("#names-memory button.propose-term")).not.toBeNull());
    target.querySelector<HTMLButtonElement>("#names-memory button.propose-term")!.click();
    await vi.waitFor(() => expect(target.querySelector(".names-panel .status-error")?.textContent).toContain("already an approved term"));
    expect(target.querySelector("#names-memory .name-target")?.textContent).toBe("Ms. Wang");
  });
});
