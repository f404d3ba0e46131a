// What every view test sets up and tears down: a fresh element to render into, the
// English interface, and no fake backend left over from the test before.
import { render } from "preact";
import { afterEach, beforeEach } from "vitest";

import { removeFakeBackend } from "../ipc/fake";
import { setLocale } from "./i18n";

/** Registers the hooks; the function returned gives the running test's element. */
export function renderTargetPerTest(): () => HTMLElement {
  let target: HTMLElement | null = null;
  beforeEach(() => {
    setLocale("en");
    target = document.createElement("div");
    document.body.append(target);
  });
  afterEach(() => {
    if (target !== null) {
      render(null, target);
      target.remove();
    }
    target = null;
    removeFakeBackend();
  });
  return () => {
    if (target === null) throw new Error("the render target exists only while a test runs");
    return target;
  };
}
