import { describe, expect, it } from "vitest";

import { toIpcError } from "./errors";

describe("toIpcError", () => {
  it("keeps a typed backend error", () => {
    expect(toIpcError({ code: "DatabaseTooNew", message: "x.db was written by a newer Tessera" })).toEqual({
      code: "DatabaseTooNew",
      message: "x.db was written by a newer Tessera",
    });
  });

  it("turns an unknown rejection into an internal error", () => {
    expect(toIpcError("boom")).toEqual({ code: "Internal", message: "boom" });
    expect(toIpcError({ code: "Nope", message: 1 }).code).toBe("Internal");
  });
});
