// Pure logic of the QA view: filtering findings by kind and term, the term filter's choices, and
// what one term's bulk fix sends. Tested on its own.
import type { QaFinding } from "../../ipc/client";
import { QA_KINDS } from "../../lib/vocabulary";

/** The kinds a fix can apply by itself: a wrong rendering replaced by the approved one. */
export const FIXABLE_KINDS: readonly string[] = ["deprecated", "forbidden", "near-miss"];


export function isFixable(finding: QaFinding): boolean {
  return FIXABLE_KINDS.includes(finding.kind) && finding.suggestion !== "";
}

/** The findings of one kind ("" for every kind) and one term (null for every term). */
export function filterFindings(findings: readonly QaFinding[], kind: string, termId: number | null): QaFinding[] {
  return findings.filter((finding) => (kind === "" || finding.kind === kind) && (termId === null || finding.termId === termId));
}

/** A term among the findings, named by its approved rendering, with how many findings name it. */
export interface TermChoice {
  termId: number;
  label: string;
  count: number;
}

/** The terms the findings name, most findings first, then by name. */
export function termChoices(findings: readonly QaFinding[]): TermChoice[] {
  const byTerm = new Map<number, TermChoice>();
  for (const finding of findings) {
    if (finding.termId === null) continue;
    const choice = byTerm.get(finding.termId) ?? { termId: finding.termId, label: "", count: 0 };
    choice.count += 1;
    // "missing" findings name the approved rendering too; any non-empty suggestion will do.
    if (choice.label === "" && finding.suggestion !== "") choice.label = finding.suggestion;
    byTerm.set(finding.termId, choice);
  }
  return [...byTerm.values()].sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}

/** What fixing every finding of a term sends: its fixable findings only. */
export function fixableOfTerm(findings: readonly QaFinding[], termId: number): QaFinding[] {
  return findings.filter((finding) => finding.termId === termId && isFixable(finding));
}

/** How many findings of each kind, in report order, kinds with none left out. */
export function countByKind(findings: readonly QaFinding[]): { kind: string; count: number }[] {
  return QA_KINDS.map((kind) => ({ kind, count: findings.filter((finding) => finding.kind === kind).length })).filter(
    (row) => row.count > 0,
  );
}

/** The findings without those sent to a fix (compared by value: unit, kind and span). */
export function withoutFindings(findings: readonly QaFinding[], removed: readonly QaFinding[]): QaFinding[] {
  const key = (finding: QaFinding) => `${finding.unitId}|${finding.kind}|${finding.start}|${finding.end}|${finding.termId ?? ""}`;
  const gone = new Set(removed.map(key));
  return findings.filter((finding) => !gone.has(key(finding)));
}
