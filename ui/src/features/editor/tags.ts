// Inline tags of XLIFF segments, pure. The backend keeps a tag as one private-use placeholder
// character; the target box shows it as a numbered token (`{1}` … `{/1}` for a pair, `{2}` for a
// standalone code, as memoQ and Trados number them), turned back into the placeholder on save.
import type { SegmentTag } from "../../ipc/client";

/** How a tag is written in the target box and on its chip. */
export function tagLabel(tag: SegmentTag): string {
  return tag.kind === "end" ? `{/${tag.number}}` : `{${tag.number}}`;
}

/** Text with placeholders → text with tokens, for the target box. */
export function toEditable(text: string, tags: readonly SegmentTag[]): string {
  if (tags.length === 0) return text;
  const labels = new Map(tags.map((tag) => [tag.placeholder, tagLabel(tag)]));
  return Array.from(text, (c) => labels.get(c) ?? c).join("");
}

/** Text with tokens → text with placeholders; a token the segment has no tag for stays text. */
export function fromEditable(text: string, tags: readonly SegmentTag[]): string {
  if (tags.length === 0) return text;
  const placeholders = new Map(tags.map((tag) => [tagLabel(tag), tag.placeholder]));
  return text.replace(/\{\/?\d+\}/g, (token) => placeholders.get(token) ?? token);
}

/** The tokens of known tags blanked out, same length, so that the live check neither reads
 * their numbers nor shifts its offsets. */
export function maskTags(text: string, tags: readonly SegmentTag[]): string {
  if (tags.length === 0) return text;
  const known = new Set(tags.map(tagLabel));
  return text.replace(/\{\/?\d+\}/g, (token) => (known.has(token) ? " ".repeat(token.length) : token));
}

/** Text with placeholders split into text and tags, for chips. */
export function splitTagged(text: string, tags: readonly SegmentTag[]): ({ text: string } | { tag: SegmentTag })[] {
  const byPlaceholder = new Map(tags.map((tag) => [tag.placeholder, tag]));
  const out: ({ text: string } | { tag: SegmentTag })[] = [];
  let run = "";
  for (const c of Array.from(text)) {
    const tag = byPlaceholder.get(c);
    if (tag === undefined) {
      run += c;
      continue;
    }
    if (run !== "") out.push({ text: run });
    run = "";
    out.push({ tag });
  }
  if (run !== "") out.push({ text: run });
  return out;
}

/** The tags whose token the editable target lacks, in source order. */
export function missingTags(editable: string, tags: readonly SegmentTag[]): SegmentTag[] {
  return tags.filter((tag) => !editable.includes(tagLabel(tag)));
}

/** `label` inserted into `text` over the selection `start..end`; the new text and caret. */
export function insertAt(text: string, start: number, end: number, label: string): { text: string; caret: number } {
  return { text: text.slice(0, start) + label + text.slice(end), caret: start + label.length };
}
