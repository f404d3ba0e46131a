import { describe, expect, it } from "vitest";

import { formatCount, shortPath } from "./format";

describe("formatCount", () => {
  it("groups thousands", () => {
    expect(formatCount(0)).toBe("0");
    expect(formatCount(999)).toBe("999");
    expect(formatCount(1234567)).toBe("1,234,567");
  });
});

describe("shortPath", () => {
  it("keeps short paths and trims long ones", () => {
    expect(shortPath("tessera.db")).toBe("tessera.db");
    expect(shortPath("/root/.local/share/tessera/tessera.db")).toBe("…/tessera/tessera.db");
    expect(shortPath("C:\\Users\\wen\\tessera.db")).toBe("…/wen/tessera.db");
  });
});
