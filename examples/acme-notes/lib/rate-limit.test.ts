import { beforeEach, describe, expect, it } from "vitest";
import { rateLimit, resetRateLimits } from "./rate-limit";

describe("rateLimit", () => {
  beforeEach(() => resetRateLimits());

  it("allows up to the limit within a window", () => {
    const now = 1_000;
    for (let i = 0; i < 3; i++) {
      expect(rateLimit("u1", 3, 60_000, now).ok).toBe(true);
    }
    expect(rateLimit("u1", 3, 60_000, now).ok).toBe(false);
  });

  it("starts a new window after it expires", () => {
    rateLimit("u2", 1, 1_000, 0);
    expect(rateLimit("u2", 1, 1_000, 500).ok).toBe(false);
    expect(rateLimit("u2", 1, 1_000, 1_001).ok).toBe(true);
  });
});
