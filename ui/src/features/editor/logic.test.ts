import { describe, expect, it } from "vitest";

import { adjustmentLabel, markSpans, replaceSpan, termSwaps, wordBefore } from "./logic";

describe("editor logic", () => {
  it("replaces a span counted in code points", () => {
    expect(replaceSpan("Visit Chongqing Newspaper Daily Group now", 6, 37, "Chongqing Daily Newspaper Group")).toBe(
      "Visit Chongqing Daily Newspaper Group now",
    );
    expect(replaceSpan("𝐀bc", 1, 2, "X")).toBe("𝐀Xc");
  });

  it("finds the word before the caret", () => {
    expect(wordBefore("the Foreign Aff", 15)).toEqual({ word: "Aff", start: 12 });
    expect(wordBefore("the ", 4)).toEqual({ word: "", start: 4 });
  });

  it("marks spans", () => {
    expect(markSpans("abcdef", [{ start: 1, end: 3 }])).toEqual([
      { text: "a", marked: false },
      { text: "bc", marked: true },
      { text: "def", marked: false },
    ]);
  });

  it("labels a match by what its adjustment changed, a term swap first", () => {
    const swap = { kind: "approved-term", old: "Chongqing International Communication Center", new: "Chongqing International Media Center" };
    const number = { kind: "number", old: "12", new: "11" };
    const date = { kind: "date", old: "December", new: "November" };
    expect(adjustmentLabel({ adjustedTarget: null, replacements: [] })).toBeNull();
    expect(adjustmentLabel({ adjustedTarget: "x", replacements: [number, swap] })).toBe("termAdjusted");
    expect(adjustmentLabel({ adjustedTarget: "x", replacements: [number, number] })).toBe("numberAdjusted");
    expect(adjustmentLabel({ adjustedTarget: "x", replacements: [date] })).toBe("dateAdjusted");
    expect(adjustmentLabel({ adjustedTarget: "x", replacements: [number, date] })).toBe("adjusted");
    expect(termSwaps({ adjustedTarget: "x", replacements: [number, swap] })).toEqual([{ old: swap.old, new: swap.new }]);
  });
});
