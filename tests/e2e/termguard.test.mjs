// End-to-end test of issue #12, "The termbase guards the memory", in the real app: a name a
// translator confirmed, then deprecated by a reviewer, is flagged in the match panel, inserted
// with the approved name, listed by memory QA and fixed in bulk. Expected values come from the
// `tessera` CLI reading the same database.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { cli, invoke, openApp, screenshot, scratch, textOf, tmxDocument, useDriver } from "./harness.mjs";

useDriver();

const STALE = "Chongqing International Communication Center";
const APPROVED = "Chongqing International Media Center";
const SENTENCE = "重庆国际传播中心举办国际传播论坛。";

/** A glossary as mined: both renderings seen, nobody has reviewed either. */
const CANDIDATE_TBX = `<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
  <tbxHeader><fileDesc><sourceDesc><p>candidates</p></sourceDesc></fileDesc></tbxHeader>
  <text><body>
    <conceptEntry id="c1">
      <langSec xml:lang="zh"><termSec><term>重庆国际传播中心</term></termSec></langSec>
      <langSec xml:lang="en">
        <termSec><term>${STALE}</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></termSec>
        <termSec><term>${APPROVED}</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></termSec>
      </langSec>
    </conceptEntry>
  </body></text>
</tbx>
`;

/** `tessera qa --json` findings of kind `kind` about concept `conceptId`. */
function cliFindings(db, kind, conceptId) {
  return JSON.parse(cli("--db", db, "qa", "--json")).findings.filter(
    (finding) => finding.kind === kind && finding.term_id === conceptId,
  );
}

