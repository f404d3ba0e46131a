import { describe, expect, it } from "vitest";

import { estimateRowHeight, filterRows, nextUnconfirmedWithin, revealScrollTop, rowAt, rowOffsets, stepHit, stepWithin, windowRange } from "./grid";

const segment = (status: string, matchScore: number | null = null) => ({ status, matchScore });

describe("grid filter", () => {
  const segments = [segment("new"), segment("draft", 100), segment("confirmed"), segment("draft"), segment("new")];

  it("keeps the rows of a status, or those filled from the memory, and always the current one", () => {
    expect(filterRows(segments, "all", 0)).toEqual([0, 1, 2, 3, 4]);
    expect(filterRows(segments, "draft", 1)).toEqual([1, 3]);
    expect(filterRows(segments, "draft", 4)).toEqual([1, 3, 4]);
    expect(filterRows(segments, "matched", -1)).toEqual([1]);
    expect(filterRows(segments, "confirmed", -1)).toEqual([2]);
  });

  it("moves within the filtered rows, clamped at both ends", () => {
    expect(stepWithin([1, 3, 4], 1, 1)).toBe(3);
    expect(stepWithin([1, 3, 4], 4, 1)).toBe(4);
    expect(stepWithin([1, 3, 4], 1, -1)).toBe(1);
    // From a row the filter no longer keeps: the nearest in that direction.
    expect(stepWithin([1, 3, 4], 2, 1)).toBe(3);
    expect(stepWithin([1, 3, 4], 2, -1)).toBe(1);
    expect(stepWithin([], 0, 1)).toBeNull();
  });

  it("finds the next unconfirmed row within the filter, wrapping around", () => {
    const statuses = ["confirmed", "new", "confirmed", "draft"];
    expect(nextUnconfirmedWithin([0, 1, 2, 3], statuses, 1)).toBe(3);
    expect(nextUnconfirmedWithin([0, 1, 2, 3], statuses, 3)).toBe(1);
    // Only drafts shown: the new segment between is skipped.
    expect(nextUnconfirmedWithin([0, 3], statuses, 0)).toBe(3);
    expect(nextUnconfirmedWithin([0, 2], statuses, 0)).toBeNull();
    // Opening a document: from before the first row.
    expect(nextUnconfirmedWithin([0, 1, 2, 3], statuses, -1)).toBe(1);
  });
});

describe("find", () => {
  const hits = [{ position: 2 }, { position: 2 }, { position: 7 }, { position: 30 }];

  it("starts from the current segment, then steps through the occurrences, wrapping around", () => {
    expect(stepHit(hits, -1, 5, 1)).toBe(2);
    expect(stepHit(hits, -1, 5, -1)).toBe(1);
    expect(stepHit(hits, -1, 31, 1)).toBe(0);
    expect(stepHit(hits, -1, 0, -1)).toBe(3);
    expect(stepHit(hits, 3, 0, 1)).toBe(0);
    expect(stepHit(hits, 0, 0, -1)).toBe(3);
    expect(stepHit([], -1, 0, 1)).toBeNull();
  });
});

describe("grid window", () => {
  it("estimates taller rows for longer text, CJK counting double", () => {
    const one = estimateRowHeight("短句。", "", 300);
    expect(estimateRowHeight("重".repeat(60), "", 300)).toBeGreaterThan(one);
    expect(estimateRowHeight("a".repeat(60), "", 300)).toBeLessThan(estimateRowHeight("重".repeat(60), "", 300));
  });

  it("renders only the rows within the overscan of the viewport", () => {
    const offsets = rowOffsets(Array.from({ length: 20_000 }, (_, idx) => (idx % 2 === 0 ? 30 : 50)));
    expect(offsets[20_000]).toBe(800_000);
    expect(rowAt(offsets, 0)).toBe(0);
    expect(rowAt(offsets, 30)).toBe(1);
    expect(rowAt(offsets, 79)).toBe(1);
    expect(rowAt(offsets, 10_000_000)).toBe(19_999);
    const [start, end] = windowRange(offsets, 400_000, 600, 200);
    expect(start).toBe(rowAt(offsets, 399_800));
    expect(end).toBe(rowAt(offsets, 400_800) + 1);
    expect(end - start).toBeLessThan(30);
    expect(windowRange(rowOffsets([]), 0, 600, 200)).toEqual([0, 0]);
  });

  it("scrolls as little as possible to show a row whole", () => {
    expect(revealScrollTop(0, 500, 100, 150, 10)).toBe(0);
    expect(revealScrollTop(0, 500, 600, 650, 10)).toBe(160);
    expect(revealScrollTop(1000, 500, 600, 650, 10)).toBe(590);
    // A row taller than the viewport shows its top.
    expect(revealScrollTop(0, 500, 600, 1200, 10)).toBe(590);
  });
});
