// End-to-end: the editor's grid (issue 15, part 4). A long document is virtualised (only rows
// near the viewport are in the DOM, the current row always in view), the status filter limits
// the rows and the moves, and find/replace works on the stored document. Expected values come
// from the database the app writes (sqlite3, read-only) and the CLI, never from constants.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";

import { cli, openApp, retype, screenshot, scratch, tmxDocument, useDriver } from "./harness.mjs";

useDriver();

const MEMORY = [
  ["外交部发言人毛宁主持例行记者会。", "Foreign Ministry Spokesperson Mao Ning hosted a regular press conference."],
  ["长江经济带发展取得新成效。", "The Yangtze River Economic Belt has made new progress."],
];

/** `n` distinct Chinese sentences in paragraphs of five, with the memory's two sentences at 3 and 40. */
function article(n) {
  const sentences = Array.from({ length: n }, (_, idx) => `${(idx % 12) + 1}月${(idx % 28) + 1}日，代表团第${idx + 1}次赴重庆开展调研。`);
  sentences[3] = MEMORY[0][0];
  sentences[40] = MEMORY[1][0];
  const paragraphs = [];
  for (let start = 0; start < n; start += 5) paragraphs.push(sentences.slice(start, start + 5).join(""));
  return paragraphs.join("\n\n");
}

/** Rows of a query on the app's database, as arrays of strings. */
function sql(db, query) {
  const out = execFileSync("sqlite3", ["-readonly", "-separator", "\t", db, query], { encoding: "utf8" });
  return out
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => line.split("\t"));
}

async function openPasted(browser, text) {
  await (await browser.$("#nav-editor")).click();
  const paste = await browser.$("#paste-text");
  await paste.waitForExist({ timeout: 20_000 });
  await browser.execute((value) => {
    const area = document.getElementById("paste-text");
    area.value = value;
    area.dispatchEvent(new Event("input", { bubbles: true }));
  }, text);
  await (await browser.$("#open-pasted")).click();
  await (await browser.$("#target-editor")).waitForExist({ timeout: 20_000 });
}


/** The current row's segment id, and whether it lies wholly inside the grid's viewport. */
function currentRow(browser) {
  return browser.execute(() => {
    const row = document.querySelector("#segments .segment.current");
    const grid = document.getElementById("segments").getBoundingClientRect();
    if (row === null) return { id: null, visible: false };
    const box = row.getBoundingClientRect();
    return { id: Number(row.getAttribute("data-segment")), visible: box.top >= grid.top - 1 && box.bottom <= grid.bottom + 1 };
  });
}

/** Picks a status filter as a user does: the select's value, then its change event. */
function chooseFilter(browser, value) {
  return browser.execute((wanted) => {
    const select = document.getElementById("status-filter");
    select.value = wanted;
    select.dispatchEvent(new Event("change", { bubbles: true }));
  }, value);
}

async function pressTimes(browser, key, times) {
  for (let press = 0; press < times; press += 1) await browser.keys(["Control", key]);
}

