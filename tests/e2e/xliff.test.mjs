// End-to-end: XLIFF 1.2 and 2.0 files opened in the editor (issue 15, part 2). Each is opened,
// pre-translated with the editor's button, one segment is edited (its inline tags moved or
// inserted with a tag button) and confirmed, and the file is saved. The saved file validates
// against the OASIS schema with xmllint, and its content matches what the CLI reads from the
// same database: `tessera pretranslate` of the same file for the untouched segment, and
// `tessera lookup` for the confirmed one.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import { ROOT, cli, groupThousands, invoke, openApp, retype, screenshot, scratch, statsOf, textOf, useDriver } from "./harness.mjs";

useDriver();

const SCHEMAS = path.join(ROOT, "tests/fixtures/xliff/schemas");

function validate(file, version2) {
  const schema = version2 ? path.join(SCHEMAS, "2.0/modules/matches.xsd") : path.join(SCHEMAS, "1.2/xliff-core-1.2-strict.xsd");
  // Throws with xmllint's complaint when the file is not valid.
  execFileSync("xmllint", ["--nonet", "--noout", "--schema", schema, file], {
    env: { ...process.env, XML_CATALOG_FILES: path.join(SCHEMAS, "catalog.xml") },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

function unescapeXml(text) {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");
}

/** A memory from a real article; returns [zh, en] pairs as the CLI exports them. */
function memoryPairs(db) {
  cli("--db", db, "import", path.join(ROOT, "samples/001_cc20114ba520b0ba.txt"));
  const tmx = path.join(scratch, `${path.basename(db)}.tmx`);
  cli("--db", db, "export", "tmx", tmx);
  const pairs = [];
  for (const [, unit] of readFileSync(tmx, "utf8").matchAll(/<tu\b[\s\S]*?>([\s\S]*?)<\/tu>/g)) {
    const zh = /xml:lang="zh[^"]*"[^>]*>\s*<seg>([^<]*)<\/seg>/.exec(unit)?.[1];
    const en = /xml:lang="en[^"]*"[^>]*>\s*<seg>([^<]*)<\/seg>/.exec(unit)?.[1];
    if (zh !== undefined && en !== undefined && !zh.includes("&") && [...zh].length > 12) pairs.push([zh, en]);
  }
  return pairs;
}

/** The file's units: an exact match, one with a paired code around its first two characters,
 * one the memory does not know, and one not to translate. */
function xliff12([exact, tagged]) {
  const chars = [...tagged[0]];
  return `<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
 <file original="news.html" source-language="zh-TW" target-language="en-US" datatype="html">
  <body>
   <trans-unit id="1"><source>${exact[0]}</source></trans-unit>
   <trans-unit id="2"><source><g id="1">${chars.slice(0, 2).join("")}</g>${chars.slice(2).join("")}<x id="2"/></source></trans-unit>
   <trans-unit id="3"><source>今天天气很好，我们去公园散步吧。</source></trans-unit>
   <trans-unit id="4" translate="no"><source>新华社</source></trans-unit>
  </body>
 </file>
</xliff>
`;
}

function xliff20([exact, tagged]) {
  const chars = [...tagged[0]];
  return `<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="zh-TW" trgLang="en-US">
 <file id="f1" original="news.docx">
  <unit id="u1"><segment id="s1"><source>${exact[0]}</source></segment></unit>
  <unit id="u2">
   <originalData><data id="d1">&lt;b&gt;</data><data id="d2">&lt;/b&gt;</data></originalData>
   <segment id="s2"><source><pc id="1" dataRefStart="d1" dataRefEnd="d2">${chars.slice(0, 2).join("")}</pc>${chars.slice(2).join("")}<ph id="2"/></source></segment>
  </unit>
  <unit id="u3"><segment id="s3"><source>今天天气很好，我们去公园散步吧。</source></segment></unit>
  <unit id="u4" translate="no"><segment id="s4"><source>新华社</source></segment></unit>
 </file>
</xliff>
`;
}

/** The target element of unit `id` and its attributes (1.2: on `<target>`; 2.0: the segment's). */
function targetOf(xml, id, version2) {
  if (version2) {
    const unit = new RegExp(`<unit id="${id}"[\\s\\S]*?</unit>`).exec(xml)?.[0] ?? "";
    const segment = /<segment([^>]*)>[\s\S]*?<target>([\s\S]*?)<\/target>/.exec(unit);
    return segment === null ? null : { attributes: segment[1], text: segment[2], unit };
  }
  const unit = new RegExp(`<trans-unit id="${id}"[\\s\\S]*?</trans-unit>`).exec(xml)?.[0] ?? "";
  const target = /<target([^>]*)>([\s\S]*?)<\/target>/.exec(unit);
  return target === null ? null : { attributes: target[1], text: target[2], unit };
}

function firstWordOf(text) {
  return text.split(" ")[0];
}

/** Text of an XLIFF element's content without its inline codes. */
function plain(content) {
  return unescapeXml(content.replace(/<[^>]+>/g, ""));
}

async function openInEditor(browser, file) {
  // The dialog cannot be driven: the command behind "Open XLIFF…" is called as the UI calls it,
  // and the document is then opened from the editor's list.
  const id = await invoke(browser, "open_xliff_file", { path: file });
  assert.equal(typeof id, "number", JSON.stringify(id));
  await (await browser.$("#nav-memory")).click();
  await (await browser.$("#nav-editor")).click();
  const entry = await browser.$(`//ul[@id="documents"]//button[contains(., "${path.basename(file)}")]`);
  await entry.waitForExist({ timeout: 20_000 });
  await entry.click();
  await browser.waitUntil(async () => (await browser.$$("#segments .segment")).length === 3, {
    timeout: 20_000,
    timeoutMsg: "the three translatable segments were not shown",
  });
  return id;
}

for (const version2 of [false, true]) {
  const version = version2 ? "2.0" : "1.2";
  describe(`An XLIFF ${version} file`, () => {
    it("is opened, pre-translated, edited with its tags, confirmed and saved valid", async () => {
      const db = path.join(scratch, `xliff-${version}.db`);
      const article = memoryPairs(db);
      assert.ok(article.length >= 3, "the article gives at least three sentences");
      // Not neighbours in the article, so that neither is a context match.
      const pairs = [article[0], article[2]];
      const input = path.join(scratch, `news-${version}.xlf`);
      writeFileSync(input, version2 ? xliff20(pairs) : xliff12(pairs));
      // What the CLI fills the same file with, from the same memory.
      const cliOut = path.join(scratch, `cli-${version}.xlf`);
      const cliReport = JSON.parse(cli("--db", db, "pretranslate", input, "--out", cliOut, "--json"));
      const cliXml = readFileSync(cliOut, "utf8");
      const before = statsOf(db);
      const saved = path.join(scratch, `saved-${version}.xlf`);
      const edited = `${pairs[1][1].replace(/\.$/, "")} (edited).`;
      const browser = await openApp(db);
      let documentId;
      try {
        await (await browser.$("#nav-editor")).click();
        await (await browser.$("#open-xliff")).waitForExist({ timeout: 20_000 });
        if (!version2) await screenshot(browser, "xliff-start.png");
        documentId = await openInEditor(browser, input);
        // The article is in traditional characters, as the file's zh-TW says.
        assert.equal(await textOf(browser, "#editor-direction"), "Chinese (Traditional) → English");
        // The tagged source shows its codes as numbered chips.
        const chips = await browser.$$("#segments .segment:nth-child(2) .segment-source .tag-chip");
        const labels = [];
        // One request at a time: WebKitWebDriver drops concurrent ones.
        for (const chip of chips) labels.push(await chip.getText());
        assert.deepEqual(labels, ["{1}", "{/1}", "{2}"]);

        await (await browser.$("#pretranslate")).click();
        const report = await textOf(browser, "#pretranslated");
        assert.match(report, new RegExp(`Filled ${cliReport.filled} segments`));
        assert.equal(await textOf(browser, "#segments .segment:nth-child(3) .segment-status"), "new");

        // The tagged segment: its pre-translation carries the codes at the end; the translator
        // writes their own translation and puts the pair around its first word.
        await (await browser.$("#segments .segment:nth-child(2) .segment-source")).click();
        const editor = await browser.$("#target-editor");
        await browser.waitUntil(async () => (await editor.getValue()).endsWith("{1}{/1}{2}"), {
          timeout: 10_000,
          timeoutMsg: "the pre-translation did not end with the source's tags",
        });
        const [firstWord, ...rest] = edited.split(" ");
        if (version2) {
          // Typed without tags, then the pair and the standalone code from the tag buttons.
          await retype(browser, editor, `${firstWord} ${rest.join(" ")}`);
          await editor.click();
          await browser.keys(["Control", "Home"]);
          await (await browser.$('//div[@id="tag-buttons"]//button[normalize-space(.)="{1}"]')).click();
          // Past the first word, one key at a time (an array of keys is pressed as a chord).
          for (const _ of firstWord) await browser.keys("ArrowRight");
          // F9: the next tag the target lacks, at the caret (memoQ's key).
          await browser.keys(["F9"]);
          await browser.keys(["Control", "End"]);
          await browser.keys(["F9"]);
        } else {
          await editor.setValue(`{1}${firstWord}{/1} ${rest.join(" ")}{2}`);
        }
        await browser.waitUntil(async () => (await browser.$$("#tags-missing")).length === 0, {
          timeout: 10_000,
          timeoutMsg: `tags still missing from "${version2 ? "tag buttons" : "typed"}" target`,
        });
        const typed = await editor.getValue();
        await screenshot(browser, `xliff-${version}-editing.png`);
        await editor.click();
        await browser.keys(["Control", "Enter"]);
        await browser.waitUntil(async () => (await textOf(browser, "#stat-units")) === groupThousands(before.units + 1), {
          timeout: 10_000,
          timeoutMsg: "confirming did not add a unit",
        });
        assert.equal(await textOf(browser, "#segments .segment:nth-child(2) .segment-status"), "confirmed");
        // The confirmed target shows its tags as chips too.
        const targetChips = await browser.$$("#segments .segment:nth-child(2) .segment-target .tag-chip");
        assert.equal(targetChips.length, 3, `typed: ${typed}`);
        assert.ok(await (await browser.$("#save-xliff")).isDisplayed());
        await screenshot(browser, `xliff-${version}-saved.png`);

        // "Save XLIFF…" asks for a path in a dialog: its command is called as the UI calls it.
        const answer = await invoke(browser, "save_document_xliff", { documentId, path: saved });
        assert.equal(answer, null, JSON.stringify(answer));
      } finally {
        await browser.deleteSession();
      }

      const xml = readFileSync(saved, "utf8");
      validate(saved, version2);
      assert.match(xml, version2 ? /srcLang="zh-TW" trgLang="en-US"/ : /source-language="zh-TW" target-language="en-US"/);
      const ids = version2 ? ["u1", "u2", "u3", "u4"] : ["1", "2", "3", "4"];
      // The untouched exact match: as `tessera pretranslate` fills it, state and score included.
      const ours = targetOf(xml, ids[0], version2);
      const theirs = targetOf(cliXml, ids[0], version2);
      assert.ok(ours !== null && theirs !== null, xml);
      assert.equal(plain(ours.text), plain(theirs.text));
      assert.equal(ours.attributes.match(/state="[^"]*"/)?.[0], theirs.attributes.match(/state="[^"]*"/)?.[0]);
      const quality = version2 ? /matchQuality="(\d+)"/ : /match-quality="(\d+)"/;
      assert.equal(Number(quality.exec(ours.unit)?.[1]), Number(quality.exec(theirs.unit)?.[1]));
      // The confirmed segment: final, the codes around the first word, the text the memory now
      // holds for its source.
      const confirmed = targetOf(xml, ids[1], version2);
      assert.match(confirmed.attributes, /state="final"/);
      assert.ok(plain(/^<[^>]+>([^<]*)</.exec(confirmed.text)[1]) === firstWordOf(edited), confirmed.text);
      assert.match(confirmed.text, version2 ? /^<pc id="1"[^>]*>[^<]+<\/pc>[^<]+<ph id="2"[^>]*\/>$/ : /^<g id="1">[^<]+<\/g>[^<]+<x id="2"\/>$/);
      const source = plain(/<source>([\s\S]*?)<\/source>/.exec(confirmed.unit)[1]);
      const lookup = JSON.parse(cli("--db", db, "lookup", source, "--json"));
      assert.equal(lookup.matches[0].score, 100);
      assert.equal(plain(confirmed.text), edited);
      assert.ok(
        lookup.matches.some((match) => match.score === 100 && match.target === edited),
        JSON.stringify(lookup.matches),
      );
      // No match, and not to translate: no target.
      assert.equal(targetOf(xml, ids[2], version2), null);
      assert.equal(targetOf(xml, ids[3], version2), null);
      assert.deepEqual(statsOf(db).units, before.units + 1);
    });
  });
}
