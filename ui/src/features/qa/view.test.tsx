import { render } from "preact";
import { describe, expect, it, vi } from "vitest";

import type { QaFinding } from "../../ipc/client";
import { installFakeBackend } from "../../ipc/fake";
import { renderTargetPerTest } from "../../lib/render-target";
import { QaView } from "./index";

const STALE = "Chongqing International Communication Center";
const APPROVED = "Chongqing International Media Center";

const findings: QaFinding[] = [
  { unitId: 11, kind: "deprecated", start: 0, end: STALE.length, found: STALE, suggestion: APPROVED, termId: 7 },
  { unitId: 12, kind: "deprecated", start: 4, end: 4 + STALE.length, found: STALE, suggestion: APPROVED, termId: 7 },
  { unitId: 12, kind: "missing", start: 60, end: 60, found: "", suggestion: "Xinhua", termId: 9 },
  { unitId: 13, kind: "number", start: 3, end: 5, found: "12", suggestion: "11", termId: null },
];

const container = renderTargetPerTest();

function element<T extends HTMLElement>(selector: string): T {
  const found = container().querySelector<T>(selector);
  if (found === null) throw new Error(`nothing matches ${selector}`);
  return found;
}

function shownUnits(): string[] {
  return [...container().querySelectorAll<HTMLTableRowElement>("#qa-findings tbody tr")].map((row) => `${row.dataset.unit} ${row.querySelector(".qa-kind")?.textContent}`);
}

function choose(selector: string, value: string): void {
  const select = element<HTMLSelectElement>(selector);
  select.value = value;
  select.dispatchEvent(new Event("change"));
}

describe("QA view", () => {
  it("shows progress with Cancel while the pass runs, then says it was cancelled", async () => {
    let release: () => void = () => {};
    const backend = installFakeBackend({
      nextQa: {
        progress: [{ done: 10_000, total: 40_000 }],
        hold: new Promise<void>((resolve) => (release = resolve)),
        report: { findings: findings.slice(0, 1), unitsChecked: 10_000, complete: true },
      },
    });
    render(<QaView />, container());
    element<HTMLButtonElement>("#run-qa").click();
    await vi.waitFor(() => expect(element("#qa-progress").textContent).toContain("10,000 of 40,000 units (25%)"));
    element<HTMLButtonElement>("#cancel-qa").click();
    await vi.waitFor(() => expect(backend.calls.map((call) => call.command)).toContain("cancel_qa"));
    release();
    await vi.waitFor(() => expect(element("#qa-summary").textContent).toContain("Cancelled. Units checked: 10,000; findings so far: 1"));
    expect(container().querySelector("#qa-progress")).toBeNull();
  });

  it("filters by kind and term, fixes every wrong rendering of a term at once and undoes the fix", async () => {
    const backend = installFakeBackend({ nextQa: { report: { findings, unitsChecked: 3, complete: true } } });
    render(<QaView />, container());
    element<HTMLButtonElement>("#run-qa").click();
    await vi.waitFor(() => expect(shownUnits()).toEqual(["11 deprecated", "12 deprecated", "12 missing term", "13 number or date"]));
    choose("#qa-kind-filter", "number");
    await vi.waitFor(() => expect(shownUnits()).toEqual(["13 number or date"]));
    choose("#qa-kind-filter", "");
    choose("#qa-term-filter", "7");
    await vi.waitFor(() => expect(shownUnits()).toEqual(["11 deprecated", "12 deprecated"]));
    expect(element("#qa-fix-term").textContent).toBe(`Fix all of “${APPROVED}” (2)`);

    element<HTMLButtonElement>("#qa-fix-term").click();
    await vi.waitFor(() => expect(element("#qa-message").textContent).toContain("Fixed: 2; units changed: 2; passed over: 0."));
    // One call, with only that term's wrong renderings.
    const fixCalls = backend.calls.filter((call) => call.command === "fix_findings");
    expect(fixCalls.map((call) => (call.args.findings as QaFinding[]).map((finding) => finding.unitId))).toEqual([[11, 12]]);
    // The term has no finding left: the list shows every remaining one.
    await vi.waitFor(() => expect(shownUnits()).toEqual(["12 missing term", "13 number or date"]));
    expect(element<HTMLSelectElement>("#qa-term-filter").value).toBe("");

    element<HTMLButtonElement>("#qa-undo-fix").click();
    await vi.waitFor(() => expect(element("#qa-message").textContent).toBe("Fix undone; units restored: 2."));
    expect(backend.calls.filter((call) => call.command === "undo_fix").map((call) => call.args)).toEqual([{ fixId: 1 }]);
    await vi.waitFor(() => expect(shownUnits()).toHaveLength(4));
    expect(container().querySelector("#qa-undo-fix")).toBeNull();
    // The term's option is back, not chosen: the filter shows what the list shows.
    expect(element<HTMLSelectElement>("#qa-term-filter").value).toBe("");
  });

  it("exports the findings shown to the file the save dialog names", async () => {
    const backend = installFakeBackend({
      nextQa: { report: { findings, unitsChecked: 3, complete: true } },
      saveDialogAnswer: "/tmp/memory-qa.xlsx",
    });
    render(<QaView />, container());
    element<HTMLButtonElement>("#run-qa").click();
    await vi.waitFor(() => expect(shownUnits()).toHaveLength(4));
    choose("#qa-kind-filter", "deprecated");
    await vi.waitFor(() => expect(shownUnits()).toHaveLength(2));
    element<HTMLButtonElement>("#qa-export-xlsx").click();
    await vi.waitFor(() => expect(element("#qa-message").textContent).toBe("Findings written to /tmp/memory-qa.xlsx: 2"));
    const exported = backend.calls.find((call) => call.command === "export_qa_report");
    expect(exported?.args.format).toBe("xlsx");
    expect((exported?.args.findings as QaFinding[]).map((finding) => finding.kind)).toEqual(["deprecated", "deprecated"]);
  });
});
