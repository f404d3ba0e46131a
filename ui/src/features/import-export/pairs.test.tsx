import { render } from "preact";
import { describe, expect, it, vi } from "vitest";

import type { ArticleSummary, FileReport } from "../../ipc/client";
import { installFakeBackend, type FakeBackend } from "../../ipc/fake";
import { ImportExportView } from "./index";
import { renderTargetPerTest } from "../../lib/render-target";

const container = renderTargetPerTest();

function click(selector: string): void {
  const element = container().querySelector<HTMLElement>(selector);
  if (element === null) throw new Error(`nothing matches ${selector}`);
  element.click();
}

function callsOf(backend: FakeBackend, command: string): Record<string, unknown>[] {
  return backend.calls.filter((call) => call.command === command).map((call) => call.args);
}

function article(fields: Partial<ArticleSummary> & { id: number }): ArticleSummary {
  return {
    title: "",
    sourcePath: `/archive/${fields.id}.txt`,
    importedAt: "2026-12-06T20:00:00Z",
    units: 0,
    lowConfidence: 0,
    zhSentences: 0,
    enSentences: 0,
    unalignedSentences: 0,
    partner: null,
    ...fields,
  };
}

const pairReport: FileReport = {
  path: "/archive/k7.txt",
  kind: "article",
  unitsAdded: 6,
  unitsSkipped: 0,
  alreadyImported: false,
  dropped: [],
  lowConfidence: 0,
  problems: [],
  pairedWith: "/archive/q2.html",
};

describe("pairs of Chinese and English files", () => {
  it("shows the pairs found among the chosen files and imports only the ticked ones", async () => {
    const backend = installFakeBackend({
      dialogAnswer: ["/archive"],
      nextProposal: {
        pairs: [
          { zh: "/archive/k7.txt", en: "/archive/q2.html", similarity: 0.74, confidence: 0.47 },
          { zh: "/archive/b3.txt", en: "/archive/x9.docx", similarity: 0.73, confidence: 0.46 },
        ],
        singles: [{ path: "/archive/r6.txt", lang: "zh", bestPath: "/archive/x9.docx", bestScore: 0.4 }],
      },
      nextImport: { reports: [pairReport], batches: [] },
    });
    render(<ImportExportView />, container());
    click("#import-folders");
    await vi.waitFor(() => expect(container().querySelectorAll("#pair-proposal tr[data-pair]").length).toBe(2));
    expect(container().querySelector("#pair-proposal")?.textContent).toContain("1 files stay single");
    expect(callsOf(backend, "import_files")).toEqual([]);

    click('#pair-proposal tr[data-pair="1"] input.keep-pair');
    await vi.waitFor(() =>
      expect(container().querySelector<HTMLInputElement>('tr[data-pair="1"] input.keep-pair')?.checked).toBe(false),
    );
    click("#confirm-pairs");
    await vi.waitFor(() => expect(callsOf(backend, "import_files").length).toBe(1));
    expect(callsOf(backend, "import_files")[0]).toEqual({
      paths: ["/archive"],
      pairs: [{ zh: "/archive/k7.txt", en: "/archive/q2.html" }],
    });
    await vi.waitFor(() =>
      expect(container().querySelector("#import-report td")?.textContent).toBe("/archive/k7.txt + /archive/q2.html"),
    );
    expect(container().querySelector("#pair-proposal")).toBeNull();
  });

  it("imports at once when no pair is found", async () => {
    const backend = installFakeBackend({ dialogAnswer: ["/data/both.txt"] });
    render(<ImportExportView />, container());
    click("#import-articles");
    await vi.waitFor(() => expect(callsOf(backend, "import_files").length).toBe(1));
    expect(callsOf(backend, "import_files")[0]).toEqual({ paths: ["/data/both.txt"], pairs: [] });
    expect(container().querySelector("#pair-proposal")).toBeNull();
  });

  it("Import a pair asks for the Chinese file, then its English version", async () => {
    const backend = installFakeBackend({ dialogAnswers: ["/archive/zh.docx", "/archive/en.html"] });
    render(<ImportExportView />, container());
    click("#import-pair");
    await vi.waitFor(() => expect(callsOf(backend, "import_files").length).toBe(1));
    expect(callsOf(backend, "import_files")[0]).toEqual({
      paths: [],
      pairs: [{ zh: "/archive/zh.docx", en: "/archive/en.html" }],
    });
    expect(callsOf(backend, "propose_pairs")).toEqual([]);
  });

  it("unpairs a pair and pairs two single articles", async () => {
    const backend = installFakeBackend({
      articles: [
        article({ id: 1, zhSentences: 6, units: 6, partner: 2 }),
        article({ id: 2, enSentences: 6, partner: 1 }),
        article({ id: 3, zhSentences: 22 }),
        article({ id: 4, enSentences: 14 }),
      ],
    });
    render(<ImportExportView />, container());
    await vi.waitFor(() => expect(container().querySelectorAll("button.unpair").length).toBe(2));
    click('tr[data-article="2"] button.unpair');
    await vi.waitFor(() => expect(callsOf(backend, "unpair_article")).toEqual([{ articleId: 2 }]));
    await vi.waitFor(() => expect(container().querySelectorAll("button.unpair").length).toBe(0));

    const select = (id: string, value: string) => {
      const element = container().querySelector<HTMLSelectElement>(id)!;
      element.value = value;
      element.dispatchEvent(new Event("change"));
    };
    await vi.waitFor(() => expect(container().querySelectorAll("#pair-zh option").length).toBe(3));
    select("#pair-zh", "3");
    select("#pair-en", "4");
    await vi.waitFor(() =>
      expect(container().querySelector<HTMLButtonElement>("#pair-articles-button")?.disabled).toBe(false),
    );
    click("#pair-articles-button");
    await vi.waitFor(() => expect(callsOf(backend, "pair_articles")).toEqual([{ zhId: 3, enId: 4 }]));
  });
});
