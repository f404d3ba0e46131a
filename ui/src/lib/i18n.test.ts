import { describe, expect, it } from "vitest";

import { en } from "../locales/en";
import { zhCN } from "../locales/zh-CN";
import { locale, setLocale, t } from "./i18n";

describe("i18n", () => {
  it("has every English key in Chinese, with the same parameters", () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      const parameters = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
      expect(zhCN[key], key).toBeTruthy();
      expect(parameters(zhCN[key]), key).toEqual(parameters(en[key]));
    }
  });

  it("fills parameters and switches language", () => {
    setLocale("en");
    expect(t("memory.summary", { units: 3, articles: 1 })).toBe("3 units from 1 articles.");
    setLocale("zh-CN");
    expect(locale.value).toBe("zh-CN");
    expect(t("nav.editor")).toBe("编辑器");
    setLocale("en");
  });
});
