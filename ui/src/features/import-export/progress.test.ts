import { describe, expect, it } from "vitest";

import type { ImportProgress } from "../../ipc/client";
import { setLocale } from "../../lib/i18n";
import { importProgressBar, importProgressText } from "./progress";

const starting: ImportProgress = { done: 0, total: 1, current: "/data/big.tmx", unitsRead: 0, bytesRead: 0, fileBytes: null };

describe("import progress", () => {
  it("names the file before it starts and counts units and bytes within a TMX file", () => {
    setLocale("en");
    expect(importProgressText(starting)).toBe("File 1 of 1");
    const within = { ...starting, unitsRead: 230_000, bytesRead: 52_500_000, fileBytes: 150_000_000 };
    expect(importProgressText(within)).toBe("File 1 of 1 · 230,000 units · 35%");
    expect(importProgressBar(within)).toEqual({ value: 52_500_000, max: 150_000_000 });
    setLocale("zh-CN");
    expect(importProgressText(within)).toBe("第 1/1 个文件 · 230,000 个单元 · 35%");
    setLocale("en");
  });

  it("falls back to files done when the file's size is unknown (compressed or an article)", () => {
    const compressed = { ...starting, done: 1, total: 3, unitsRead: 4_000, bytesRead: 9_000_000 };
    expect(importProgressText(compressed)).toBe("File 2 of 3 · 4,000 units");
    expect(importProgressBar(compressed)).toEqual({ value: 1, max: 3 });
    expect(importProgressBar(null)).toEqual({ value: 0, max: 1 });
  });
});
