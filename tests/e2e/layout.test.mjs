// Layout at the default window size, in both interface languages: every view of a first-start
// database (the sample articles, mined, one name approved, the QA check run) and an open document, checked for labels that wrap onto a second
// line, a page wider than the window, raw language tags, and (in Chinese) English status words.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { readdirSync } from "node:fs";
import { ROOT, cli, openApp, screenshot, scratch, textOf, useDriver } from "./harness.mjs";

useDriver();

const VIEWS = ["editor", "memory", "terminology", "import-export", "qa", "team"];

/**
 * Runs in the webview: the visible short labels (buttons, navigation, table headers, badges,
 * form labels, status bar) whose text takes more than one line, the page's overflow, and the
 * visible text of the interface's chrome (everything but the user's own content).
 */
function survey() {
  const visible = (element) => {
    const box = element.getBoundingClientRect();
    const style = getComputedStyle(element);
    return box.width > 0 && box.height > 0 && style.visibility !== "hidden" && box.top < innerHeight && box.bottom > 0;
  };
  // The element's own interface text: text marked with its language (a rendering, a name) is the
  // user's content, and a control's options or value inside a label are left out.
  const interfaceTextNodes = (element) => {
    const nodes = [];
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
      const marked = node.parentElement.closest("[lang]");
      const content = marked !== null && marked !== document.documentElement;
      if (!content && node.parentElement.closest("select, option, textarea") === null) nodes.push(node);
    }
    return nodes;
  };
  // The most lines any of the element's own text runs takes.
  const lines = (element) => {
    let most = 0;
    for (const node of interfaceTextNodes(element)) {
      if (node.textContent.trim() === "") continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const tops = new Set();
      for (const rect of range.getClientRects()) if (rect.width > 1) tops.add(Math.round(rect.top / 4));
      most = Math.max(most, tops.size);
    }
    return most;
  };
  const selector = "button, .nav-item, th, .badge, label, .status-bar > *, select, .tabs > *, h1, h2, h3, [class*=\"status\"], .concept-category";
  const wrapped = [];
  for (const element of document.querySelectorAll(selector)) {
    if (!visible(element) || element.textContent.trim() === "") continue;
    if (lines(element) > 1) wrapped.push(`${element.tagName.toLowerCase()}#${element.id}.${element.className}: ${element.textContent.trim().slice(0, 60)}`);
  }
  const chrome = [...document.querySelectorAll(selector + ", p, .hint, dt, dd, legend, summary")]
    .filter((element) => visible(element) && element.closest("[data-raw-tags]") === null)
    .map((element) =>
      interfaceTextNodes(element)
        .map((node) => node.textContent)
        .join("")
        .trim(),
    )
    .join("\n");
  return {
    wrapped,
    overflowX: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    width: innerWidth,
    height: innerHeight,
    chrome,
    // The chosen option of every select but the interface language's own.
    chosen: [...document.querySelectorAll("select:not(#locale)")].filter(visible).map((select) => select.selectedOptions[0]?.textContent.trim() ?? ""),
  };
}

const RAW_TAG = /\b(zh-Hans|zh-Hant|zh-CN|zh-TW|en-US|en-GB)\b/;
/** English prose in the Chinese interface: three English words in a row, or a language's English name. */
const ENGLISH_PROSE = /\b[A-Za-z]{2,}( [A-Za-z]{2,}){2,}\b|\b(English|Chinese)\b/;
const ENGLISH_STATUS = /\b(confirmed|draft|deprecated|preferred|admitted|forbidden|approved|rejected|candidate|unreviewed|pending)\b/i;

describe("layout at the default window size", () => {
  it("wraps no label, overflows nowhere and names languages and statuses in the interface language", async () => {
    // The samples, mined, with one name approved so the views have cards, badges and findings.
    const db = path.join(scratch, "layout.db");
    const samples = readdirSync(path.join(ROOT, "samples")).filter((name) => name.endsWith(".txt"));
    cli("--db", db, "import", ...samples.map((name) => path.join(ROOT, "samples", name)));
    cli("--db", db, "terms", "extract");
    const concepts = JSON.parse(cli("--db", db, "terms", "list", "--json"));
    const named = concepts.find((concept) => concept.terms.filter((term) => term.lang.startsWith("en")).length >= 2);
    cli("--db", db, "terms", "approve", String(named.id));
    const browser = await openApp(db);
    const problems = [];
    try {
      await browser.waitUntil(async () => (await textOf(browser, "#stat-articles")) === String(samples.length), {
        timeout: 60_000,
        timeoutMsg: "the status bar never showed the articles",
      });
      await (await browser.$("#nav-qa")).click();
      await (await browser.$("#run-qa")).click();
      await (await browser.$("#qa-summary")).waitForExist({ timeout: 60_000 });
      // An open document, so the editor's grid, match and term panels are on screen.
      await (await browser.$("#nav-editor")).click();
      await (await browser.$("#paste-text")).setValue("市政府外办党组书记、主任章勇武会见了墨西哥驻华大使。\n\n重庆国际传播中心举行揭牌仪式。");
      await (await browser.$("#open-pasted")).click();
      await (await browser.$("#target-editor")).waitForExist({ timeout: 20_000 });
      for (const locale of ["English", "简体中文"]) {
        await (await browser.$("#locale")).selectByVisibleText(locale);
        await browser.pause(300);
        for (const view of VIEWS) {
          await (await browser.$(`#nav-${view}`)).click();
          await browser.pause(1_200);
          const found = await browser.execute(survey);
          const where = `${locale} ${view} (${found.width}x${found.height})`;
          await screenshot(browser, `layout-${locale === "English" ? "en" : "zh"}-${view}.png`);
          for (const label of found.wrapped) problems.push(`${where}: wraps: ${label}`);
          if (found.overflowX > 0) problems.push(`${where}: ${found.overflowX} px wider than the window`);
          const tag = found.chrome.match(RAW_TAG);
          if (tag) problems.push(`${where}: raw language tag ${tag[0]}`);
          const status = locale === "English" ? null : found.chrome.match(ENGLISH_STATUS);
          if (status) problems.push(`${where}: English status word "${status[0]}"`);
          const prose = locale === "English" ? null : found.chrome.match(ENGLISH_PROSE);
          if (prose) problems.push(`${where}: English text "${prose[0]}"`);
          if (locale !== "English") {
            for (const option of found.chosen) if (/^[A-Za-z][A-Za-z ]*$/.test(option)) problems.push(`${where}: English choice "${option}"`);
          }
        }
      }
    } finally {
      await (await browser.$("#locale")).selectByVisibleText("English").catch(() => {});
      await browser.deleteSession();
    }
    assert.deepEqual(problems, []);
  });
});
