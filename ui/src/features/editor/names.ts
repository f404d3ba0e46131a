// Pure logic of the names and titles in a segment's source: which kind each highlighted span is,
// how the source is cut for highlighting, and the side panel's order of renderings.
import type { NameRendering, SourceName } from "../../ipc/client";

/** How a span is highlighted: by the best thing known of it. */
export type NameKind = "approved" | "candidate" | "memory";

/** The kind of one rendering: an approved term, a candidate term (unreviewed) or a memory fragment. */
export function renderingKind(rendering: NameRendering): NameKind {
  if (rendering.origin === "memory") return "memory";
  return rendering.status === "approved" ? "approved" : "candidate";
}

/** The kind of a span: that of its best rendering (the backend lists them best first). */
export function nameKind(name: SourceName): NameKind {
  const best = name.renderings[0];
  return best === undefined ? "memory" : renderingKind(best);
}

export interface SourcePiece {
  text: string;
  /** The name this piece is, or null for plain text. */
  name: SourceName | null;
}

/** Cuts `source` into plain pieces and name pieces (spans are code-point offsets, sorted, not overlapping). */
export function sourcePieces(source: string, names: readonly SourceName[]): SourcePiece[] {
  const chars = Array.from(source);
  const out: SourcePiece[] = [];
  let at = 0;
  for (const name of names) {
    if (name.start < at || name.end <= name.start || name.end > chars.length) continue;
    if (name.start > at) out.push({ text: chars.slice(at, name.start).join(""), name: null });
    out.push({ text: chars.slice(name.start, name.end).join(""), name });
    at = name.end;
  }
  if (at < chars.length) out.push({ text: chars.slice(at).join(""), name: null });
  return out;
}

export interface ListedRendering {
  name: SourceName;
  rendering: NameRendering;
}

/**
 * The side panel's lists: approved terms first, then candidate terms (unreviewed), then memory
 * fragments; within each, in source order and best first for one span.
 */
export function groupRenderings(names: readonly SourceName[]): Record<NameKind, ListedRendering[]> {
  const groups: Record<NameKind, ListedRendering[]> = { approved: [], candidate: [], memory: [] };
  for (const name of names) {
    for (const rendering of name.renderings) groups[renderingKind(rendering)].push({ name, rendering });
  }
  return groups;
}

/** Confidence as a whole percentage. */
export function percent(confidence: number): string {
  return `${Math.round(confidence * 100)}%`;
}
