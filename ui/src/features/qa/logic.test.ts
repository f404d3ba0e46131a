import { describe, expect, it } from "vitest";

import type { QaFinding } from "../../ipc/client";
import { countByKind, filterFindings, fixableOfTerm, termChoices, withoutFindings } from "./logic";

const STALE = "Chongqing International Communication Center";
const APPROVED = "Chongqing International Media Center";

function finding(fields: Partial<QaFinding> & { unitId: number; kind: string }): QaFinding {
  return { start: 0, end: 0, found: "", suggestion: "", termId: null, ...fields };
}

const findings: QaFinding[] = [
  finding({ unitId: 1, kind: "deprecated", start: 0, end: STALE.length, found: STALE, suggestion: APPROVED, termId: 7 }),
  finding({ unitId: 2, kind: "deprecated", start: 4, end: 4 + STALE.length, found: STALE, suggestion: APPROVED, termId: 7 }),
  finding({ unitId: 2, kind: "missing", start: 40, end: 40, suggestion: "Xinhua", termId: 9 }),
  finding({ unitId: 3, kind: "near-miss", start: 0, end: 4, found: "Wnag", suggestion: "Wang", termId: 9 }),
  finding({ unitId: 4, kind: "number", start: 3, end: 5, found: "12", suggestion: "11" }),
];

describe("QA view logic", () => {
  it("filters by kind and term, each optional", () => {
    expect(filterFindings(findings, "", null)).toHaveLength(5);
    expect(filterFindings(findings, "deprecated", null).map((f) => f.unitId)).toEqual([1, 2]);
    expect(filterFindings(findings, "", 9).map((f) => f.kind)).toEqual(["missing", "near-miss"]);
    expect(filterFindings(findings, "missing", 7)).toEqual([]);
  });

  it("offers the terms named, most findings first, by their approved form", () => {
    expect(termChoices(findings)).toEqual([
      { termId: 7, label: APPROVED, count: 2 },
      { termId: 9, label: "Xinhua", count: 2 },
    ]);
  });

  it("fixes a term's wrong renderings only, never what a fix cannot write", () => {
    expect(fixableOfTerm(findings, 7).map((f) => f.unitId)).toEqual([1, 2]);
    expect(fixableOfTerm(findings, 9).map((f) => f.kind)).toEqual(["near-miss"]);
  });

  it("counts kinds in report order and drops what a fix took", () => {
    expect(countByKind(findings)).toEqual([
      { kind: "deprecated", count: 2 },
      { kind: "near-miss", count: 1 },
      { kind: "missing", count: 1 },
      { kind: "number", count: 1 },
    ]);
    const left = withoutFindings(findings, fixableOfTerm(findings, 7));
    expect(left.map((f) => f.unitId)).toEqual([2, 3, 4]);
  });
});
