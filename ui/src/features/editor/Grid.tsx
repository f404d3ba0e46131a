// The virtualised segment grid: only the rows near the viewport are in the DOM, between two
// spacers whose heights stand for the rows above and below. Rows differ in height: a row never
// rendered counts at an estimate from its text, a rendered row at its measured height, and when a
// row above the viewport turns out taller or shorter than counted, the scroll position moves by
// the difference so that what the translator looks at stays put. The current row is scrolled
// into view whenever it changes, however far it moved.
import type { ComponentChildren } from "preact";
import { useLayoutEffect, useMemo, useRef, useState } from "preact/hooks";

import { revealScrollTop, rowOffsets, windowRange } from "./grid";

/** Pixels rendered beyond each edge of the viewport. */
const OVERSCAN_PX = 800;
/** The gap between rows (`.grid-window` row-gap). */
const GAP_PX = 2;
/** Context kept above and below the current row when it is scrolled into view. */
const REVEAL_MARGIN_PX = 24;
/** The viewport assumed before layout (and in tests without layout). */
const FALLBACK_VIEWPORT_PX = 800;

export interface GridProps {
  /** Rows shown, in order. */
  count: number;
  /** A stable key of the row at a position (the segment id): measured heights are kept by it. */
  keyOf: (position: number) => number;
  /** A guess at a row's height from its text, for a column of `columnPx` pixels. */
  estimate: (position: number, columnPx: number) => number;
  /** The position of the current row, or -1. */
  currentPosition: number;
  /** Anything that changes a row's content (the rows' data): rows are measured again. */
  version: unknown;
  /** The row at a position: one element with `key` and `data-grid-position={position}`. */
  renderRow: (position: number) => ComponentChildren;
}

export function Grid(props: GridProps) {
  const { count, keyOf, estimate, currentPosition, version, renderRow } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const measured = useRef(new Map<number, number>());
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState({ height: 0, width: 0 });
  // Bumped when measurements patched the layout, to render the window again.
  const [, setMeasureVersion] = useState(0);
  /** The key of the current row once it was brought into view. */
  const revealedKey = useRef<number | null>(null);
  /** A scroll position chosen while rendering, applied to the DOM right after. */
  const pendingTop = useRef<number | null>(null);

  // The source and target columns share what the number and status columns leave.
  const columnPx = Math.max(120, (viewport.width - 170) / 2);
  // Heights and offsets of every row: built again only when the rows change (a pass over all of
  // them), patched in place by the measurements below (a pass over the typed array from the first
  // changed row), so that a move in a 20,000-row document costs no pass over the rows' data.
  const layout = useMemo(() => {
    const heights = new Float64Array(count);
    for (let position = 0; position < count; position += 1) {
      heights[position] = (measured.current.get(keyOf(position)) ?? estimate(position, columnPx)) + GAP_PX;
    }
    return { heights, offsets: rowOffsets(heights) };
    // keyOf and estimate change with the rows (`version`).
  }, [count, version, columnPx]);
  const { heights, offsets } = layout;

  const viewportPx = viewport.height > 0 ? viewport.height : FALLBACK_VIEWPORT_PX;
  const currentKey = currentPosition >= 0 && currentPosition < count ? keyOf(currentPosition) : null;
  let top = scrollTop;
  if (currentKey !== null && currentKey !== revealedKey.current) {
    // A new current row, maybe far from the rendered window: render the window around it at
    // once, placed by the counted offsets; the effect below fine-tunes from the DOM.
    top = revealScrollTop(scrollTop, viewportPx, offsets[currentPosition] ?? 0, (offsets[currentPosition + 1] ?? 0) - GAP_PX, REVEAL_MARGIN_PX);
    pendingTop.current = top;
  }
  const [start, end] = windowRange(offsets, top, viewportPx, OVERSCAN_PX);
  const total = offsets[count] ?? 0;

  // Track the viewport's size.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (element === null) return;
    const update = () => setViewport({ height: element.clientHeight, width: element.clientWidth });
    update();
    if (typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(update);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  // After every render: apply a scroll position chosen while rendering, measure the rendered
  // rows (keeping the view steady when rows above it change height), then bring a newly current
  // row into view from its real place in the DOM.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (element === null) return;
    if (pendingTop.current !== null) {
      element.scrollTop = pendingTop.current;
      pendingTop.current = null;
    }
    const before = element.scrollTop;
    let firstChanged = count;
    let shiftAbove = 0;
    for (const row of Array.from(element.querySelectorAll<HTMLElement>("[data-grid-position]"))) {
      const position = Number(row.dataset.gridPosition);
      const height = row.offsetHeight;
      if (height === 0 || position >= count) continue; // no layout (tests), or not displayed
      const counted = (heights[position] ?? 0) - GAP_PX;
      measured.current.set(keyOf(position), height);
      if (Math.abs(counted - height) < 0.5) continue;
      if ((offsets[position + 1] ?? 0) <= before) shiftAbove += height - counted;
      heights[position] = height + GAP_PX;
      firstChanged = Math.min(firstChanged, position);
    }
    for (let position = firstChanged; position < count; position += 1) {
      offsets[position + 1] = (offsets[position] as number) + (heights[position] as number);
    }
    if (shiftAbove !== 0) element.scrollTop = before + shiftAbove;
    if (firstChanged < count) {
      setMeasureVersion((value) => value + 1);
    } else if (currentKey !== null && currentKey !== revealedKey.current) {
      const row = element.querySelector<HTMLElement>(`[data-grid-position="${currentPosition}"]`);
      if (row !== null) {
        revealedKey.current = currentKey;
        const rowTop = row.offsetTop;
        element.scrollTop = revealScrollTop(element.scrollTop, element.clientHeight || viewportPx, rowTop, rowTop + row.offsetHeight, REVEAL_MARGIN_PX);
      }
    }
    if (element.scrollTop !== scrollTop) setScrollTop(element.scrollTop);
  });

  const rows: ComponentChildren[] = [];
  for (let position = start; position < end; position += 1) rows.push(renderRow(position));
  // Padding rather than spacer elements stands for the rows not rendered, so that the rows are
  // the window's only children (`.segment:nth-child(n)` counts rendered rows).
  const below = Math.max(0, total - (offsets[end] ?? total));
  return (
    <div
      class="segments"
      id="segments"
      data-rows={count}
      ref={scroller}
      onScroll={(event) => setScrollTop((event.currentTarget as HTMLDivElement).scrollTop)}
    >
      <div class="grid-window" style={{ paddingTop: `${offsets[start] ?? 0}px`, paddingBottom: `${below}px` }}>
        {rows}
      </div>
    </div>
  );
}
