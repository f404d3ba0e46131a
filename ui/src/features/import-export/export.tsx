// The Export section of the Import/Export view: the memory as TMX, with the stored languages,
// approval and dates to choose from, and the termbase as TBX, TSV or CSV. Each asks where to save
// through the native dialog; the backend writes the file atomically and reports what it wrote.
import { signal } from "@preact/signals";

import { stats } from "../../app/store";
import {
  commands,
  pickSavePath,
  type IpcError,
  type LanguageRename,
  type MemoryExportOptions,
  type MemoryExportReport,
  type TermbaseFormat,
} from "../../ipc/client";
import { formatCount } from "../../lib/format";
import { t } from "../../lib/i18n";
import { languageName } from "../../lib/languages";

/** Stored languages the user unticked; every other stored language is exported. */
const excludedLanguages = signal<string[]>([]);
const approvedOnly = signal(false);
const since = signal("");
const until = signal("");
const regionTags = signal(false);
const busy = signal(false);
const outcome = signal<{ text: string; failed: boolean } | null>(null);

/** Chinese as Trados and memoQ expect it: region codes instead of script codes. */
export const REGION_TAGS: readonly LanguageRename[] = [
  { from: "zh-Hans", to: "zh-CN" },
  { from: "zh-Hant", to: "zh-TW" },
];

function storedLanguages(): string[] {
  return (stats.value?.languages ?? []).map((language) => language.lang);
}

/** The options the checkboxes and fields stand for; no language unticked means every language. */
export function memoryExportOptions(): MemoryExportOptions {
  const excluded = excludedLanguages.value;
  const languages = excluded.length === 0 ? [] : storedLanguages().filter((lang) => !excluded.includes(lang));
  return {
    languages,
    approvedOnly: approvedOnly.value,
    since: since.value === "" ? null : since.value,
    until: until.value === "" ? null : until.value,
    renameLanguages: regionTags.value ? [...REGION_TAGS] : [],
  };
}

/** "Wrote 1,234 units to …; 12 left out by the dates; 3 without both languages." */
export function memoryExportSummary(report: MemoryExportReport, path: string): string {
  let text = t("export.wroteUnits", { count: formatCount(report.unitsWritten), path });
  if (report.unitsOutsideDates > 0) text += t("export.outsideDates", { count: formatCount(report.unitsOutsideDates) });
  if (report.unitsWithoutLanguages > 0) {
    text += t("export.withoutLanguages", { count: formatCount(report.unitsWithoutLanguages) });
  }
  return text;
}

function failureText(error: IpcError): string {
  return error.code === "InvalidDate" ? t("export.badDate") : error.message;
}

/** Asks for the path, then runs `write` with it, showing what it reports or why it failed. */
async function exportTo(defaultPath: string, write: (path: string) => Promise<string>): Promise<void> {
  outcome.value = null;
  const path = await pickSavePath(defaultPath);
  if (path === null) return;
  busy.value = true;
  try {
    outcome.value = { text: await write(path), failed: false };
  } catch (error) {
    outcome.value = { text: failureText(error as IpcError), failed: true };
  } finally {
    busy.value = false;
  }
}

async function exportMemory(): Promise<void> {
  const options = memoryExportOptions();
  await exportTo("memory.tmx", async (path) => memoryExportSummary(await commands.exportMemory(path, options), path));
}

async function exportTermbase(format: TermbaseFormat): Promise<void> {
  await exportTo(`termbase.${format}`, async (path) => {
    const concepts = await commands.exportTermbase(path, format);
    return t("export.wroteConcepts", { count: formatCount(concepts), path });
  });
}

function toggleLanguage(lang: string): void {
  const excluded = excludedLanguages.value;
  excludedLanguages.value = excluded.includes(lang) ? excluded.filter((other) => other !== lang) : [...excluded, lang];
}

export function ExportSection() {
  const languages = storedLanguages();
  const noneChosen = languages.length > 0 && languages.every((lang) => excludedLanguages.value.includes(lang));
  return (
    <div id="export">
      <h2>{t("export.title")}</h2>
      <h3>{t("export.memory")}</h3>
      <div class="toolbar" id="export-languages">
        <span>{t("export.languages")}</span>
        {languages.map((lang) => (
          <label key={lang}>
            <input
              type="checkbox"
              data-lang={lang}
              checked={!excludedLanguages.value.includes(lang)}
              onChange={() => toggleLanguage(lang)}
            />{" "}
            <span title={lang}>{languageName(lang)}</span>
          </label>
        ))}
      </div>
      <div class="toolbar">
        <label>
          <input type="checkbox" id="export-approved" checked={approvedOnly.value} onChange={() => (approvedOnly.value = !approvedOnly.value)} />{" "}
          {t("export.approvedOnly")}
        </label>
        <label>
          {t("export.since")}{" "}
          <input type="text" id="export-since" class="export-date" placeholder="2024-03-01" value={since.value} onInput={(event) => (since.value = event.currentTarget.value)} />
        </label>
        <label>
          {t("export.until")}{" "}
          <input type="text" id="export-until" class="export-date" placeholder="2024-03-31" value={until.value} onInput={(event) => (until.value = event.currentTarget.value)} />
        </label>
        {/* The option is about the tags themselves, so it names them. */}
        <label data-raw-tags>
          <input type="checkbox" id="export-region-tags" checked={regionTags.value} onChange={() => (regionTags.value = !regionTags.value)} />{" "}
          {t("export.regionTags")}
        </label>
      </div>
      <div class="toolbar">
        <button type="button" class="primary" id="export-memory" disabled={busy.value || noneChosen} onClick={() => void exportMemory()}>
          {t("export.memoryButton")}
        </button>
      </div>
      <h3>{t("export.termbase")}</h3>
      <div class="toolbar">
        {(["tbx", "tsv", "csv"] as const).map((format) => (
          <button type="button" key={format} id={`export-termbase-${format}`} disabled={busy.value} onClick={() => void exportTermbase(format)}>
            {format.toUpperCase()}…
          </button>
        ))}
      </div>
      {outcome.value !== null && (
        <p id="export-outcome" class={outcome.value.failed ? "status-error" : ""}>
          {outcome.value.text}
        </p>
      )}
    </div>
  );
}
