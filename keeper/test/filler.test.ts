import { describe, expect, it } from "vitest";
import { minProfitFor } from "../src/filler.js";

describe("minProfitFor (the solver's minimum profit of a fill)", () => {
  it("is the given basis points of what the fill pays the vault", () => {
    // A $10,000 USDC payment (6 decimals) at the default 10 bps: at least $10 must be left over.
    expect(minProfitFor(10_000n * 10n ** 6n, 10n)).toBe(10n * 10n ** 6n);
    // 2.5 WETH (18 decimals) at 25 bps: 0.00625 WETH.
    expect(minProfitFor(25n * 10n ** 17n, 25n)).toBe(625n * 10n ** 13n);
  });

  it("rounds up, so a small fill never asks for zero", () => {
    expect(minProfitFor(1n, 10n)).toBe(1n);
    expect(minProfitFor(10_001n, 10n)).toBe(11n); // 10.001 units -> 11
    expect(minProfitFor(10_000n, 10n)).toBe(10n); // exact: not rounded further
  });

  it("is zero only for a zero payment", () => {
    expect(minProfitFor(0n, 10n)).toBe(0n);
  });
});
