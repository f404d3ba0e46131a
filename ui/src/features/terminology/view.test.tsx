import { render } from "preact";
import { describe, expect, it, vi } from "vitest";

import type { Concept, QaFinding } from "../../ipc/client";
import { installFakeBackend } from "../../ipc/fake";
import { renderTargetPerTest } from "../../lib/render-target";
import { TerminologyView } from "./index";

const STALE = "Chongqing International Communication Center";
const APPROVED = "Chongqing International Media Center";

function candidate(): Concept {
  return {
    id: 7,
    category: "organisation",
    status: "candidate",
    terms: [
      { id: 1, lang: "zh", text: "重庆国际传播中心", status: "preferred", count: 3 },
      { id: 2, lang: "en", text: STALE, status: "admitted", count: 2 },
      { id: 3, lang: "en", text: APPROVED, status: "admitted", count: 1 },
    ],
  };
}

const stale: QaFinding[] = [
  { unitId: 11, kind: "deprecated", start: 0, end: STALE.length, found: STALE, suggestion: APPROVED, termId: 7 },
  { unitId: 12, kind: "deprecated", start: 4, end: 4 + STALE.length, found: STALE, suggestion: APPROVED, termId: 7 },
  { unitId: 12, kind: "deprecated", start: 70, end: 70 + STALE.length, found: STALE, suggestion: APPROVED, termId: 7 },
];

const container = renderTargetPerTest();

function element<T extends HTMLElement>(selector: string): T {
  const found = container().querySelector<T>(selector);
  if (found === null) throw new Error(`nothing matches ${selector}`);
  return found;
}

describe("Terminology view", () => {
  it("shows a candidate's renderings as unreviewed, never as admitted", async () => {
    installFakeBackend({ concepts: [candidate()] });
    render(<TerminologyView />, container());
    await vi.waitFor(() => expect(container().querySelectorAll(".renderings .term-status")).toHaveLength(2));
    const labels = [...container().querySelectorAll(".renderings .term-status")].map((cell) => cell.textContent);
    expect(labels).toEqual(["unreviewed", "unreviewed"]);
  });

  it("after an approval, says how many units use the deprecated rendering and fixes them in one call", async () => {
    const backend = installFakeBackend({ concepts: [candidate()], conceptFindings: { 7: stale } });
    render(<TerminologyView />, container());
    await vi.waitFor(() => expect(container().querySelector('article[data-concept="7"]')).not.toBeNull());
    const radios = [...container().querySelectorAll<HTMLInputElement>('article[data-concept="7"] input[type="radio"]')];
    radios.find((radio) => radio.parentElement?.textContent?.trim() === APPROVED)?.click();
    element<HTMLButtonElement>('article[data-concept="7"] button.approve').click();
    await vi.waitFor(() => expect(element("#approval-fix").textContent).toContain(`Memory units using renderings this deprecates: 2 (approved: “${APPROVED}”)`));
    expect(backend.calls.find((call) => call.command === "review_concept")?.args.preferred).toBe(APPROVED);
    element<HTMLButtonElement>("#fix-stale").click();
    await vi.waitFor(() => expect(element("#terminology-message").textContent).toContain("Fixed: 3; units changed: 2"));
    expect(backend.calls.filter((call) => call.command === "fix_findings").map((call) => call.args.findings)).toEqual([stale]);
    expect(container().querySelector("#approval-fix")).toBeNull();
  });

  it("offers nothing when no unit uses the deprecated renderings", async () => {
    const backend = installFakeBackend({ concepts: [candidate()] });
    render(<TerminologyView />, container());
    await vi.waitFor(() => expect(container().querySelector('article[data-concept="7"] button.approve')).not.toBeNull());
    element<HTMLButtonElement>('article[data-concept="7"] button.approve').click();
    await vi.waitFor(() => expect(backend.calls.map((call) => call.command)).toContain("concept_findings"));
    expect(container().querySelector("#approval-fix")).toBeNull();
  });
});
