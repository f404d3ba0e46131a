import { describe, expect, it } from "vitest";

import { canSplit, link, mergeWithNext, shiftEnglishDown, split, unaligned, unlink, type Pair } from "./edit";

const pairs: Pair[] = [
  { zh: [1], en: [10] },
  { zh: [2, 3], en: [11, 12] },
  { zh: [4], en: [13] },
];

describe("alignment edits", () => {
  it("merges a pair with the next and leaves the input alone", () => {
    expect(mergeWithNext(pairs, 0)).toEqual([{ zh: [1, 2, 3], en: [10, 11, 12] }, { zh: [4], en: [13] }]);
    expect(pairs[0]).toEqual({ zh: [1], en: [10] });
    expect(mergeWithNext(pairs, 2)).toEqual(pairs);
  });

  it("splits only pairs with two sentences on both sides", () => {
    expect(canSplit(pairs, 0)).toBe(false);
    expect(canSplit(pairs, 1)).toBe(true);
    expect(split(pairs, 1)).toEqual([
      { zh: [1], en: [10] },
      { zh: [2], en: [11] },
      { zh: [3], en: [12] },
      { zh: [4], en: [13] },
    ]);
  });

  it("shifts the last English sentence into the next pair", () => {
    expect(shiftEnglishDown(pairs, 1)[2]).toEqual({ zh: [4], en: [12, 13] });
    expect(shiftEnglishDown(pairs, 0)).toEqual(pairs);
  });

  it("unlinks and links", () => {
    const without = unlink(pairs, 0);
    expect(unaligned(without, [1, 2, 3, 4, 10, 11, 12, 13])).toEqual([1, 10]);
    expect(link(without, [1], [10])).toContainEqual({ zh: [1], en: [10] });
    expect(link(without, [], [10])).toEqual(without);
  });
});
