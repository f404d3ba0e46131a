import { describe, expect, it } from "vitest";

import { fileName, formatCount, formatWhen, percent, shortPath } from "./format";

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

describe("percent", () => {
  it("rounds down, stays within 0 to 100, and counts nothing to do as done", () => {
    expect(percent(0, 10)).toBe(0);
    expect(percent(349, 1000)).toBe(34);
    expect(percent(1200, 1000)).toBe(100);
    expect(percent(0, 0)).toBe(100);
  });
});

describe("formatWhen", () => {
  it("shows the backend's nanosecond times to the minute, in local time", () => {
    const local = new Date(2026, 10, 23, 17, 5, 9);
    expect(formatWhen(local.toISOString().replace(/Z$/, "123456Z"))).toBe("2026-11-23 17:05");
  });

  it("leaves text that is not a time as it is", () => {
    expect(formatWhen("yesterday")).toBe("yesterday");
  });
});

describe("fileName", () => {
  it("keeps the last segment of either kind of path", () => {
    expect(fileName("/data/新闻稿-2025.tmx")).toBe("新闻稿-2025.tmx");
    expect(fileName("C:\\memories\\a.tmx")).toBe("a.tmx");
    expect(fileName("a.tmx")).toBe("a.tmx");
  });
});
