import { afterEach, describe, expect, it } from "vitest";

import { setLocale } from "./i18n";
import { categoryName, qaKindName, reviewName, roleName, termStatusName } from "./vocabulary";

describe("the termbase's words in the interface language", () => {
  afterEach(() => setLocale("en"));

  it("names statuses, categories, QA kinds, reviews and roles in Chinese", () => {
    setLocale("zh-CN");
    expect(termStatusName("deprecated")).toBe("已弃用");
    expect(categoryName("organisation")).toBe("机构");
    expect(qaKindName("near-miss")).toBe("近似错误");
    expect(reviewName("candidate")).toBe("候选");
    expect(roleName("reviewer")).toBe("审校");
  });

  it("keeps English words readable and shows an unknown value as stored", () => {
    expect(termStatusName("forbidden")).toBe("forbidden");
    expect(qaKindName("near-miss")).toBe("near miss");
    expect(categoryName("brand")).toBe("brand");
    setLocale("zh-CN");
    expect(termStatusName("superseded")).toBe("superseded");
  });
});

describe("the page's language", () => {
  it("follows the interface language", () => {
    setLocale("zh-CN");
    expect(document.documentElement.lang).toBe("zh-CN");
    setLocale("en");
    expect(document.documentElement.lang).toBe("en");
  });
});
