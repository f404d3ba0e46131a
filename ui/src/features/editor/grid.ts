// Pure logic of the segment grid: which rows a status filter keeps, moving within them, and the
// geometry of the virtual window (estimated row heights, offsets, the rows near the viewport).

/** The rows a filter keeps: every status, one status, or segments filled from the memory. */
export type StatusFilter = "all" | "new" | "draft" | "confirmed" | "matched";

export const STATUS_FILTERS: readonly StatusFilter[] = ["all", "new", "draft", "confirmed", "matched"];

/** What the filter reads of a segment. */
export interface FilteredSegment {
  status: string;
  matchScore: number | null;
}

/** Whether `segment` passes `filter`. */
export function keeps(filter: StatusFilter, segment: FilteredSegment): boolean {
  switch (filter) {
    case "all":
      return true;
    case "matched":
      return segment.matchScore !== null;
    default:
      return segment.status === filter;
  }
}

/**
 * The indices of the segments shown under `filter`, in document order. The current segment stays
 * in the list even when it no longer passes (it was just confirmed, say), so the row being worked
 * on never vanishes under the cursor; it leaves the list once the translator moves on.
 */
export function filterRows(segments: readonly FilteredSegment[], filter: StatusFilter, current: number): number[] {
  const rows: number[] = [];
  segments.forEach((segment, idx) => {
    if (idx === current || keeps(filter, segment)) rows.push(idx);
  });
  return rows;
}

/** The segment `step` rows away from `current` within `rows` (clamped at both ends); null when
 * there is none. When `current` is not in `rows`, the nearest row in that direction. */
export function stepWithin(rows: readonly number[], current: number, step: 1 | -1): number | null {
  if (rows.length === 0) return null;
  const at = lowerBound(rows, current);
  if (rows[at] === current) return rows[Math.max(0, Math.min(rows.length - 1, at + step))] ?? null;
  // Not in the list: `at` is the first row after it.
  return step > 0 ? (rows[at] ?? rows[rows.length - 1] ?? null) : (rows[at - 1] ?? rows[0] ?? null);
}

/** The next row after `current` within `rows` that is not confirmed, wrapping around; null when
 * every row is confirmed. */
export function nextUnconfirmedWithin(rows: readonly number[], statuses: readonly string[], current: number): number | null {
  if (rows.length === 0) return null;
  const at = lowerBound(rows, current);
  const from = rows[at] === current ? at : at - 1;
  for (let step = 1; step <= rows.length; step += 1) {
    const idx = rows[(((from + step) % rows.length) + rows.length) % rows.length] as number;
    if (statuses[idx] !== "confirmed") return idx;
  }
  return null;
}

/** The first index of sorted `values` holding `value` or more. */
function lowerBound(values: readonly number[], value: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((values[middle] as number) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The occurrence `step` away from `at` (an index into `hits`, in document order), wrapping
 * around; before the first move (`at` -1), the first one at or after the current segment's
 * position (going back: at or before). Null when there is none. */
export function stepHit(hits: readonly { position: number }[], at: number, currentPosition: number, step: 1 | -1): number | null {
  const n = hits.length;
  if (n === 0) return null;
  if (at >= 0) return (((at + step) % n) + n) % n;
  if (step > 0) {
    const idx = hits.findIndex((hit) => hit.position >= currentPosition);
    return idx === -1 ? 0 : idx;
  }
  for (let idx = n - 1; idx >= 0; idx -= 1) if ((hits[idx] as { position: number }).position <= currentPosition) return idx;
  return n - 1;
}

/** Line height, vertical padding and borders of a grid row, in CSS pixels (see `.segment`). */
const LINE_PX = 20;
const ROW_CHROME_PX = 14;

/**
 * A guess at a row's height before it was ever rendered: the taller of its two text columns,
 * wrapped at `columnPx`, counting a CJK character as a full em and other characters as half.
 * Only a starting point: rendered rows are measured and the guess replaced.
 */
export function estimateRowHeight(source: string, target: string, columnPx: number): number {
  const perLine = Math.max(columnPx, 80) / 14;
  const lines = (text: string): number => {
    let ems = 0;
    for (let idx = 0; idx < text.length; idx += 1) ems += text.charCodeAt(idx) >= 0x2e80 ? 1 : 0.55;
    return Math.max(1, Math.ceil(ems / perLine));
  };
  return Math.max(lines(source), lines(target)) * LINE_PX + ROW_CHROME_PX;
}

/** Offsets of each row's top: `offsets[n]` is the total height. */
export function rowOffsets(heights: ArrayLike<number>): Float64Array {
  const offsets = new Float64Array(heights.length + 1);
  for (let idx = 0; idx < heights.length; idx += 1) offsets[idx + 1] = (offsets[idx] as number) + (heights[idx] as number);
  return offsets;
}

/** The row whose span holds `y` (the last row for `y` past the end). */
export function rowAt(offsets: Float64Array, y: number): number {
  const n = offsets.length - 1;
  if (n <= 0) return 0;
  let low = 0;
  let high = n - 1;
  while (low < high) {
    const middle = (low + high + 1) >>> 1;
    if ((offsets[middle] as number) <= y) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** The rows to render, `[start, end)`: those within `overscan` pixels of the viewport. */
export function windowRange(offsets: Float64Array, scrollTop: number, viewport: number, overscan: number): [number, number] {
  const n = offsets.length - 1;
  if (n <= 0) return [0, 0];
  const start = rowAt(offsets, Math.max(0, scrollTop - overscan));
  const end = rowAt(offsets, scrollTop + viewport + overscan) + 1;
  return [start, Math.min(n, end)];
}

/** The scroll position that shows the span `[top, bottom)` whole (its top when it is taller than
 * the viewport), moving as little as possible; `margin` pixels of context around it. */
export function revealScrollTop(scrollTop: number, viewport: number, top: number, bottom: number, margin: number): number {
  if (top - margin < scrollTop || bottom - top + 2 * margin > viewport) return Math.max(0, top - margin);
  if (bottom + margin > scrollTop + viewport) return bottom + margin - viewport;
  return scrollTop;
}
