// End-to-end tests of the real desktop app: the built binary, its real backend and SQLite, driven
// in its real WebKit webview through tauri-driver and WebKitWebDriver (run under Xvfb on Linux).
//
// Expected values come from the `tessera` CLI reading the same database file, never from
// constants, so a backend that returned other data would fail these tests.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import {
  CLI,
  ROOT,
  cli,
  execFileSyncStatus,
  groupThousands,
  openApp,
  retype,
  screenshot,
  scratch,
  statsOf,
  textOf,
  tmxDocument,
  useDriver,
} from "./harness.mjs";

useDriver();

describe("Tessera desktop app", () => {
  it("imports the sample articles on first start and shows the backend's counts", async () => {
    const db = path.join(scratch, "first-start.db");
    const browser = await openApp(db);
    try {
      const samples = readdirSync(path.join(ROOT, "samples")).filter((name) => name.endsWith(".txt"));
      await browser.waitUntil(async () => (await textOf(browser, "#stat-articles")) === String(samples.length), {
        timeout: 30_000,
        timeoutMsg: "the status bar never showed the imported samples",
      });
      const shownUnits = await textOf(browser, "#stat-units");
      const shownPath = await (await browser.$("#stat-database")).getAttribute("title");
      await screenshot(browser, "first-start.png");
      // The interface switches to Simplified Chinese and back; every label comes from a locale file.
      const localeSelect = await browser.$("#locale");
      await localeSelect.selectByVisibleText("简体中文");
      try {
        await browser.waitUntil(async () => (await textOf(browser, "#nav-editor")) === "编辑器", {
          timeout: 10_000,
          timeoutMsg: "the navigation did not switch to Chinese",
        });
        assert.match(await textOf(browser, ".status-bar"), /翻译单元/);
        await (await browser.$("#nav-import-export")).click();
        assert.equal(await textOf(browser, "#import-folders"), "导入文件夹…");
        await screenshot(browser, "chinese-interface.png");
      } finally {
        await localeSelect.selectByVisibleText("English");
      }
      await browser.waitUntil(async () => (await textOf(browser, "#nav-editor")) === "Editor", { timeout: 10_000 });
      const stats = statsOf(db);
      assert.equal(stats.articles, samples.length);
      assert.ok(stats.units > 0, "the samples must be aligned into units");
      assert.equal(shownUnits, groupThousands(stats.units));
      assert.equal(shownPath, stats.database);
    } finally {
      await browser.deleteSession();
    }
  });

  it("shows units written by the CLI in the status bar and the Memory view", async () => {
    const db = path.join(scratch, "generated.db");
    cli("--db", db, "generate", "--synthetic", "--units", "1234", "--seed", "7");
    const stats = statsOf(db);
    const browser = await openApp(db);
    try {
      await browser.waitUntil(async () => (await textOf(browser, "#stat-units")) === groupThousands(stats.units), {
        timeout: 30_000,
        timeoutMsg: "the status bar never showed the database's units",
      });
      // A non-empty database must not get the samples.
      assert.equal(await textOf(browser, "#stat-articles"), groupThousands(stats.articles));
      await (await browser.$("#nav-memory")).click();
      await (await browser.$("#memory-languages")).waitForExist({ timeout: 20_000 });
      const shownLanguages = {};
      for (const row of await browser.$$("#memory-languages tbody tr")) {
        const cells = await row.$$("td");
        // Languages are shown by name ("Chinese (Simplified)"); the row keeps its tag.
        shownLanguages[await row.getAttribute("data-lang")] = (await cells[1].getText()).trim();
      }
      const expectedLanguages = Object.fromEntries(
        Object.entries(stats.languages).map(([lang, count]) => [lang, groupThousands(count)]),
      );
      assert.deepEqual(shownLanguages, expectedLanguages);
      assert.equal(await textOf(browser, "#memory-units"), groupThousands(stats.units));
      await screenshot(browser, "memory-view.png");
    } finally {
      await browser.deleteSession();
    }
  });

  it("reviews an article's alignment and saves an unlinked pair to the memory", async () => {
    const db = path.join(scratch, "review.db");
    cli("--db", db, "import", path.join(ROOT, "samples", "000_a6fa0aa4d8e2f0f3.txt"));
    const before = statsOf(db);
    assert.ok(before.units > 2);
    const browser = await openApp(db);
    try {
      await (await browser.$("#nav-import-export")).click();
      const review = await browser.$("#articles tbody tr button.review");
      await review.waitForExist({ timeout: 20_000 });
      await review.click();
      await browser.waitUntil(async () => (await browser.$$("#alignment-review tbody tr")).length === before.units, {
        timeout: 20_000,
        timeoutMsg: "the review did not list one row per stored unit",
      });
      // It opens where the user looks: its heading is scrolled into the window.
      await browser.waitUntil(
        async () =>
          browser.execute(() => {
            const top = document.querySelector("#alignment-review h3").getBoundingClientRect().top;
            return top > -2 && top < window.innerHeight / 2;
          }),
        { timeout: 10_000, timeoutMsg: "the review opened out of sight" },
      );
      // Sentences left out of every pair are counted as the CLI counts them.
      const [listed] = JSON.parse(cli("--db", db, "articles", "list", "--json")).articles;
      assert.match(await textOf(browser, "#alignment-summary"), new RegExp(`${listed.unaligned_sentences} sentences unaligned`));
      assert.equal(await textOf(browser, "#articles tbody tr .unaligned-count"), groupThousands(listed.unaligned_sentences));
      await screenshot(browser, "alignment-review.png");
      // Bring the button clear of the status bar first.
      const unlink = await browser.$("#alignment-review tbody tr button.unlink");
      await unlink.scrollIntoView({ block: "center" });
      await unlink.click();
      await browser.waitUntil(async () => (await textOf(browser, "#stat-units")) === groupThousands(before.units - 1), {
        timeout: 20_000,
        timeoutMsg: "the status bar did not show the unlinked pair leaving the memory",
      });
      assert.equal((await browser.$$("#alignment-review tbody tr")).length, before.units - 1);
      assert.ok((await browser.$$("#unaligned li")).length >= 2, "the unlinked sentences are listed as unaligned");
    } finally {
      await browser.deleteSession();
    }
    assert.equal(statsOf(db).units, before.units - 1);
  });

  it("searches the memory by concordance and groups the renderings as the backend does", async () => {
    const db = path.join(scratch, "concordance.db");
    cli("--db", db, "import", path.join(ROOT, "samples"));
    const query = "重庆国际传播中心";
    const expected = JSON.parse(cli("--db", db, "concordance", query, "--json"));
    assert.ok(expected.hits.length > 0);
    const browser = await openApp(db);
    try {
      await (await browser.$("#nav-memory")).click();
      const input = await browser.$("#concordance-query");
      await input.waitForExist({ timeout: 20_000 });
      await input.setValue(query);
      await (await browser.$("#concordance-search")).click();
      const firstRendering = await browser.$("#concordance-renderings tbody tr td");
      await firstRendering.waitForExist({ timeout: 20_000 });
      const rows = await browser.$$("#concordance-renderings tbody tr");
      const shown = [];
      for (const row of rows) {
        const cells = await row.$$("td");
        shown.push([(await cells[0].getText()).trim(), (await cells[1].getText()).trim()]);
      }
      assert.deepEqual(
        shown,
        expected.renderings.map((group) => [group.rendering, groupThousands(group.count)]),
      );
      assert.equal((await browser.$$("#concordance-hits tbody tr")).length, expected.hits.length);
      assert.ok((await browser.$$("#concordance-hits mark")).length >= expected.hits.length);
      await screenshot(browser, "memory-concordance.png");
    } finally {
      await browser.deleteSession();
    }
  });

  it("edits, deletes and shows the history of units in the Memory view", async () => {
    const db = path.join(scratch, "browse.db");
    cli("--db", db, "import", path.join(ROOT, "samples", "000_a6fa0aa4d8e2f0f3.txt"));
    const before = statsOf(db);
    const browser = await openApp(db);
    try {
      await (await browser.$("#nav-memory")).click();
      await browser.waitUntil(async () => (await browser.$$("#units tbody tr")).length === before.units, {
        timeout: 20_000,
        timeoutMsg: "the browser did not list the units",
      });
      const firstRow = await browser.$("#units tbody tr");
      const source = (await (await firstRow.$$("td"))[0].getText()).trim();
      await (await firstRow.$$("td"))[1].doubleClick();
      const editor = await browser.$("textarea.unit-editor");
      await editor.waitForExist({ timeout: 10_000 });
      await retype(browser, editor, "An edited rendering.");
      await (await browser.$("button.save-unit")).click();
      await browser.waitUntil(
        async () => (await (await (await browser.$("#units tbody tr")).$$("td"))[1].getText()).trim() === "An edited rendering.",
        { timeout: 10_000, timeoutMsg: "the edited text did not come back from the backend" },
      );
      await (await browser.$("#units tbody tr button.history")).click();
      const historyText = await textOf(browser, "#unit-history");
      assert.match(historyText, /unit-edited/);
      assert.match(historyText, /An edited rendering\./);
      await screenshot(browser, "memory-browse.png");
      const rows = await browser.$$("#units tbody tr");
      await (await rows[1].$("button.delete-unit")).click();
      await browser.waitUntil(async () => (await textOf(browser, "#stat-units")) === groupThousands(before.units - 1), {
        timeout: 10_000,
        timeoutMsg: "the status bar did not count the deleted unit",
      });
      // The real backend changed the real database: the CLI sees the edit and the deletion.
      const lookup = JSON.parse(cli("--db", db, "lookup", source, "--json"));
      assert.equal(lookup.matches[0].target, "An edited rendering.");
    } finally {
      await browser.deleteSession();
    }
    assert.equal(statsOf(db).units, before.units - 1);
  });

  it("mines candidates and approves the official rendering in the Terminology view", async () => {
    const db = path.join(scratch, "terms.db");
    cli("--db", db, "import", path.join(ROOT, "samples"));
    const browser = await openApp(db);
    let shownCandidates;
    try {
      await (await browser.$("#nav-terminology")).click();
      await (await browser.$("#mine-terms")).click();
      await browser.waitUntil(async () => (await browser.$$("#concepts article")).length > 10, {
        timeout: 20_000,
        timeoutMsg: "no candidates were listed after mining",
      });
      shownCandidates = (await browser.$$("#concepts article")).length;
      const card = await browser.$("//article[.//label[contains(., 'Chongqing Daily Newspaper Group')]]");
      await card.waitForExist({ timeout: 10_000 });
      // The reviewer reads where each rendering was seen before choosing.
      await (await card.$("button.contexts-toggle")).click();
      const context = await card.$(".context");
      await context.waitForExist({ timeout: 10_000 });
      assert.match(await context.getText(), /Newspaper/);
      await (await card.$("//label[contains(., 'Chongqing Daily Newspaper Group')]/input")).click();
      await (await card.$("input.review-comment")).setValue("official name");
      await screenshot(browser, "terminology-review.png");
      await (await card.$("button.approve")).click();
      await browser.waitUntil(async () => (await browser.$$("#concepts article")).length === shownCandidates - 1, {
        timeout: 10_000,
        timeoutMsg: "the approved concept did not leave the candidate queue",
      });
      // Frequency filter: the cards shown are the candidates seen at least 3 times.
      const frequent = JSON.parse(cli("--db", db, "terms", "list", "--status", "candidate", "--json")).filter(
        (concept) => Math.max(...concept.terms.map((term) => term.count)) >= 3,
      );
      await retype(browser, await browser.$("#min-count"), "3");
      await browser.waitUntil(async () => (await browser.$$("#concepts article")).length === frequent.length, {
        timeout: 10_000,
        timeoutMsg: "the frequency filter did not match the backend's counts",
      });
      await retype(browser, await browser.$("#min-count"), "1");
      // Bulk action: reject two candidates at once.
      const boxes = await browser.$$("#concepts input.select-concept");
      await boxes[0].click();
      await boxes[1].click();
      await (await browser.$("#reject-selected")).click();
      await browser.waitUntil(async () => (await browser.$$("#concepts article")).length === shownCandidates - 3, {
        timeout: 10_000,
        timeoutMsg: "the bulk rejection did not leave the queue",
      });
      // Edit an approved concept: mark a deprecated rendering forbidden.
      await (await browser.$("#status-filter")).selectByVisibleText("Approved");
      const deprecated = await browser.$("//article[.//label[contains(., 'Chongqing Newspaper Daily Group')]]//select");
      await deprecated.waitForExist({ timeout: 10_000 });
      await deprecated.selectByVisibleText("forbidden");
      await browser.waitUntil(
        async () =>
          JSON.parse(cli("--db", db, "terms", "list", "--status", "approved", "--json")).some((concept) =>
            concept.terms.some((term) => term.text === "Chongqing Newspaper Daily Group" && term.status === "forbidden"),
          ),
        { timeout: 10_000, timeoutMsg: "the status change did not reach the termbase" },
      );
    } finally {
      await browser.deleteSession();
    }
    // The window's queue is the backend's: the CLI reads the same termbase.
    const candidates = JSON.parse(cli("--db", db, "terms", "list", "--status", "candidate", "--json"));
    assert.equal(candidates.length, shownCandidates - 3);
    assert.equal(JSON.parse(cli("--db", db, "terms", "list", "--status", "rejected", "--json")).length, 2);
    const check = JSON.parse(
      cli("--db", db, "check", "--source", "王雯参观重报集团。", "--target", "Wang Wen visited Chongqing Newspaper Daily Group.", "--json"),
    );
    assert.equal(check.findings[0].kind, "forbidden");
    assert.equal(check.findings[0].suggestion, "Chongqing Daily Newspaper Group");
  });

  it("translates a pasted article: inserts an adjusted match, fixes a near-miss and confirms into the memory", async () => {
    const db = path.join(scratch, "editor.db");
    cli("--db", db, "import", path.join(ROOT, "samples", "000_a6fa0aa4d8e2f0f3.txt"));
    cli("--db", db, "terms", "extract");
    const concepts = JSON.parse(cli("--db", db, "terms", "list", "--json"));
    const center = concepts.find((concept) => concept.terms.some((term) => term.text === "Chongqing International Media Center"));
    cli("--db", db, "terms", "approve", String(center.id), "--preferred", "Chongqing International Media Center");
    const before = statsOf(db);
    const source = "3月9日,市政府外辦党组成员、副主任王雯,率新闻处、重庆与世界杂志社赴重庆国际传播中心开展调研。";
    const browser = await openApp(db);
    try {
      await (await browser.$("#nav-editor")).click();
      const paste = await browser.$("#paste-text");
      await paste.waitForExist({ timeout: 20_000 });
      await paste.setValue(source);
      await (await browser.$("#open-pasted")).click();
      const firstMatch = await browser.$("#matches li");
      await firstMatch.waitForExist({ timeout: 20_000 });
      assert.match(await firstMatch.getText(), /adjusted/);
      // Ctrl+1 inserts the first match, adjusted to the segment's date.
      const editor = await browser.$("#target-editor");
      await editor.click();
      await browser.keys(["Control", "1"]);
      await browser.waitUntil(async () => (await editor.getValue()).startsWith("On March 9,"), {
        timeout: 10_000,
        timeoutMsg: "Ctrl+1 did not insert the adjusted match",
      });
      // Type the near-miss of the approved name: it is flagged with the approved form as the fix.
      const typed = (await editor.getValue()).replace("Chongqing International Media Center", "Chongqing International Communication Center");
      await editor.setValue(typed);
      const finding = await browser.$("#findings li");
      await finding.waitForExist({ timeout: 10_000 });
      assert.match(await finding.getText(), /Chongqing International Communication Center/);
      assert.match(await finding.getText(), /Chongqing International Media Center/);
      await (await browser.$("#toggle-help")).click();
      assert.match(await textOf(browser, "#shortcuts"), /Ctrl\+Enter/);
      await screenshot(browser, "editor.png");
      await (await browser.$("#toggle-help")).click();
      await (await finding.$("button.apply-fix")).click();
      await browser.waitUntil(async () => (await editor.getValue()).includes("Chongqing International Media Center"), {
        timeout: 10_000,
        timeoutMsg: "the fix was not applied",
      });
      await browser.waitUntil(async () => (await browser.$$("#findings li")).length === 0, {
        timeout: 10_000,
        timeoutMsg: "the fixed translation was still flagged",
      });
      // Ctrl+K runs concordance on the selected words.
      await browser.execute(() => {
        const area = document.getElementById("target-editor");
        const start = area.value.indexOf("Media Center");
        area.focus();
        area.setSelectionRange(start, start + "Media Center".length);
      });
      await browser.keys(["Control", "k"]);
      const panel = await browser.$("#editor-concordance");
      await panel.waitForExist({ timeout: 10_000 });
      assert.match(await panel.getText(), /Media Center/);
      // Ctrl+Enter confirms: the unit is in the memory at once.
      await editor.click();
      await browser.keys(["Control", "Enter"]);
      await browser.waitUntil(async () => (await textOf(browser, "#stat-units")) === groupThousands(before.units + 1), {
        timeout: 10_000,
        timeoutMsg: "confirming did not add a unit",
      });
      // The new unit is in the Memory view: concordance on its date finds it.
      await (await browser.$("#nav-memory")).click();
      const query = await browser.$("#concordance-query");
      await query.waitForExist({ timeout: 10_000 });
      await query.setValue("3月9日");
      await (await browser.$("#concordance-search")).click();
      const hit = await browser.$("#concordance-hits tbody tr");
      await hit.waitForExist({ timeout: 10_000 });
      await hit.scrollIntoView({ block: "center" });
      assert.match(await hit.getProperty("textContent"), /On March 9,.*Chongqing International Media Center/s);
    } finally {
      await browser.deleteSession();
    }
    const lookup = JSON.parse(cli("--db", db, "lookup", source, "--json"));
    assert.equal(lookup.matches[0].score, 100);
    assert.match(lookup.matches[0].target, /^On March 9,.*Chongqing International Media Center/);
  });

  it("lists memory imports and undoes one, removing exactly the units it added", async () => {
    const db = path.join(scratch, "undo.db");
    cli("--db", db, "import", path.join(ROOT, "samples", "000_a6fa0aa4d8e2f0f3.txt"));
    const glossary = path.join(scratch, "术语表.csv");
    writeFileSync(glossary, "zh,en\n外交部,Ministry of Foreign Affairs\n重庆国际传播中心,Chongqing International Media Center\n");
    cli("--db", db, "import", glossary);
    const before = statsOf(db);
    const memory = path.join(scratch, "新闻稿-2025.tmx");
    writeFileSync(memory, tmxDocument(NEWS_UNITS));
    cli("--db", db, "import", memory);
    const imports = JSON.parse(cli("--db", db, "imports", "--json")).imports;
    const added = imports.find((batch) => batch.file === memory);
    assert.equal(added.units_added, NEWS_UNITS.length - 1, "the repeated unit is skipped");
    assert.equal(added.units_skipped, 1);
    assert.equal(statsOf(db).units, before.units + added.units_added);
    const browser = await openApp(db);
    try {
      await (await browser.$("#nav-import-export")).click();
      const row = await browser.$(`#imports tbody tr[data-import="${added.id}"]`);
      await row.waitForExist({ timeout: 20_000 });
      // Newest first, every import the CLI lists.
      const shownIds = [];
      for (const shown of await browser.$$("#imports tbody tr[data-import]")) shownIds.push(Number(await shown.getAttribute("data-import")));
      assert.deepEqual(shownIds, imports.map((batch) => batch.id).reverse());
      const cell = async (selector) => (await (await row.$(selector)).getText()).trim();
      assert.equal(await (await row.$("td")).getAttribute("title"), added.file);
      assert.equal(await cell(".units-added"), groupThousands(added.units_added));
      assert.equal(await cell(".units-skipped"), groupThousands(added.units_skipped));
      assert.equal(await cell(".units-replaced"), groupThousands(added.units_replaced));
      assert.equal(await cell(".concepts-added"), groupThousands(added.concepts_added));
      assert.equal(await cell(".import-state"), "Active");
      await (await row.$("button.undo-import")).click();
      assert.equal(
        await textOf(browser, "#confirm-undo .confirm-question"),
        `Remove the ${groupThousands(added.units_added)} units this import added?`,
      );
      await (await browser.$("#confirm-undo-yes")).click();
      await browser.waitUntil(async () => (await textOf(browser, "#stat-units")) === groupThousands(before.units), {
        timeout: 20_000,
        timeoutMsg: "the status bar did not count the removed units",
      });
      assert.equal(
        await textOf(browser, "#undo-outcome"),
        `Undid the import of ${path.basename(memory)}: ${groupThousands(added.units_added)} units removed.`,
      );
      await browser.waitUntil(async () => (await cell(".import-state")).startsWith("Undone"), {
        timeout: 10_000,
        timeoutMsg: "the list did not show the import as undone",
      });
      assert.equal((await row.$$("button.undo-import")).length, 0, "an undone import has no Undo");
      await screenshot(browser, "import-history.png");
    } finally {
      await browser.deleteSession();
    }
    // The CLI reads the same database: the import is undone and exactly its units are gone.
    const after = JSON.parse(cli("--db", db, "imports", "--json")).imports;
    assert.ok(after.find((batch) => batch.id === added.id).undone_at);
    assert.deepEqual(
      after.filter((batch) => batch.id !== added.id),
      imports.filter((batch) => batch.id !== added.id),
    );
    assert.deepEqual(statsOf(db), before);
  });

  it("pairs a folder of monolingual files, imports the confirmed pairs and finds their units through the CLI", async () => {
    const db = path.join(scratch, "pairs.db");
    const fixture = path.join(ROOT, "tests", "fixtures", "pairing");
    const folder = path.join(fixture, "folder");
    const gold = readFileSync(path.join(fixture, "gold.tsv"), "utf8")
      .trim()
      .split("\n")
      .map((line) => line.split("\t"));
    const browser = await openApp(db);
    let proposal;
    try {
      // The native open dialog cannot be driven: call the commands as ui/src/ipc/client.ts does
      // after the user picked the folder and confirmed every proposed pair.
      const invoke = (command, args) =>
        browser.execute(
          (command, args) => window.__TAURI_INTERNALS__.invoke(command, args).catch((error) => ({ failed: error })),
          command,
          args,
        );
      proposal = await invoke("propose_pairs", { paths: [folder] });
      assert.ok(proposal.pairs.length >= 16, `only ${proposal.pairs?.length} pairs proposed`);
      for (const pair of proposal.pairs) {
        const known = gold.some(([zh, en]) => path.basename(pair.zh) === zh && path.basename(pair.en) === en);
        assert.ok(known, `${pair.zh} + ${pair.en} is not a true pair`);
      }
      const pairs = proposal.pairs.map(({ zh, en }) => ({ zh, en }));
      const reports = await invoke("import_files", { paths: [folder], pairs });
      const paired = reports.filter((report) => report.pairedWith !== null);
      assert.equal(paired.length, pairs.length);
      assert.ok(paired.every((report) => report.unitsAdded > 0 && report.problems.length === 0));
      await (await browser.$("#nav-import-export")).click();
      await browser.waitUntil(async () => (await browser.$$("#articles button.unpair")).length === 2 * pairs.length, {
        timeout: 20_000,
        timeoutMsg: "the articles table did not show the pairs",
      });
    } finally {
      await browser.deleteSession();
    }
    // The CLI reads the same database: a gold sentence of a pair is found with its translation.
    const [zh, en] = readFileSync(path.join(fixture, "sentences", "07945dc154a2fbb1.gold.tsv"), "utf8").split("\n")[0].split("\t");
    const found = JSON.parse(cli("--db", db, "lookup", zh, "--json")).matches[0];
    assert.equal(found.score, 100);
    assert.equal(found.target, en);
    assert.equal(path.basename(found.origin.article), "07945dc154a2fbb1.txt");
    const articles = JSON.parse(cli("--db", db, "articles", "list", "--json")).articles;
    assert.equal(articles.filter((article) => article.partner !== null).length, 2 * proposal.pairs.length);
  });

  it("exports the memory as valid TMX and the termbase as TBX through the app's commands", async () => {
    const db = path.join(scratch, "export.db");
    cli("--db", db, "generate", "--synthetic", "--units", "300", "--seed", "11");
    const glossary = path.join(scratch, "export-terms.csv");
    writeFileSync(glossary, "zh,en\n外交部,Ministry of Foreign Affairs\n");
    cli("--db", db, "import", glossary);
    const stats = statsOf(db);
    const memory = path.join(scratch, "导出 memory.tmx");
    const termbase = path.join(scratch, "export.tbx");
    const browser = await openApp(db);
    try {
      await (await browser.$("#nav-import-export")).click();
      // One checkbox per stored language, as the CLI counts them.
      await browser.waitUntil(async () => (await browser.$$("#export-languages input")).length === Object.keys(stats.languages).length, {
        timeout: 20_000,
        timeoutMsg: "the export section did not list the stored languages",
      });
      // The native save dialog cannot be driven: call the commands as ui/src/ipc/client.ts does.
      const invoke = (command, args) =>
        browser.execute(
          (command, args) => window.__TAURI_INTERNALS__.invoke(command, args).catch((error) => ({ failed: error })),
          command,
          args,
        );
      const options = { languages: [], approvedOnly: false, since: null, until: null, renameLanguages: [{ from: "zh-Hans", to: "zh-CN" }] };
      const report = await invoke("export_memory", { path: memory, options });
      assert.equal(report.unitsWritten, stats.units);
      // xmllint exits non-zero when the file breaks the DTD (stderr piped: the DOCTYPE's relative
      // path makes it warn about the entity it could not load before validating with --dtdvalid).
      const dtd = path.join(ROOT, "crates/tessera-core/test_data/tmx/tmx14.dtd");
      execFileSync("xmllint", ["--noout", "--dtdvalid", dtd, memory], { stdio: "pipe" });
      const tmx = readFileSync(memory, "utf8");
      assert.equal(tmx.match(/<tu[ >]/g).length, stats.units);
      assert.equal(tmx.match(/xml:lang="zh-CN"/g).length, stats.languages["zh-Hans"]);
      assert.ok(!tmx.includes('xml:lang="zh-Hans"'));
      const badDate = await invoke("export_memory", { path: memory, options: { ...options, since: "2024-13-01" } });
      assert.equal(badDate.failed.code, "InvalidDate");
      assert.equal(await invoke("export_termbase", { path: termbase, format: "tbx" }), stats.concepts);
      execFileSync("xmllint", ["--noout", termbase]);
      assert.ok(readFileSync(termbase, "utf8").includes("Ministry of Foreign Affairs"));
      assert.deepEqual(readdirSync(scratch).filter((name) => name.endsWith(".partial")), []);
    } finally {
      await browser.deleteSession();
    }
  });

  it("refuses a database written by a newer Tessera and says so in the window", async () => {
    const db = path.join(scratch, "future.db");
    cli("--db", db, "stats");
    const bytes = readFileSync(db);
    bytes.writeUInt32BE(999, 60); // SQLite's user_version header field: the schema version.
    writeFileSync(db, bytes);
    const expected = execFileSyncStatus(CLI, ["--db", db, "stats"]);
    assert.equal(expected.status, 1);
    const browser = await openApp(db);
    try {
      const message = await textOf(browser, "#status-error");
      assert.equal(message, expected.stderr.trim().replace(/^tessera: /, ""));
      await screenshot(browser, "newer-database.png");
    } finally {
      await browser.deleteSession();
    }
  });
});

// A small news memory; the last unit repeats the first, so the import skips it.
const NEWS_UNITS = [
  ["外交部发言人毛宁主持例行记者会。", "Foreign Ministry Spokesperson Mao Ning hosted a regular press conference."],
  ["中方欢迎各国使节出席招待会。", "China welcomes envoys of all countries to the reception."],
  ["今年一季度进出口总值同比增长。", "Total imports and exports grew year on year in the first quarter."],
  ["长江经济带发展取得新成效。", "The Yangtze River Economic Belt has made new progress."],
  ["外交部发言人毛宁主持例行记者会。", "Foreign Ministry Spokesperson Mao Ning hosted a regular press conference."],
];
