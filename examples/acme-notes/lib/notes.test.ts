import { describe, expect, it } from "vitest";
import { canCreateNote, excerpt, FREE_NOTE_LIMIT, wordCount } from "./notes";

describe("excerpt", () => {
  it("returns short content unchanged", () => {
    expect(excerpt("Buy milk")).toBe("Buy milk");
  });

  it("cuts on a word boundary and adds an ellipsis", () => {
    expect(excerpt("one two three four", 10)).toBe("one two…");
  });
});

describe("wordCount", () => {
  it("counts words across whitespace", () => {
    expect(wordCount("  hello   world\nagain ")).toBe(3);
    expect(wordCount("   ")).toBe(0);
  });
});

describe("canCreateNote", () => {
  it("limits free users", () => {
    expect(canCreateNote("free", FREE_NOTE_LIMIT - 1)).toBe(true);
    expect(canCreateNote("free", FREE_NOTE_LIMIT)).toBe(false);
    expect(canCreateNote("pro", 500)).toBe(true);
  });
});
