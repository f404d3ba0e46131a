import { describe, expect, it } from "vitest";

import { VIEWS, viewForKey } from "./views";

const key = (k: string, mods: Partial<{ altKey: boolean; ctrlKey: boolean; metaKey: boolean }> = {}) => ({
  key: k,
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  ...mods,
});

describe("viewForKey", () => {
  it("maps Alt+1…5 to the five views in order", () => {
    expect(viewForKey(key("1", { altKey: true }))).toBe("editor");
    expect(viewForKey(key("4", { altKey: true }))).toBe("import-export");
    expect(viewForKey(key("5", { altKey: true }))).toBe("qa");
  });

  it("reaches the Team page by the shortcut it shows", () => {
    const team = VIEWS.find((view) => view.id === "team");
    expect(viewForKey(key(team?.shortcut.replace("Alt+", "") ?? "", { altKey: true }))).toBe("team");
  });

  it("ignores other keys and modifiers", () => {
    expect(viewForKey(key("1"))).toBeNull();
    expect(viewForKey(key("9", { altKey: true }))).toBeNull();
    expect(viewForKey(key("2", { altKey: true, ctrlKey: true }))).toBeNull();
  });
});
