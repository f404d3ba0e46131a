// End-to-end: a document written in English is translated into Chinese (issue 15, part 1). The
// memory answers from its English side, the term panel and the live check work from English,
// and the confirmed units are found by the CLI on the same database.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";

import { cli, groupThousands, openApp, retype, screenshot, scratch, statsOf, textOf, tmxDocument, useDriver } from "./harness.mjs";

useDriver();

const MEMORY = [
  ["外交部发言人毛宁主持例行记者会。", "Foreign Ministry Spokesperson Mao Ning hosted a regular press conference."],
  ["长江经济带发展取得新成效。", "The Yangtze River Economic Belt has made new progress."],
];

describe("Opening a document", () => {
  it("fills its 100% matches as drafts to review, and moving past a segment keeps its status", async () => {
    const db = path.join(scratch, "pretranslate.db");
    const memory = path.join(scratch, "memory-pre.tmx");
    writeFileSync(memory, tmxDocument(MEMORY));
    cli("--db", db, "import", memory);
    const before = statsOf(db);
    const browser = await openApp(db);
    try {
      await (await browser.$("#nav-editor")).click();
      const paste = await browser.$("#paste-text");
      await paste.waitForExist({ timeout: 20_000 });
      await paste.setValue(`${MEMORY[1][0]}今天天气很好，我们去公园散步吧。`);
      await (await browser.$("#open-pasted")).click();
      assert.match(await textOf(browser, "#pretranslated"), /Filled 1 segments.*100%: 1/);
      const rows = await browser.$$("#segments .segment");
      assert.equal(rows.length, 2);
      assert.equal(await textOf(browser, "#segments .segment:nth-child(1) .segment-status"), "draft100%");
      assert.equal(await (await browser.$("#target-editor")).getValue(), MEMORY[1][1]);
      // Ctrl+↓ past the unchanged pre-translation: still a 100% draft; the empty one stays new.
      await (await browser.$("#target-editor")).click();
      await browser.keys(["Control", "ArrowDown"]);
      await browser.keys(["Control", "ArrowUp"]);
      await browser.keys(["Control", "ArrowDown"]);
      assert.equal(await textOf(browser, "#segments .segment:nth-child(1) .segment-status"), "draft100%");
      assert.equal(await textOf(browser, "#segments .segment:nth-child(2) .segment-status"), "new");
      await screenshot(browser, "editor-pretranslated.png");
    } finally {
      await browser.deleteSession();
    }
    // Pre-translation writes nothing to the memory.
    assert.deepEqual(statsOf(db), before);
  });
});

describe("Translating from English", () => {
  it("translates a pasted English article into simplified Chinese with matches, terms and the check", async () => {
    const db = path.join(scratch, "from-english.db");
    const memory = path.join(scratch, "memory.tmx");
    writeFileSync(memory, tmxDocument(MEMORY));
    cli("--db", db, "import", memory);
    const glossary = path.join(scratch, "official.csv");
    writeFileSync(glossary, "zh,en\n国务院,State Council\n");
    cli("--db", db, "import", glossary, "--approve");
    const before = statsOf(db);
    const article = `${MEMORY[0][1]}\n\nThe State Council met on Friday.\n`;
    const browser = await openApp(db);
    try {
      await (await browser.$("#nav-editor")).click();
      const choice = await browser.$("#target-language");
      await choice.waitForExist({ timeout: 20_000 });
      await choice.selectByAttribute("value", "zh-Hans");
      await (await browser.$("#paste-text")).setValue(article);
      await (await browser.$("#open-pasted")).click();
      assert.equal(await textOf(browser, "#editor-direction"), "English → Chinese (Simplified)");
      // The first sentence is in the memory: a 100% match offering its Chinese.
      const firstMatch = await browser.$("#matches li");
      await firstMatch.waitForExist({ timeout: 20_000 });
      assert.match(await firstMatch.getText(), /100%/);
      assert.match(await firstMatch.getText(), new RegExp(MEMORY[0][0]));
      const editor = await browser.$("#target-editor");
      assert.equal(await editor.getAttribute("lang"), "zh-Hans");
      await editor.click();
      await browser.keys(["Control", "1"]);
      await browser.waitUntil(async () => (await editor.getValue()) === MEMORY[0][0], {
        timeout: 10_000,
        timeoutMsg: "Ctrl+1 did not insert the Chinese of the match",
      });
      await browser.keys(["Control", "Enter"]);
      await browser.waitUntil(async () => (await textOf(browser, "#stat-units")) === groupThousands(before.units + 1), {
        timeout: 10_000,
        timeoutMsg: "confirming did not add a unit",
      });
      // The second names an approved term: the panel shows its Chinese form, and a target
      // without it is flagged with that form as the fix.
      await browser.waitUntil(async () => (await textOf(browser, "#segment-terms")).includes("国务院"), {
        timeout: 10_000,
        timeoutMsg: "the term panel did not show the Chinese form of State Council",
      });
      const second = await browser.$("#target-editor");
      await second.setValue("政府周五开会。");
      const finding = await browser.$("#findings li");
      await finding.waitForExist({ timeout: 10_000 });
      assert.match(await finding.getText(), /国务院/);
      await screenshot(browser, "editor-from-english.png");
      await retype(browser, second, "国务院周五召开会议。");
      await browser.waitUntil(async () => (await browser.$$("#findings li")).length === 0, {
        timeout: 10_000,
        timeoutMsg: "a target with the approved form was still flagged",
      });
      await browser.keys(["Control", "Enter"]);
      await browser.waitUntil(async () => (await textOf(browser, "#stat-units")) === groupThousands(before.units + 2), {
        timeout: 10_000,
        timeoutMsg: "confirming the second segment did not add a unit",
      });
    } finally {
      await browser.deleteSession();
    }
    // The CLI finds the new unit from English and offers its Chinese.
    const lookup = JSON.parse(cli("--db", db, "lookup", "--from", "en", "The State Council met on Friday.", "--json"));
    assert.equal(lookup.matches[0].score, 100);
    assert.equal(lookup.matches[0].target, "国务院周五召开会议。");
  });
});
