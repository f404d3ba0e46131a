// End-to-end test of the editor's names and titles (issue #11): a memory renders names that no
// reviewer approved; a new sentence containing them shows them highlighted, lists their
// renderings, completes them with Ctrl+Space, and proposes one as a term candidate.
//
// Expected values come from the `tessera` CLI on the same database (`suggest --json`,
// `terms list --json`), never from constants.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import path from "node:path";
import { ROOT, cli, openApp, screenshot, scratch, textOf, useDriver } from "./harness.mjs";

useDriver();

const SOURCE = "市政府外办党组书记、主任章勇武会见了墨西哥驻华大使。";

/** The CLI's suggestions for `source`, and the best rendering of the span written `span`. */
function suggestionsOf(db, source) {
  const printed = JSON.parse(cli("--db", db, "suggest", "--source", source, "--json"));
  assert.equal(printed.source, source);
  const best = (span) => {
    const found = printed.suggestions.find((suggestion) => suggestion.source === span);
    assert.ok(found, `tessera suggest offers nothing for ${span}`);
    return found;
  };
  return { suggestions: printed.suggestions, best };
}

/** Reads the highlighted names of the current segment's source: [start, end, text, class]. */
async function highlighted(browser) {
  return browser.execute(() =>
    [...document.querySelectorAll(".segment.current .segment-source mark.name")].map((mark) => [
      Number(mark.dataset.start),
      Number(mark.dataset.end),
      mark.textContent,
      mark.className,
    ]),
  );
}

/** Presses Ctrl+Space and lets go of both keys (`browser.keys` would leave Control held down). */
async function controlSpace(browser) {
  await browser.action("key").down("\uE009").down(" ").up(" ").up("\uE009").perform();
}

describe("names and titles in the editor", () => {
  it("highlights unapproved names from the memory, completes them with Ctrl+Space and proposes one as a term", async () => {
    const db = path.join(scratch, "fragments.db");
    const samples = readdirSync(path.join(ROOT, "samples"))
      .filter((name) => name.endsWith(".txt"))
      .map((name) => path.join(ROOT, "samples", name));
    cli("--db", db, "import", ...samples);
    // Nobody approved anything: whatever the editor offers comes from the memory's own evidence.
    assert.deepEqual(JSON.parse(cli("--db", db, "terms", "list", "--status", "approved", "--json")), []);
    const { suggestions, best } = suggestionsOf(db, SOURCE);
    const person = best("章勇武");
    const office = best("市政府外办");
    for (const name of [person, office]) {
      assert.equal(name.origin, "memory");
      assert.equal(name.status, "unreviewed");
    }

    const browser = await openApp(db);
    try {
      await (await browser.$("#nav-editor")).click();
      const paste = await browser.$("#paste-text");
      await paste.waitForExist({ timeout: 20_000 });
      await paste.setValue(SOURCE);
      await (await browser.$("#open-pasted")).click();
      await browser.waitUntil(async () => (await highlighted(browser)).length > 0, {
        timeout: 30_000,
        timeoutMsg: "the source's names were never highlighted",
      });

      // Every highlighted span is one `tessera suggest` printed, and both names are among them,
      // marked as memory fragments.
      const marks = await highlighted(browser);
      for (const [start, end, text] of marks) {
        assert.ok(
          suggestions.some((suggestion) => suggestion.start === start && suggestion.end === end && suggestion.source === text),
          `highlighted ${text} (${start}..${end}) is not a span tessera suggest printed`,
        );
      }
      for (const name of [office, person]) {
        assert.deepEqual(
          marks.find(([start]) => start === name.start),
          [name.start, name.end, name.source, "name name-memory"],
        );
      }

      // The side panel lists their renderings as the CLI ranks them, with counts and examples.
      const listed = async (span) =>
        browser.execute(
          (span) =>
            [...document.querySelectorAll("#names-memory li.name-rendering")]
              .filter((item) => item.dataset.source === span)
              .map((item) => item.querySelector(".name-target").textContent),
          span,
        );
      const spanSuggestions = (name) =>
        suggestions.filter((suggestion) => suggestion.start === name.start && suggestion.end === name.end).map((s) => s.target);
      assert.deepEqual(await listed(person.source), spanSuggestions(person));
      assert.deepEqual(await listed(office.source), spanSuggestions(office));
      const personItem = await browser.$(`#names-memory li.name-rendering[data-source="${person.source}"]`);
      assert.match(await personItem.getText(), new RegExp(`×${person.count}`));

      // Ctrl+Space completes the names from the memory, nobody having approved them.
      const editor = await browser.$("#target-editor");
      await editor.click();
      const typeThenComplete = async (typed, expected) => {
        await editor.addValue(typed);
        await controlSpace(browser);
        await browser.waitUntil(async () => (await editor.getValue()) === expected, {
          timeout: 10_000,
          timeoutMsg: `Ctrl+Space after "${typed}" did not give "${expected}" (got "${await editor.getValue()}")`,
        });
      };
      await typeThenComplete("Zha", person.target);
      await typeThenComplete(", head of the For", `${person.target}, head of the ${office.target}`);
      await editor.addValue(" met the Mexican Ambassador to China.");
      const expectedTarget = `${person.target}, head of the ${office.target} met the Mexican Ambassador to China.`;
      assert.equal(await editor.getValue(), expectedTarget);

      // Its example units open under it.
      await (await personItem.$("button.examples-toggle")).click();
      const examples = await personItem.$$("ul.name-examples li");
      assert.equal(examples.length, person.examples.length);
      await screenshot(browser, "fragments-editor.png");

      // Propose the person's memory rendering as a term candidate.
      await (await personItem.$("select.propose-category")).selectByVisibleText("person");
      await (await personItem.$("button.propose-term")).click();
      await browser.waitUntil(async () => (await textOf(browser, "#names-panel .status-ok")).includes(person.source), {
        timeout: 10_000,
        timeoutMsg: "proposing the fragment gave no confirmation",
      });
      // Now a candidate term: highlighted as one, and listed among the candidates.
      await browser.waitUntil(
        async () => (await highlighted(browser)).some(([start, , , kind]) => start === person.start && kind === "name name-candidate"),
        { timeout: 10_000, timeoutMsg: "the proposed name was not highlighted as a candidate" },
      );
      assert.match(await textOf(browser, "#names-candidate"), new RegExp(person.target));
      await screenshot(browser, "fragments-proposed.png");

      // The termbase holds it as a candidate with its evidence, and the Terminology view shows it.
      const candidates = JSON.parse(cli("--db", db, "terms", "list", "--status", "candidate", "--json"));
      const concept = candidates.find((candidate) => candidate.terms.some((term) => term.text === person.source));
      assert.ok(concept, "no candidate concept holds the proposed name");
      assert.equal(concept.category, "person");
      const english = concept.terms.find((term) => term.text === person.target);
      assert.ok(english, "the candidate lacks the proposed rendering");
      await (await browser.$("#nav-terminology")).click();
      const card = await browser.$(`article.concept[data-concept="${concept.id}"]`);
      await card.waitForExist({ timeout: 20_000 });
      assert.match(await card.getText(), new RegExp(person.target));
      assert.match(await (await card.$(".review-status")).getText(), /candidate/);
    } finally {
      await browser.deleteSession();
    }
    const after = suggestionsOf(db, SOURCE).best("章勇武");
    assert.equal(after.origin, "termbase");
    assert.equal(after.target, person.target);
  });
});
