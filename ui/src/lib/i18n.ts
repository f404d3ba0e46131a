// The interface language: English or Simplified Chinese, switchable at run time. Every string the
// interface shows comes from a locale file (src/locales); `t` looks it up and fills `{name}`.
import { signal } from "@preact/signals";

import { en, type MessageKey, type Messages } from "../locales/en";
import { zhCN } from "../locales/zh-CN";

export type Locale = "en" | "zh-CN";

export const LOCALES: readonly { id: Locale; name: string }[] = [
  { id: "en", name: "English" },
  { id: "zh-CN", name: "简体中文" },
];

const MESSAGES: Record<Locale, Messages> = { en, "zh-CN": zhCN };
const STORAGE_KEY = "tessera.locale";

function initialLocale(): Locale {
  const stored = typeof localStorage === "undefined" ? null : localStorage.getItem(STORAGE_KEY);
  return stored === "zh-CN" ? "zh-CN" : "en";
}

export const locale = signal<Locale>(initialLocale());

/** The page's `lang` follows the interface language: screen readers and CJK font choice use it. */
function markDocument(next: Locale): void {
  if (typeof document !== "undefined") document.documentElement.lang = next;
}
markDocument(locale.value);

export function setLocale(next: Locale): void {
  locale.value = next;
  markDocument(next);
  if (typeof localStorage !== "undefined") localStorage.setItem(STORAGE_KEY, next);
}

/** The current locale's text for `key`, with `{name}` parameters filled in. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = MESSAGES[locale.value][key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
