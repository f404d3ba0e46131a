import { describe, expect, it } from "vitest";

import type { SegmentTag } from "../../ipc/client";
import { fromEditable, insertAt, maskTags, missingTags, splitTagged, tagLabel, toEditable } from "./tags";

const TAGS: SegmentTag[] = [
  { placeholder: "\u{E000}", number: 1, kind: "start", description: "<b>" },
  { placeholder: "\u{E001}", number: 1, kind: "end", description: "</b>" },
  { placeholder: "\u{E002}", number: 2, kind: "standalone", description: "<br/>" },
];

describe("inline tags", () => {
  it("numbers pairs and standalone codes as memoQ does", () => {
    expect(TAGS.map(tagLabel)).toEqual(["{1}", "{/1}", "{2}"]);
  });

  it("turns placeholders into tokens and back", () => {
    const stored = "Xi \u{E000}met\u{E001} guests\u{E002}";
    const editable = toEditable(stored, TAGS);
    expect(editable).toBe("Xi {1}met{/1} guests{2}");
    expect(fromEditable(editable, TAGS)).toBe(stored);
    // A token the segment has no tag for, or a broken one, stays text.
    expect(fromEditable("{3} {1 {/1}", TAGS)).toBe("{3} {1 \u{E001}");
    // Without tags (a text document) nothing changes.
    expect(fromEditable("{1}", [])).toBe("{1}");
  });

  it("blanks known tokens for the live check, keeping offsets", () => {
    const masked = maskTags("In {1}2024{/1} {3}", TAGS);
    expect(masked).toBe("In    2024     {3}");
    expect(masked.length).toBe("In {1}2024{/1} {3}".length);
  });

  it("splits stored text into text and chips", () => {
    expect(splitTagged("a\u{E000}b\u{E001}", TAGS)).toEqual([{ text: "a" }, { tag: TAGS[0] }, { text: "b" }, { tag: TAGS[1] }]);
  });

  it("lists the tags the target still lacks and inserts at the caret", () => {
    expect(missingTags("Xi {1}met guests", TAGS).map(tagLabel)).toEqual(["{/1}", "{2}"]);
    expect(insertAt("Xi met", 3, 3, "{1}")).toEqual({ text: "Xi {1}met", caret: 6 });
  });
});
