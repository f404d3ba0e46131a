// End-to-end test of team mode in the desktop app: a throwaway PostgreSQL cluster (Debian's
// initdb and pg_ctl, as the `postgres` user when run as root), the real `tessera-server`, the
// `tessera` CLI for translator A and reviewer R, and the real app for translator B, whose
// database syncs by itself. Expected values come from the CLI, never from constants.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { ROOT, TARGET, cli, groupThousands, openApp, screenshot, scratch, statsOf, textOf, useDriver } from "./harness.mjs";

useDriver();

const SERVER = process.env.TESSERA_E2E_SERVER ?? path.join(TARGET, "debug", "tessera-server");
const asRoot = process.getuid?.() === 0;

/** Debian's newest `/usr/lib/postgresql/N/bin`. CI installs the `postgresql` package
 * (scripts/install-deps.sh), so a missing one is a failure, not a skip. */
function postgresBin() {
  const base = "/usr/lib/postgresql";
  const versions = existsSync(base)
    ? readdirSync(base)
        .filter((name) => existsSync(path.join(base, name, "bin", "initdb")))
        .sort((a, b) => Number(a) - Number(b))
    : [];
  if (versions.length === 0) throw new Error("no initdb under /usr/lib/postgresql: install Debian's postgresql (scripts/install-deps.sh)");
  return path.join(base, versions.at(-1), "bin");
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** A PostgreSQL cluster of its own in a temporary folder; PostgreSQL refuses to run as root, so
 * then the cluster belongs to the `postgres` user (as in the Rust tests' support module). */
class Postgres {
  async start() {
    this.bin = postgresBin();
    this.dir = mkdtempSync(path.join(os.tmpdir(), "tessera-e2e-pg-"));
    if (asRoot) execFileSync("chown", ["postgres", this.dir]);
    this.port = await freePort();
    const data = path.join(this.dir, "data");
    this.tool("initdb", ["-D", data, "-E", "UTF8", "--locale=C.UTF-8", "-A", "trust", "-U", "postgres", "--no-sync"]);
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
    this.tool("pg_ctl", ["-D", data, "-o", options, "-l", path.join(this.dir, "postgres.log"), "-w", "start"]);
    this.url = `postgresql://postgres@127.0.0.1:${this.port}/postgres`;
    return this;
  }

  tool(name, args) {
    const program = path.join(this.bin, name);
    const [file, fullArgs] = asRoot ? ["runuser", ["-u", "postgres", "--", program, ...args]] : [program, args];
    return execFileSync(file, fullArgs, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  }

  stop() {
    if (this.dir === undefined) return;
    try {
      this.tool("pg_ctl", ["-D", path.join(this.dir, "data"), "-m", "immediate", "-w", "stop"]);
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}

/** Starts `tessera-server` and resolves with its process and URL once it listens. */
async function startServer(postgresUrl) {
  const port = await freePort();
  const child = spawn(SERVER, ["--postgres", postgresUrl, "--listen", `127.0.0.1:${port}`], { stdio: ["ignore", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise((resolve, reject) => {
    lines.once("line", resolve);
    child.once("exit", (code) => reject(new Error(`tessera-server exited with ${code}`)));
  });
  const url = first.trim().replace(/^tessera-server: listening on /, "");
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/, `the server did not start: ${first}`);
  return { child, url };
}

function addUser(postgresUrl, name, role) {
  return execFileSync(SERVER, ["--postgres", postgresUrl, "user", "add", name, "--role", role], { encoding: "utf8" }).trim();
}

const json = (text) => JSON.parse(text.trim());

/** The texts of the elements `selector` matches, read in the webview. */
function textsOf(browser, selector) {
  return browser.execute((selector) => [...document.querySelectorAll(selector)].map((element) => element.textContent.trim()), selector);
}
const db = (name) => path.join(scratch, `${name}.db`);

describe("team mode in the desktop app", () => {
  const postgres = new Postgres();
  let server;
  /** The concept R approves: its id on R's database, the rendering A's units use, the approved one, and a unit using it. */
  let review;

  before(async () => {
    await postgres.start();
    const tokens = {
      anna: addUser(postgres.url, "anna", "translator"),
      bert: addUser(postgres.url, "bert", "translator"),
      rita: addUser(postgres.url, "rita", "reviewer"),
    };
    server = await startServer(postgres.url);
    // Translator A imports the sample articles and syncs.
    cli("--db", db("anna"), "import", path.join(ROOT, "samples"));
    cli("--db", db("anna"), "team", "join", server.url, "--token", tokens.anna);
    const pushed = json(cli("--db", db("anna"), "sync", "--json"));
    assert.ok(pushed.pushed > 10, JSON.stringify(pushed));
    // Reviewer R gets A's units and mines candidates; B joins and gets A's units.
    cli("--db", db("rita"), "team", "join", server.url, "--token", tokens.rita);
    cli("--db", db("rita"), "sync");
    cli("--db", db("rita"), "terms", "extract");
    cli("--db", db("bert"), "team", "join", server.url, "--token", tokens.bert);
    assert.equal(json(cli("--db", db("bert"), "sync", "--json")).units_added, pushed.pushed);
    // A concept with two English renderings: A's units use the most frequent, R prefers another.
    const concepts = json(cli("--db", db("rita"), "terms", "list", "--json"));
    const concept = concepts.find((candidate) => candidate.terms.filter((term) => term.lang.startsWith("en")).length >= 2);
    assert.ok(concept, "the samples yield a concept with two English renderings");
    const english = concept.terms.filter((term) => term.lang.startsWith("en")).sort((a, b) => b.count - a.count);
    const deprecated = english[0].text;
    const preferred = english[1].text;
    const history = json(cli("--db", db("rita"), "terms", "history", String(concept.id), "--json"));
    const example = history.renderings.find((rendering) => rendering.text === deprecated).examples[0];
    review = { conceptId: concept.id, deprecated, preferred, zh: example.zh, en: example.en };
  });

  after(() => {
    server?.child.kill("SIGKILL");
    postgres.stop();
  });

  it("syncs B's app by itself: R's approval flags A's rendering in B's live check within 2 s", async () => {
    const status = json(cli("--db", db("bert"), "team", "status", "--json"));
    const browser = await openApp(db("bert"));
    try {
      await browser.waitUntil(async () => (await textOf(browser, "#status-team")).includes(`Connected as ${status.user} (${status.role})`), {
        timeout: 20_000,
        timeoutMsg: "the status bar never showed the team connection",
      });
      assert.match(await textOf(browser, "#status-team-pending"), new RegExp(`^· ${status.pending} to push$`));
      // B translates the sentence with A's rendering: nothing to flag before the review.
      await (await browser.$("#nav-editor")).click();
      const paste = await browser.$("#paste-text");
      await paste.waitForExist({ timeout: 20_000 });
      await paste.setValue(review.zh);
      await (await browser.$("#open-pasted")).click();
      const editor = await browser.$("#target-editor");
      await editor.waitForExist({ timeout: 20_000 });
      await editor.setValue(review.en);
      await browser.pause(1_000);
      const findingsBefore = await textsOf(browser, "#findings li");
      assert.ok(
        findingsBefore.every((text) => !text.includes(review.deprecated) || !text.includes(review.preferred)),
        `flagged before the review: ${findingsBefore.join(" | ")}`,
      );

      // R approves with the CLI; B's app is told by the server and re-checks, no sync by hand.
      cli("--db", db("rita"), "terms", "approve", String(review.conceptId), "--preferred", review.preferred);
      const approvedAt = Date.now();
      await browser.waitUntil(
        async () => {
          const texts = await textsOf(browser, "#findings li");
          return texts.some((text) => text.startsWith("deprecated") && text.includes(review.deprecated) && text.includes(review.preferred));
        },
        { timeout: 2_000, interval: 50, timeoutMsg: "B's live check did not flag the deprecated rendering within 2 s of the approval" },
      );
      console.log(`review visible in B's live check after ${Date.now() - approvedAt} ms`);
      // The status bar still says connected, and its counts are those the app's own sync wrote.
      await browser.waitUntil(async () => (await textOf(browser, "#status-team")).startsWith(`Connected as ${status.user}`), { timeout: 5_000 });
      const after = statsOf(db("bert"));
      assert.equal(after.concepts > 0, true);
      const shownCounts = async () =>
        [await textOf(browser, "#stat-concepts-approved"), await textOf(browser, "#stat-concepts-candidate")].join(" ");
      const expectedCounts = [after.concepts_by_review.approved, after.concepts_by_review.candidate].map(groupThousands).join(" ");
      await browser.waitUntil(async () => (await shownCounts()) === expectedCounts, {
        timeout: 5_000,
        timeoutMsg: "the status bar's term count did not follow the sync",
      });
      await screenshot(browser, "team-editor.png");

      // The Team page: B's role, cursor and pending changes as the CLI reads them, and who is connected.
      await (await browser.$("#nav-team")).click();
      await browser.waitUntil(async () => (await browser.$$("#team-members tbody tr")).length > 0, { timeout: 10_000 });
      const now = json(cli("--db", db("bert"), "team", "status", "--json"));
      assert.equal(await textOf(browser, "#team-user"), `${now.user} (${now.role})`);
      assert.equal(await textOf(browser, "#team-cursor"), groupThousands(now.cursor));
      assert.equal(await textOf(browser, "#team-pending"), String(now.pending));
      const members = await browser.execute(() => [...document.querySelectorAll("#team-members tbody tr")].map((row) => row.dataset.member));
      assert.ok(members.includes("bert") && members.includes("rita"), `connected: ${members.join(", ")}`);
      // A translator sees only their own proposals (B has none) and no review buttons.
      assert.equal((await browser.$$(".proposal-approve")).length, 0);
      await screenshot(browser, "team-page-translator.png");
    } finally {
      await browser.deleteSession();
    }
  });

  it("lets reviewer R approve a proposal from the Team page, and shows offline when the server goes away", async () => {
    const browser = await openApp(db("rita"));
    try {
      await browser.waitUntil(async () => (await textOf(browser, "#status-team")).includes("Connected as rita (reviewer)"), {
        timeout: 20_000,
        timeoutMsg: "the status bar never showed the team connection",
      });
      await (await browser.$("#nav-team")).click();
      const firstRow = await browser.$("#team-proposals tbody tr");
      await firstRow.waitForExist({ timeout: 20_000 });
      const teamId = await firstRow.getAttribute("data-team-id");
      const chinese = (await (await firstRow.$("td")).getText()).trim();
      await screenshot(browser, "team-page-reviewer.png");
      await (await firstRow.$(".proposal-approve")).click();
      await browser.waitUntil(async () => (await browser.$$(`#team-proposals tr[data-team-id="${teamId}"]`)).length === 0, {
        timeout: 10_000,
        timeoutMsg: "the approved proposal is still listed",
      });
      // The app pulled the server's decision into R's database by itself.
      const approvedLocally = () =>
        json(cli("--db", db("rita"), "terms", "list", "--json")).some(
          (concept) => concept.status === "approved" && concept.terms.some((term) => term.text === chinese),
        );
      await browser.waitUntil(async () => approvedLocally(), { timeout: 10_000, timeoutMsg: "the approval never reached R's database" });

      // The server goes away: the status bar says offline, and the app keeps working.
      server.child.kill("SIGKILL");
      await browser.waitUntil(async () => (await textOf(browser, "#status-team")).includes("Offline, retrying"), {
        timeout: 15_000,
        timeoutMsg: "the status bar never showed offline",
      });
      assert.equal(await textOf(browser, "#stat-units"), groupThousands(statsOf(db("rita")).units));
      await screenshot(browser, "team-offline.png");
    } finally {
      await browser.deleteSession();
    }
  });
});