describe("The grid", () => {
  it("renders only the rows near the viewport and keeps the current row in view", async () => {
    const db = path.join(scratch, "grid.db");
    const memory = path.join(scratch, "memory.tmx");
    writeFileSync(memory, tmxDocument(MEMORY));
    cli("--db", db, "import", memory);
    const browser = await openApp(db);
    try {
      await openPasted(browser, article(400));
      const ids = sql(db, "SELECT id FROM document_segment ORDER BY position").map(([id]) => Number(id));
      assert.equal(ids.length, 400);
      assert.equal(await (await browser.$("#segments")).getAttribute("data-rows"), "400");
      const rendered = (await browser.$$("#segments .segment")).length;
      assert.ok(rendered > 5 && rendered < 120, `rendered ${rendered} rows of 400`);
      assert.deepEqual(await currentRow(browser), { id: ids[0], visible: true });
      await screenshot(browser, "grid-top.png");

      // Far beyond the first rendered window, one segment at a time, and back.
      await (await browser.$("#target-editor")).click();
      await pressTimes(browser, "ArrowDown", 130);
      await browser.waitUntil(async () => (await currentRow(browser)).id === ids[130], { timeout: 20_000 });
      assert.deepEqual(await currentRow(browser), { id: ids[130], visible: true });
      assert.equal(await browser.execute(() => document.activeElement?.id), "target-editor");
      assert.equal(await (await browser.$(".segment.current .segment-number")).getText(), "131");
      await screenshot(browser, "grid-row-131.png");
      await pressTimes(browser, "ArrowUp", 30);
      await browser.waitUntil(async () => (await currentRow(browser)).id === ids[100], { timeout: 20_000 });
      assert.deepEqual(await currentRow(browser), { id: ids[100], visible: true });

      // Scrolling by hand renders the rows that come into view.
      await browser.execute(() => {
        const grid = document.getElementById("segments");
        grid.scrollTop = grid.scrollHeight;
      });
      await browser.waitUntil(
        async () => (await browser.$$("#segments .segment")).length > 0 && (await (await browser.$$("#segments .segment-number")).at(-1).getText()) === "400",
        { timeout: 10_000, timeoutMsg: "the last row never rendered" },
      );
    } finally {
      await browser.deleteSession();
    }
  });

  it("filters by status, and Ctrl+↓ and Ctrl+Enter move within the filtered rows", async () => {
    const db = path.join(scratch, "filter.db");
    const memory = path.join(scratch, "memory-filter.tmx");
    writeFileSync(memory, tmxDocument(MEMORY));
    cli("--db", db, "import", memory);
    const browser = await openApp(db);
    try {
      await openPasted(browser, article(60));
      // Pre-translation filled the two 100% matches as drafts.
      const drafts = sql(db, "SELECT id FROM document_segment WHERE status = 'draft' ORDER BY position").map(([id]) => Number(id));
      assert.equal(drafts.length, 2);
      await chooseFilter(browser, "draft");
      await browser.waitUntil(async () => (await (await browser.$("#segments")).getAttribute("data-rows")) === String(drafts.length + 1));
      // The filter keeps the drafts (and the row being worked on until the translator leaves it).
      await (await browser.$$("#segments .segment"))[1].click();
      await browser.waitUntil(async () => (await currentRow(browser)).id === drafts[0]);
      await browser.waitUntil(async () => (await (await browser.$("#segments")).getAttribute("data-rows")) === "2");
      await (await browser.$("#target-editor")).click();
      await browser.keys(["Control", "ArrowDown"]);
      await browser.waitUntil(async () => (await currentRow(browser)).id === drafts[1]);
      await screenshot(browser, "grid-filter-drafts.png");
      // Confirming the last draft wraps to the first one, skipping every new segment between.
      await browser.keys(["Control", "Enter"]);
      await browser.waitUntil(async () => (await currentRow(browser)).id === drafts[0], { timeout: 20_000 });
      assert.deepEqual(sql(db, `SELECT status FROM document_segment WHERE id = ${drafts[1]}`), [["confirmed"]]);
      // Confirmed: one row, as the database counts them.
      await chooseFilter(browser, "confirmed");
      const confirmed = sql(db, "SELECT id FROM document_segment WHERE status = 'confirmed'").map(([id]) => Number(id));
      await browser.waitUntil(async () => (await (await browser.$("#segments")).getAttribute("data-rows")) === String(confirmed.length + 1));
      assert.match(await (await browser.$("#filter-count")).getText(), new RegExp(`^${confirmed.length}\\D+60$`));
    } finally {
      await browser.deleteSession();
    }
  });

  it("finds in sources and translations and replaces in translations, one or all, refusing a bad regex", async () => {
    const db = path.join(scratch, "find.db");
    const memory = path.join(scratch, "memory-find.tmx");
    writeFileSync(memory, tmxDocument(MEMORY));
    cli("--db", db, "import", memory);
    const browser = await openApp(db);
    try {
      await openPasted(browser, article(60));
      const ids = sql(db, "SELECT id FROM document_segment ORDER BY position").map(([id]) => Number(id));
      // Three translations typed: the first confirmed, the next two drafts.
      const editor = await browser.$("#target-editor");
      await editor.setValue("Delegation visit 1 to Chongqing.");
      await browser.keys(["Control", "Enter"]);
      await browser.waitUntil(async () => (await currentRow(browser)).id === ids[1]);
      // The confirmed first sentence is a fuzzy match of the second: its source against this one's,
      // what only the match has red and struck through, what only this segment has blue.
      const diff = await browser.waitUntil(
        () =>
          browser.execute(() => {
            const piece = (element) => {
              const style = getComputedStyle(element);
              return { text: element.textContent, color: style.color, line: style.textDecorationLine };
            };
            const deleted = [...document.querySelectorAll("#matches .match-source del")].map(piece);
            const inserted = [...document.querySelectorAll("#matches .match-source ins")].map(piece);
            return deleted.length > 0 && inserted.length > 0 ? { deleted, inserted } : false;
          }),
        { timeout: 20_000, timeoutMsg: "no match diff was shown" },
      );
      const [matchSource, segmentSource] = sql(db, "SELECT source FROM document_segment ORDER BY position LIMIT 2").map(([source]) => source);
      for (const piece of diff.deleted) {
        assert.ok(matchSource.includes(piece.text) && piece.text.includes("1"), `deleted ${piece.text}`);
        assert.deepEqual([piece.color, piece.line], ["rgb(198, 40, 40)", "line-through"]);
      }
      for (const piece of diff.inserted) {
        assert.ok(segmentSource.includes(piece.text) && piece.text.includes("2") && !piece.text.includes("1"), `inserted ${piece.text}`);
        assert.equal(piece.color, "rgb(21, 101, 192)");
      }
      await screenshot(browser, "grid-match-diff.png");
      for (const n of [2, 3]) {
        await retype(browser, await browser.$("#target-editor"), `Delegation visit ${n} to Chongqing.`);
        await browser.keys(["Control", "ArrowDown"]);
        await browser.waitUntil(async () => (await currentRow(browser)).id === ids[n]);
      }
      await browser.waitUntil(() => sql(db, "SELECT count(*) FROM document_segment WHERE target LIKE '%visit%'")[0][0] === "3");
      assert.deepEqual(sql(db, `SELECT status FROM document_segment WHERE id = ${ids[0]}`), [["confirmed"]]);

      // Ctrl+F: the source's occurrences, as many as the stored sources hold.
      await browser.keys(["Control", "f"]);
      const pattern = await browser.$("#find-pattern");
      await pattern.waitForExist();
      assert.equal(await browser.execute(() => document.activeElement?.id), "find-pattern");
      await pattern.setValue("重庆");
      const sources = sql(db, "SELECT source FROM document_segment ORDER BY position").map(([source]) => source);
      const inSources = sources.reduce((sum, source) => sum + source.split("重庆").length - 1, 0);
      await browser.waitUntil(async () => (await (await browser.$("#find-count")).getText()) === `${inSources} found`);
      // Enter goes to the first occurrence at or after the current segment, and marks it.
      await browser.keys("Enter");
      const first = sources.findIndex((source, idx) => idx >= 3 && source.includes("重庆"));
      await browser.waitUntil(async () => (await currentRow(browser)).id === ids[first]);
      assert.equal(await (await browser.$(".segment.current .segment-source mark.find-hit")).getText(), "重庆");
      assert.equal(await browser.execute(() => document.activeElement?.id), "find-pattern");

      // Ctrl+H in the translations, by regex.
      await browser.keys(["Control", "h"]);
      await (await browser.$("#find-regex")).click();
      await retype(browser, pattern, "visit (\\d)");
      // Say what the panel showed if it does not count them.
      let shown = null;
      await browser
        .waitUntil(
          async () => {
            shown = await browser.execute(() => ({
              count: document.getElementById("find-count")?.textContent ?? null,
              pattern: document.getElementById("find-pattern")?.value ?? null,
              regex: document.getElementById("find-regex")?.checked ?? null,
              field: document.getElementById("find-field")?.value ?? null,
              problem: document.getElementById("find-problem")?.textContent ?? null,
            }));
            return shown.count === "3 found";
          },
          { timeout: 10_000 },
        )
        .catch((error) => {
          throw new Error(`the find panel did not count 3 translations: ${JSON.stringify(shown)}`, { cause: error });
        });
      await (await browser.$("#replace-with")).setValue("trip $1");
      await (await browser.$("#find-next")).click();
      await browser.waitUntil(async () => (await currentRow(browser)).id === ids[0]);
      await screenshot(browser, "grid-find-replace.png");
      await (await browser.$("#replace-one")).click();
      await browser.waitUntil(() => sql(db, `SELECT target, status FROM document_segment WHERE id = ${ids[0]}`)[0][0] === "Delegation trip 1 to Chongqing.");
      // Replacing changed the confirmed translation: it is a draft again, as after an edit.
      assert.deepEqual(sql(db, `SELECT status FROM document_segment WHERE id = ${ids[0]}`), [["draft"]]);
      assert.equal(sql(db, `SELECT target FROM document_segment WHERE id = ${ids[1]}`)[0][0], "Delegation visit 2 to Chongqing.");
      await (await browser.$("#replace-all")).click();
      await browser.waitUntil(() => sql(db, "SELECT count(*) FROM document_segment WHERE target LIKE '%visit%'")[0][0] === "0");
      assert.deepEqual(
        sql(db, `SELECT target FROM document_segment WHERE id IN (${ids.slice(0, 3).join(",")}) ORDER BY position`).map(([target]) => target),
        ["Delegation trip 1 to Chongqing.", "Delegation trip 2 to Chongqing.", "Delegation trip 3 to Chongqing."],
      );
      // The panel says so once it has read the segments again.
      await browser.waitUntil(async () => /^Replaced 2 in 2 segments/.test(await (await browser.$("#find-note")).getText()), {
        timeout: 20_000,
        timeoutMsg: "the panel never reported the replace-all",
      });

      // A regex that does not parse: a clear message, nothing found, nothing replaced.
      const before = sql(db, "SELECT id, target, status FROM document_segment ORDER BY position");
      await retype(browser, pattern, "trip (");
      await browser.waitUntil(async () => (await browser.$("#find-problem")).isExisting());
      assert.match(await (await browser.$("#find-problem")).getText(), /^cannot search: regex parse error/);
      assert.equal(await (await browser.$("#replace-all")).isEnabled(), false);
      await screenshot(browser, "grid-find-bad-regex.png");
      assert.deepEqual(sql(db, "SELECT id, target, status FROM document_segment ORDER BY position"), before);
    } finally {
      await browser.deleteSession();
    }
  });

  it("splits a segment where its source was clicked and merges it back, within a paragraph only", async () => {
    const db = path.join(scratch, "split.db");
    const browser = await openApp(db);
    try {
      await openPasted(browser, article(10));
      const rows = () => sql(db, "SELECT id, position, block_idx, source, target, status FROM document_segment ORDER BY position");
      const before = rows();
      assert.equal(before.length, 10);
      const [firstId, , , firstSource] = before[0];
      // A click in the source after its fifth character (as the translator puts the caret), then Ctrl+T.
      await browser.execute(() => {
        const cell = document.querySelector(".segment.current .segment-source");
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        let left = 5;
        for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
          const chars = Array.from(node.textContent);
          if (left <= chars.length) {
            const range = document.createRange();
            range.setStart(node, chars.slice(0, left).join("").length);
            range.collapse(true);
            window.getSelection().removeAllRanges();
            window.getSelection().addRange(range);
            break;
          }
          left -= chars.length;
        }
        cell.dispatchEvent(new MouseEvent("mouseup", { bubbles: true }));
      });
      await (await browser.$("#target-editor")).click();
      await browser.keys(["Control", "t"]);
      await browser.waitUntil(async () => (await (await browser.$("#segments")).getAttribute("data-rows")) === "11", {
        timeout: 20_000,
        timeoutMsg: "the segment was not split",
      });
      assert.equal(rows().length, 11);
      const split = rows();
      const chars = Array.from(firstSource);
      assert.deepEqual(
        split.slice(0, 2).map(([id, position, block, source, , status]) => [id, position, block, source, status]),
        [
          [firstId, "0", before[0][2], chars.slice(0, 5).join(""), "new"],
          [split[1][0], "1", before[0][2], chars.slice(5).join(""), "new"],
        ],
      );
      assert.deepEqual(split.map(([, position]) => Number(position)), [...Array(11).keys()]);
      assert.deepEqual(split.slice(2).map(([id, , , source]) => [id, source]), before.slice(1).map(([id, , , source]) => [id, source]));
      await browser.waitUntil(async () => (await browser.$$("#segments .segment")).length === 11);
      assert.equal(await (await browser.$(".segment.current .segment-source")).getText(), chars.slice(0, 5).join(""));
      await screenshot(browser, "grid-split.png");

      // Ctrl+J merges it with the next one again: the sentence and the positions are as before.
      await browser.keys(["Control", "j"]);
      await browser.waitUntil(async () => (await (await browser.$("#segments")).getAttribute("data-rows")) === "10", {
        timeout: 20_000,
        timeoutMsg: "the segments were not merged",
      });
      assert.deepEqual(rows().map(([id, position, , source]) => [id, position, source]), before.map(([id, position, , source]) => [id, position, source]));

      // The last sentence of a paragraph does not merge into the next paragraph: a message, no change.
      await (await browser.$$("#segments .segment"))[4].click();
      await browser.waitUntil(async () => (await currentRow(browser)).id === Number(before[4][0]));
      await browser.keys(["Control", "j"]);
      const problem = await browser.$("#editor .status-error");
      await problem.waitForExist({ timeout: 10_000 });
      assert.match(await problem.getText(), /same paragraph/);
      assert.deepEqual(rows(), before);
    } finally {
      await browser.deleteSession();
    }
  });
});
