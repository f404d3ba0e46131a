// Language tags shown by name in the interface language ("Chinese (Traditional)", "中文（繁体）"),
// never as raw tags.
import type { MessageKey } from "../locales/en";
import { t } from "./i18n";

/** The languages a document can be translated into, by tag. */
export const TARGET_LANGUAGES = ["en", "zh-Hans", "zh-Hant"] as const;

/** `zh-Hant` → "Chinese (Traditional)"; an unknown language keeps its tag. */
export function languageName(tag: string): string {
  const [primary, ...rest] = tag.split("-");
  const language: MessageKey | null = primary === "zh" ? "lang.zh" : primary === "en" ? "lang.en" : null;
  if (language === null) return tag;
  const script = rest.find((subtag) => subtag === "Hans" || subtag === "Hant");
  const traditionalRegion = rest.some((subtag) => subtag === "TW" || subtag === "HK" || subtag === "MO");
  if (primary === "zh" && (script !== undefined || traditionalRegion)) {
    const qualifier: MessageKey = script === "Hans" ? "lang.script.Hans" : "lang.script.Hant";
    return t("lang.qualified", { language: t(language), qualifier: t(qualifier) });
  }
  return t(language);
}