describe("the termbase guards the memory (#12)", () => {
  it("flags, term-adjusts, lists and bulk-fixes a unit confirmed with a name a reviewer then deprecated", async () => {
    const db = path.join(scratch, "termguard.db");
    // A memory that is not empty (so no sample articles are imported) and the mined candidate.
    const memory = path.join(scratch, "termguard-memory.tmx");
    writeFileSync(memory, tmxDocument([["新华社北京3月9日电。", "Xinhua, Beijing, March 9."]]));
    cli("--db", db, "import", memory);
    const glossary = path.join(scratch, "termguard-candidates.tbx");
    writeFileSync(glossary, CANDIDATE_TBX);
    cli("--db", db, "import", glossary);
    const concept = JSON.parse(cli("--db", db, "terms", "list", "--status", "candidate", "--json")).find((candidate) =>
      candidate.terms.some((term) => term.text === APPROVED),
    );
    assert.ok(concept, "the candidate concept was imported");
    // Unreviewed renderings are labelled so by the CLI too.
    assert.ok(concept.terms.filter((term) => term.lang.startsWith("en")).every((term) => term.label === "unreviewed"));

    const browser = await openApp(db);
    try {
      // 1. The translator confirms the first sentence with the (not yet reviewed) old name.
      await (await browser.$("#nav-editor")).click();
      const paste = await browser.$("#paste-text");
      await paste.waitForExist({ timeout: 20_000 });
      await paste.setValue(`${SENTENCE}\n\n${SENTENCE}`);
      await (await browser.$("#open-pasted")).click();
      const editor = await browser.$("#target-editor");
      await editor.waitForExist({ timeout: 20_000 });
      await editor.setValue(`${STALE} held an international communication forum.`);
      await browser.keys(["Control", "Enter"]);
      // The editor moves to the next sentence; its top match is the translator's own unit.
      await browser.waitUntil(async () => (await browser.$$("#segments .segment-confirmed")).length === 1, {
        timeout: 20_000,
        timeoutMsg: "the first segment was not confirmed",
      });
      const firstMatch = await browser.$("#matches li");
      await firstMatch.waitForExist({ timeout: 20_000 });
      // The names panel sits above the matches: bring the match into view, and read its whole text.
      await firstMatch.scrollIntoView({ block: "center" });
      assert.match(await firstMatch.getProperty("textContent"), new RegExp(STALE));
      assert.equal(await (await browser.$("#matches li .stale-span")).isExisting(), false, "nothing is deprecated yet");
      assert.match(await textOf(browser, "#segments .current"), /重庆国际传播中心/);
      // The Terms panel has nothing approved yet.
      assert.equal((await browser.$$("#segment-terms li")).length, 0);

      // 2. A reviewer approves the other name in the Terminology view; the old one is deprecated.
      await (await browser.$("#nav-terminology")).click();
      const card = await browser.$(`article[data-concept="${concept.id}"]`);
      await card.waitForExist({ timeout: 20_000 });
      assert.match(await card.getText(), /unreviewed/);
      assert.doesNotMatch(await card.getText(), /admitted/);
      // Choose the approved rendering as preferred (the radio inside its label).
      let chosen = false;
      for (const label of await card.$$("table.renderings label")) {
        if ((await label.getText()).trim() === APPROVED) {
          await (await label.$('input[type="radio"]')).click();
          chosen = true;
        }
      }
      assert.ok(chosen, "the approved rendering is offered");
      await (await card.$("button.approve")).click();
      // The approval says how many memory units use the rendering it deprecated, and offers a fix.
      const notice = await browser.$("#approval-fix");
      await notice.waitForExist({ timeout: 20_000 });
      const staleUnits = new Set(cliFindings(db, "deprecated", concept.id).map((finding) => finding.unit_id));
      assert.equal(staleUnits.size, 1);
      assert.match(await notice.getText(), new RegExp(`^Memory units using renderings this deprecates: ${staleUnits.size} `));
      assert.match(await notice.getText(), new RegExp(STALE));
      await screenshot(browser, "termguard-approval.png");
      await (await browser.$("#leave-stale")).click();
      // The status bar counts approved concepts apart from candidates, as `stats` does.
      const stats = JSON.parse(cli("--db", db, "stats", "--json"));
      await browser.waitUntil(async () => (await textOf(browser, "#stat-concepts-approved")) === String(stats.concepts_by_review.approved), {
        timeout: 10_000,
        timeoutMsg: "the status bar did not count the approved concept",
      });
      assert.equal(await textOf(browser, "#stat-concepts-candidate"), String(stats.concepts_by_review.candidate));

      // 3. Back in the editor, without leaving the segment: the Terms panel and the match panel
      // already know about the approval.
      await (await browser.$("#nav-editor")).click();
      await browser.waitUntil(async () => (await textOf(browser, "#segment-terms")).includes(APPROVED), {
        timeout: 10_000,
        timeoutMsg: "the Terms panel did not show the approved name",
      });
      // The names panel lists the name under the approved terms now, not the candidates.
      await browser.waitUntil(async () => ((await (await browser.$("#names-approved")).getProperty("textContent")) ?? "").includes(APPROVED), {
        timeout: 10_000,
        timeoutMsg: "the names panel still listed the approved name as a candidate",
      });
      const flagged = await browser.$("#matches li .stale-span");
      await flagged.waitForExist({ timeout: 10_000 });
      assert.equal(await flagged.getText(), STALE);
      const top = await browser.$("#matches li");
      assert.match(await top.getText(), /term-adjusted/);
      assert.match(await textOf(browser, "#matches li .match-explanation"), new RegExp(`swapped “${STALE}” → “${APPROVED}”`));
      // The app shows what `tessera lookup` computes.
      const lookup = JSON.parse(cli("--db", db, "lookup", SENTENCE, "--json"));
      assert.equal(lookup.matches[0].term_adjusted, true);
      assert.equal(await textOf(browser, "#matches li .match-target"), lookup.matches[0].adjusted_target);
      await screenshot(browser, "termguard-match.png");
      // Ctrl+1 inserts the target with the approved name, labelled term-adjusted.
      const current = await browser.$("#target-editor");
      await current.click();
      await browser.keys(["Control", "1"]);
      await browser.waitUntil(async () => (await current.getValue()) === lookup.matches[0].adjusted_target, {
        timeout: 10_000,
        timeoutMsg: "Ctrl+1 did not insert the term-adjusted match",
      });
      assert.ok((await current.getValue()).startsWith(APPROVED));
      assert.match(await textOf(browser, "#inserted-note"), /term-adjusted/);
      // The live check has nothing to say about the inserted text.
      await browser.waitUntil(async () => (await browser.$$("#findings li")).length === 0, {
        timeout: 10_000,
        timeoutMsg: "the inserted match was flagged",
      });

      // A concordance search marks the stale unit too, as `tessera concordance --json` does.
      await (await browser.$("#nav-memory")).click();
      const query = await browser.$("#concordance-query");
      await query.waitForExist({ timeout: 20_000 });
      await query.setValue("重庆国际传播中心");
      await (await browser.$("#concordance-search")).click();
      const concordance = JSON.parse(cli("--db", db, "concordance", "重庆国际传播中心", "--json"));
      const staleHits = concordance.hits.filter((hit) => hit.term_warnings.length > 0);
      assert.deepEqual(staleHits.map((hit) => hit.unit_id), [...staleUnits]);
      const staleRow = await browser.$(`#concordance-hits tr.hit-stale[data-unit="${staleHits[0].unit_id}"]`);
      await staleRow.waitForExist({ timeout: 20_000 });
      assert.match(await staleRow.getText(), new RegExp(`Deprecated “${STALE}”; approved: “${APPROVED}”`));
      assert.equal((await browser.$$("#concordance-hits tr.hit-stale")).length, staleHits.length);

      // 4. The QA view lists the stale unit, as `tessera qa` does.
      await (await browser.$("#nav-qa")).click();
      await (await browser.$("#run-qa")).click();
      const [staleUnit] = [...staleUnits];
      const row = await browser.$(`#qa-findings tr.qa-deprecated[data-unit="${staleUnit}"]`);
      await row.waitForExist({ timeout: 30_000 });
      assert.equal(await textOf(browser, `#qa-findings tr.qa-deprecated[data-unit="${staleUnit}"] .qa-found`), STALE);
      assert.equal(await textOf(browser, `#qa-findings tr.qa-deprecated[data-unit="${staleUnit}"] .qa-suggestion`), APPROVED);
      const cliAll = JSON.parse(cli("--db", db, "qa", "--json")).findings;
      assert.equal((await browser.$$("#qa-findings tbody tr")).length, cliAll.length);
      // Filter by the term; one bulk fix.
      await (await browser.$("#qa-term-filter")).selectByAttribute("value", String(concept.id));
      const fixTerm = await browser.$("#qa-fix-term");
      await fixTerm.waitForExist({ timeout: 10_000 });
      await screenshot(browser, "termguard-qa.png");

      // The report exports as HTML and XLSX (the native save dialog cannot be driven: call the
      // command as the view does).
      const report = await invoke(browser, "run_qa", { documentId: null });
      assert.equal(report.failed, undefined);
      for (const [format, name] of [["html", "qa.html"], ["xlsx", "qa.xlsx"]]) {
        const out = path.join(scratch, name);
        const answer = await invoke(browser, "export_qa_report", { path: out, findings: report.findings, documentId: null, format });
        assert.equal(answer?.failed, undefined, JSON.stringify(answer));
        assert.ok(existsSync(out));
      }
      assert.match(readFileSync(path.join(scratch, "qa.html"), "utf8"), new RegExp(STALE));
      assert.equal(readFileSync(path.join(scratch, "qa.xlsx")).subarray(0, 2).toString(), "PK");

      await fixTerm.click();
      await browser.waitUntil(async () => /Fixed: 1; units changed: 1;/.test(await textOf(browser, "#qa-message")), {
        timeout: 20_000,
        timeoutMsg: "the bulk fix did not report",
      });
      assert.deepEqual(cliFindings(db, "deprecated", concept.id), []);
      const audit = cli("--db", db, "audit");
      assert.match(audit, /qa-fixed/);
      // The fix is undoable: Undo brings the old target back, and fixing the one finding clears it.
      await (await browser.$("#qa-undo-fix")).click();
      await browser.waitUntil(async () => cliFindings(db, "deprecated", concept.id).length === 1, {
        timeout: 20_000,
        timeoutMsg: "Undo did not restore the unit",
      });
      // Undo puts the finding back in the list; this time fix that one finding from its row.
      const again = await browser.$(`#qa-findings tr.qa-deprecated[data-unit="${staleUnit}"] button.qa-fix`);
      await again.waitForExist({ timeout: 10_000 });
      await again.click();
      await browser.waitUntil(async () => cliFindings(db, "deprecated", concept.id).length === 0, {
        timeout: 20_000,
        timeoutMsg: "the second fix did not clear the finding",
      });
      await screenshot(browser, "termguard-qa-fixed.png");
    } finally {
      await browser.deleteSession();
    }
    // Done when: `tessera qa --json` has no deprecated finding for that term.
    const after = JSON.parse(cli("--db", db, "qa", "--json")).findings;
    assert.equal(after.filter((finding) => finding.kind === "deprecated" && finding.term_id === concept.id).length, 0);
  });

  it("imports a glossary as approved, keeping its term statuses", async () => {
    const db = path.join(scratch, "approved-import.db");
    const memory = path.join(scratch, "approved-memory.tmx");
    writeFileSync(memory, tmxDocument([["新华社北京3月9日电。", "Xinhua, Beijing, March 9."]]));
    cli("--db", db, "import", memory);
    const glossary = path.join(scratch, "official.tbx");
    writeFileSync(
      glossary,
      CANDIDATE_TBX.replace("admittedTerm-admn-sts", "deprecatedTerm-admn-sts").replace("admittedTerm-admn-sts", "preferredTerm-admn-sts"),
    );
    const browser = await openApp(db);
    try {
      await (await browser.$("#nav-import-export")).click();
      const box = await browser.$("#import-approved");
      await box.waitForExist({ timeout: 20_000 });
      await box.click();
      assert.equal(await box.isSelected(), true);
      // The native open dialog cannot be driven: call the command with the view's choice.
      const reports = await invoke(browser, "import_files", { paths: [glossary], pairs: [], approve: true });
      assert.equal(reports.failed, undefined, JSON.stringify(reports));
    } finally {
      await browser.deleteSession();
    }
    const approved = JSON.parse(cli("--db", db, "terms", "list", "--status", "approved", "--json"));
    assert.equal(approved.length, 1);
    const statuses = Object.fromEntries(approved[0].terms.map((term) => [term.text, term.status]));
    assert.equal(statuses[APPROVED], "preferred");
    assert.equal(statuses[STALE], "deprecated");
  });
});
