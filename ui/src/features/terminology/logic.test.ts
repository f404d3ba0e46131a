import { describe, expect, it } from "vitest";

import { seenOften, termStatusLabel, unitCount } from "./logic";

describe("terminology logic", () => {
  it("shows a candidate's renderings as unreviewed, keeping a file's deprecated forms visible", () => {
    expect(termStatusLabel("candidate", "admitted")).toBe("unreviewed");
    expect(termStatusLabel("candidate", "deprecated")).toBe("deprecated, unreviewed");
    expect(termStatusLabel("approved", "admitted")).toBe("admitted");
    expect(termStatusLabel("approved", "deprecated")).toBe("deprecated");
  });

  it("keeps glossary concepts (never counted) whatever the minimum count", () => {
    expect(seenOften(0, 5)).toBe(true);
    expect(seenOften(4, 5)).toBe(false);
    expect(seenOften(5, 5)).toBe(true);
  });

  it("counts distinct units", () => {
    expect(unitCount([{ unitId: 3 }, { unitId: 3 }, { unitId: 9 }])).toBe(2);
    expect(unitCount([])).toBe(0);
  });
});
