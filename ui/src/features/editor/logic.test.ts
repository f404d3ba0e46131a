import { describe, expect, it } from "vitest";

import { markSpans, nextUnconfirmed, replaceSpan, wordBefore } from "./logic";

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

  it("moves to the next unconfirmed segment, wrapping around", () => {
    expect(nextUnconfirmed(["confirmed", "new", "confirmed", "draft"], 1)).toBe(3);
    expect(nextUnconfirmed(["new", "confirmed", "confirmed"], 2)).toBe(0);
    expect(nextUnconfirmed(["confirmed", "confirmed"], 0)).toBeNull();
  });

  it("marks spans", () => {
    expect(markSpans("abcdef", [{ start: 1, end: 3 }])).toEqual([
      { text: "a", marked: false },
      { text: "bc", marked: true },
      { text: "def", marked: false },
    ]);
  });
});
