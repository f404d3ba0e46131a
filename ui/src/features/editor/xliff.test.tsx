import { render } from "preact";
import { describe, expect, it, vi } from "vitest";

import { startLiveStats } from "../../app/store";
import { installFakeBackend } from "../../ipc/fake";
import { renderTargetPerTest } from "../../lib/render-target";
import { EditorView } from "./index";

const container = renderTargetPerTest();

function element<T extends HTMLElement>(selector: string): T {
  const found = container().querySelector<T>(selector);
  if (found === null) throw new Error(`nothing matches ${selector}`);
  return found;
}

describe("An XLIFF document in the editor", () => {
  it("shows inline codes as numbered chips and saves tokens typed or inserted as the codes", async () => {
    const backend = installFakeBackend({
      documents: [{ id: 3, name: "/tmp/news.xlf", sourceLang: "zh-Hans", targetLang: "en", segments: 1, confirmed: 0 }],
      segments: [{ id: 9, block: 0, source: "习近平\u{E000}会见\u{E001}外宾\u{E002}", target: "Xi \u{E000}met\u{E001}", status: "draft", matchScore: null }],
      xliffTags: {
        3: [
          {
            segmentId: 9,
            tags: [
              { placeholder: "\u{E000}", number: 1, kind: "start", description: "<b>" },
              { placeholder: "\u{E001}", number: 1, kind: "end", description: "</b>" },
              { placeholder: "\u{E002}", number: 2, kind: "standalone", description: "<br/>" },
            ],
          },
        ],
      },
    });
    await startLiveStats();
    render(<EditorView />, container());
    container().querySelector<HTMLButtonElement>("#editor .toolbar button")?.click();
    await vi.waitFor(() => expect(container().querySelector("#documents button")).not.toBeNull());
    element<HTMLButtonElement>("#documents button").click();
    await vi.waitFor(() => expect(container().querySelector("#target-editor")).not.toBeNull());

    const chips = Array.from(container().querySelectorAll(".segment-source .tag-chip")).map((chip) => chip.textContent);
    expect(chips).toEqual(["{1}", "{/1}", "{2}"]);
    expect(element(".segment-source .tag-chip").title).toBe("<b>");
    expect(element("#save-xliff").textContent).toBe("Save XLIFF…");
    const area = element<HTMLTextAreaElement>("#target-editor");
    expect(area.value).toBe("Xi {1}met{/1}");
    expect(element("#tags-missing").textContent).toBe("Missing from the target: {2}");

    // F9 inserts the next missing tag at the caret.
    area.setSelectionRange(area.value.length, area.value.length);
    area.dispatchEvent(new KeyboardEvent("keydown", { key: "F9", bubbles: true }));
    await vi.waitFor(() => expect(element<HTMLTextAreaElement>("#target-editor").value).toBe("Xi {1}met{/1}{2}"));
    expect(container().querySelector("#tags-missing")).toBeNull();

    element<HTMLButtonElement>("#confirm-segment").click();
    await vi.waitFor(() => expect(backend.calls.some((call) => call.command === "save_segment")).toBe(true));
    const saved = backend.calls.find((call) => call.command === "save_segment");
    expect(saved?.args.target).toBe("Xi \u{E000}met\u{E001}\u{E002}");
  });
});
