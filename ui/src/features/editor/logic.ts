// Pure editing logic of the segment editor, tested on its own.

/** Replaces the characters `start..end` (code points, as the backend counts) by `replacement`. */
export function replaceSpan(text: string, start: number, end: number, replacement: string): string {
  const chars = Array.from(text);
  return [...chars.slice(0, start), ...Array.from(replacement), ...chars.slice(end)].join("");
}

/** The word being typed before `caret` (UTF-16 index), and where it starts. */
export function wordBefore(text: string, caret: number): { word: string; start: number } {
  const before = text.slice(0, caret);
  const match = /[\p{L}\p{N}'’-]+$/u.exec(before);
  return match === null ? { word: "", start: caret } : { word: match[0], start: caret - match[0].length };
}

/** Splits `text` into pieces, marking the code-point spans in `spans` (sorted, non-overlapping). */
export function markSpans(text: string, spans: readonly { start: number; end: number }[]): { text: string; marked: boolean }[] {
  const chars = Array.from(text);
  const out: { text: string; marked: boolean }[] = [];
  let at = 0;
  for (const span of spans) {
    if (span.start < at || span.end <= span.start) continue;
    if (span.start > at) out.push({ text: chars.slice(at, span.start).join(""), marked: false });
    out.push({ text: chars.slice(span.start, span.end).join(""), marked: true });
    at = span.end;
  }
  if (at < chars.length) out.push({ text: chars.slice(at).join(""), marked: false });
  return out;
}

/** What a match's adjusted target changed, as the backend lists it. */
export interface MatchAdjustment {
  adjustedTarget: string | null;
  replacements: readonly { kind: string; old: string; new: string }[];
}

/**
 * The label of an adjusted match: "term-adjusted" when a deprecated or forbidden rendering was
 * swapped for the approved one, "number-adjusted" or "date-adjusted" when only numbers or only
 * months changed, "adjusted" otherwise; null when the match is offered as stored.
 */
export function adjustmentLabel(match: MatchAdjustment): "termAdjusted" | "numberAdjusted" | "dateAdjusted" | "adjusted" | null {
  if (match.adjustedTarget === null) return null;
  const kinds = new Set(match.replacements.map((replacement) => replacement.kind));
  if (kinds.has("approved-term")) return "termAdjusted";
  if (kinds.size === 1 && kinds.has("number")) return "numberAdjusted";
  if (kinds.size === 1 && kinds.has("date")) return "dateAdjusted";
  return "adjusted";
}

/** The swaps of deprecated renderings for approved ones, for the score explanation. */
export function termSwaps(match: MatchAdjustment): { old: string; new: string }[] {
  return match.replacements
    .filter((replacement) => replacement.kind === "approved-term")
    .map((replacement) => ({ old: replacement.old, new: replacement.new }));
}
