// Shared harness of the end-to-end tests: paths to the built app and CLI, tauri-driver's
// lifetime, and helpers that read expected values from the CLI rather than from constants.
// Each `*.test.mjs` file runs in its own process (node --test, one file at a time) and calls
// `useDriver()` once at top level.
import { after, before } from "node:test";
import { spawn, spawnSync, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { remote } from "webdriverio";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const TARGET = process.env.CARGO_TARGET_DIR
  ? path.resolve(process.env.CARGO_TARGET_DIR)
  : path.join(ROOT, "target");
export const APP = process.env.TESSERA_E2E_APP ?? path.join(TARGET, "debug", "tessera-desktop");
export const CLI = process.env.TESSERA_E2E_CLI ?? path.join(TARGET, "debug", "tessera");
export const ARTIFACTS = path.join(ROOT, "tests", "e2e", "artifacts");
// Another port pair (TESSERA_E2E_PORT=4644 uses 4644 and 4645) lets two checkouts run at once.
const DRIVER_PORT = Number(process.env.TESSERA_E2E_PORT ?? 4544);
const NATIVE_PORT = DRIVER_PORT + 1;

/** A scratch folder for this test file's databases and files. */
export const scratch = mkdtempSync(path.join(os.tmpdir(), "tessera-e2e-"));

export function cli(...args) {
  return execFileSync(CLI, args, { encoding: "utf8" });
}

export function statsOf(db) {
  return JSON.parse(cli("--db", db, "stats", "--json"));
}

export function groupThousands(value) {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** Resolves once `port` accepts (`open`) or refuses (`!open`) a connection. */
function waitForPort(port, timeoutMs, open = true) {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = net.connect(port, "127.0.0.1");
      const retry = () => {
        if (Date.now() > deadline) reject(new Error(`port ${port} never became ${open ? "open" : "free"}`));
        else setTimeout(attempt, 100);
      };
      socket.once("connect", () => {
        socket.end();
        if (open) resolve();
        else retry();
      });
      socket.once("error", () => {
        socket.destroy();
        if (open) retry();
        else resolve();
      });
    };
    attempt();
  });
}

/** Starts tauri-driver before this file's tests and stops it after them. */
export function useDriver() {
  let driver;
  before(async () => {
    // The previous test file's driver may still be letting go of the port.
    await waitForPort(DRIVER_PORT, 20_000, false);
    driver = spawn("tauri-driver", ["--port", String(DRIVER_PORT), "--native-port", String(NATIVE_PORT)], {
      stdio: ["ignore", "inherit", "inherit"],
    });
    await waitForPort(DRIVER_PORT, 20_000);
  });
  after(async () => {
    // SIGTERM (not SIGKILL) so tauri-driver can stop its WebKitWebDriver child.
    driver?.kill("SIGTERM");
    // An app window that outlived its session (seen once under load) would hold this file's
    // output pipe open and keep the test runner waiting forever: stop any app still running on
    // this file's databases.
    spawnSync("pkill", ["-f", `${APP} --db ${scratch}`]);
    await waitForPort(DRIVER_PORT, 20_000, false).catch(() => {});
  });
}

export async function openApp(db, extraArgs = []) {
  return remote({
    hostname: "127.0.0.1",
    port: DRIVER_PORT,
    logLevel: "warn",
    capabilities: { "tauri:options": { application: APP, args: ["--db", db, ...extraArgs] } },
  });
}

export async function textOf(browser, selector) {
  const element = await browser.$(selector);
  await element.waitForExist({ timeout: 20_000 });
  return (await element.getText()).trim();
}

export async function screenshot(browser, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  // A frame taken right after a DOM change can be stale; give the compositor a moment.
  await browser.pause(500);
  const file = path.join(ARTIFACTS, name);
  await browser.saveScreenshot(file);
  console.log(`screenshot: ${file}`);
  return file;
}

/** Calls a backend command from inside the webview, as the UI does; a failure comes back as `{failed}`. */
export function invoke(browser, command, args) {
  return browser.executeAsync(
    (command, args, done) =>
      window.__TAURI_INTERNALS__.invoke(command, args).then(done, (error) => done({ failed: error })),
    command,
    args,
  );
}

export function execFileSyncStatus(file, args) {
  try {
    return { status: 0, stderr: execFileSync(file, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }) };
  } catch (error) {
    return { status: error.status, stderr: String(error.stderr) };
  }
}

/** A TMX 1.4 document of [zh, en] pairs. */
export function tmxDocument(units) {
  const body = units
    .map(([zh, en]) => `<tu><tuv xml:lang="zh-CN"><seg>${zh}</seg></tuv><tuv xml:lang="en"><seg>${en}</seg></tuv></tu>`)
    .join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="zh-CN" creationtool="e2e" creationtoolversion="1" segtype="sentence" o-tmf="e2e" adminlang="en" datatype="plaintext"/>
<body>
${body}
</body></tmx>
`;
}

/**
 * Replaces what a field shows the way a translator does: select all, then type. WebDriver's
 * clear empties the field without an input event, so a controlled field that renders before the
 * typing starts puts its old text back and the typed text is appended to it ("重庆visit (\\d)").
 * Each character is pressed and released in turn: `browser.keys` presses an array as one chord,
 * which drops a repeated letter ("Afairs") and the spaces.
 */
export async function retype(browser, field, text) {
  await field.click();
  await browser.keys(["Control", "a"]);
  const typing = browser.action("key");
  for (const character of text) typing.down(character).up(character);
  await typing.perform();
}
