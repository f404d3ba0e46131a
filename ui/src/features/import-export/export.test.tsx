import { render } from "preact";
import { describe, expect, it, vi } from "vitest";

import { refreshStats } from "../../app/store";
import { fakeStats, installFakeBackend, type FakeBackend } from "../../ipc/fake";
import { setLocale } from "../../lib/i18n";
import { ExportSection } from "./export";
import { renderTargetPerTest } from "../../lib/render-target";

const container = renderTargetPerTest();

function element<T extends HTMLElement>(selector: string): T {
  const found = container().querySelector<T>(selector);
  if (found === null) throw new Error(`nothing matches ${selector}`);
  return found;
}

function typeInto(selector: string, text: string): void {
  const input = element<HTMLInputElement>(selector);
  input.value = text;
  input.dispatchEvent(new Event("input", { bubbles: true }));
}

function exportCalls(backend: FakeBackend) {
  return backend.calls.filter((call) => call.command.startsWith("export_"));
}

/** A backend holding three languages, with the save dialog answering `savedTo`. */
async function renderWithLanguages(savedTo: string | null): Promise<FakeBackend> {
  const backend = installFakeBackend({
    stats: {
      ...fakeStats(1_249),
      concepts: 42,
      languages: [
        { lang: "en", name: "English", count: 1_249 },
        { lang: "zh-Hans", name: "Chinese (Simplified)", count: 1_200 },
        { lang: "zh-Hant", name: "Chinese (Traditional)", count: 49 },
      ],
    },
    saveDialogAnswer: savedTo,
    nextMemoryExport: { unitsRead: 1_249, unitsWritten: 1_234, unitsOutsideDates: 12, unitsWithoutLanguages: 3 },
  });
  await refreshStats();
  render(<ExportSection />, container());
  await vi.waitFor(() => expect(container().querySelectorAll("#export-languages input").length).toBe(3));
  // Languages are shown by name, not as raw tags.
  expect(container().querySelector("#export-languages")?.textContent).toContain("Chinese (Traditional)");
  return backend;
}

describe("ExportSection", () => {
  it("exports the chosen languages, approval, dates and region tags, then says what was written", async () => {
    const backend = await renderWithLanguages("/tmp/out.tmx");
    element<HTMLInputElement>('#export-languages input[data-lang="zh-Hant"]').click();
    element<HTMLInputElement>("#export-approved").click();
    element<HTMLInputElement>("#export-region-tags").click();
    typeInto("#export-since", "2024-03-01");
    typeInto("#export-until", "2024-03-31");
    element<HTMLButtonElement>("#export-memory").click();
    await vi.waitFor(() =>
      expect(element("#export-outcome").textContent).toBe(
        "Wrote 1,234 units to /tmp/out.tmx; 12 left out by the dates; 3 without both languages",
      ),
    );
    expect(exportCalls(backend)).toEqual([
      {
        command: "export_memory",
        args: {
          path: "/tmp/out.tmx",
          options: {
            languages: ["en", "zh-Hans"],
            approvedOnly: true,
            since: "2024-03-01",
            until: "2024-03-31",
            renameLanguages: [
              { from: "zh-Hans", to: "zh-CN" },
              { from: "zh-Hant", to: "zh-TW" },
            ],
          },
        },
      },
    ]);
    // Put the shared choices back for the other tests.
    element<HTMLInputElement>('#export-languages input[data-lang="zh-Hant"]').click();
    element<HTMLInputElement>("#export-approved").click();
    element<HTMLInputElement>("#export-region-tags").click();
    typeInto("#export-since", "");
    typeInto("#export-until", "");
  });

  it("exports nothing when the save dialog is cancelled", async () => {
    const backend = await renderWithLanguages(null);
    element<HTMLButtonElement>("#export-memory").click();
    element<HTMLButtonElement>("#export-termbase-tbx").click();
    await vi.waitFor(() => expect(backend.calls.filter((call) => call.command === "plugin:dialog|save").length).toBe(2));
    expect(exportCalls(backend)).toEqual([]);
    expect(container().querySelector("#export-outcome")).toBeNull();
  });

  it("says in the interface language when a date is not a day", async () => {
    await renderWithLanguages("/tmp/out.tmx");
    setLocale("zh-CN");
    typeInto("#export-since", "March 1");
    element<HTMLButtonElement>("#export-memory").click();
    await vi.waitFor(() => expect(element("#export-outcome").textContent).toBe("日期格式不对，应为 2024-03-01 这样的日期。"));
    expect(element("#export-outcome").classList.contains("status-error")).toBe(true);
    typeInto("#export-since", "");
  });

  it("exports the termbase in the chosen format and counts the concepts", async () => {
    const backend = await renderWithLanguages("/tmp/terms.csv");
    element<HTMLButtonElement>("#export-termbase-csv").click();
    await vi.waitFor(() => expect(element("#export-outcome").textContent).toBe("Wrote 42 concepts to /tmp/terms.csv"));
    expect(exportCalls(backend)).toEqual([{ command: "export_termbase", args: { path: "/tmp/terms.csv", format: "csv" } }]);
  });
});
