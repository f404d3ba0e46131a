import { afterEach, describe, expect, it } from "vitest";

import { setLocale } from "./i18n";
import { languageName } from "./languages";

describe("languageName", () => {
  afterEach(() => setLocale("en"));

  it("names languages and Chinese scripts in the interface language", () => {
    expect(languageName("en")).toBe("English");
    expect(languageName("zh-Hans")).toBe("Chinese (Simplified)");
    expect(languageName("zh-Hant")).toBe("Chinese (Traditional)");
    expect(languageName("zh-TW")).toBe("Chinese (Traditional)");
    setLocale("zh-CN");
    expect(languageName("zh-Hant")).toBe("中文（繁体）");
    expect(languageName("en")).toBe("英语");
  });

  it("keeps a tag it does not know", () => {
    expect(languageName("fr-CA")).toBe("fr-CA");
  });
});
