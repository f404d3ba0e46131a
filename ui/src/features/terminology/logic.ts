// Pure logic of the Terminology view, tested on its own.
import { t } from "../../lib/i18n";
import { termStatusName } from "../../lib/vocabulary";

/**
 * How a term's status is shown. Nobody has reviewed a candidate concept's renderings, so its
 * "admitted" ones are shown as "unreviewed" (admitted would look approved), and a file's own
 * deprecated or forbidden forms stay visible as "deprecated, unreviewed".
 */
export function termStatusLabel(conceptStatus: string, termStatus: string): string {
  if (conceptStatus !== "candidate") return termStatusName(termStatus);
  if (termStatus === "admitted") return t("termStatus.unreviewed");
  return t("termStatus.withUnreviewed", { status: termStatusName(termStatus) });
}

/**
 * Whether the "seen at least N times" filter keeps a concept whose most frequent rendering was
 * seen `seen` times. A concept nobody counted (seen 0 times: it came from a glossary, not from
 * mining) is always kept, or an imported glossary would vanish from the review queue.
 */
export function seenOften(seen: number, atLeast: number): boolean {
  return seen === 0 || seen >= atLeast;
}

/** How many distinct memory units the findings are in. */
export function unitCount(findings: readonly { unitId: number }[]): number {
  return new Set(findings.map((finding) => finding.unitId)).size;
}
