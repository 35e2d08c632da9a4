import { describe, expect, it } from "vitest";
import {
  deadlineAfter,
  feeOn,
  isHighImpact,
  maxWithSlippage,
  minWithSlippage,
  parseSlippage,
  pinBasketVersion,
  priceImpact,
  valueOfShares,
  WAD,
  yearlyManagementCost,
} from "../src/lib/math.js";

describe("slippage limits", () => {
  it("adds slippage to a cost, rounding up, and takes it off proceeds, rounding down", () => {
    expect(maxWithSlippage(1_000_000n, 50)).toBe(1_005_000n);
    expect(maxWithSlippage(1n, 50)).toBe(2n); // never rounds a limit below the quote
    expect(minWithSlippage(1_000_000n, 50)).toBe(995_000n);
    expect(minWithSlippage(1n, 50)).toBe(0n);
    expect(maxWithSlippage(123n, 0)).toBe(123n);
    expect(minWithSlippage(123n, 0)).toBe(123n);
  });
  it("parses a slippage percentage into basis points within 0..10 %", () => {
    expect(parseSlippage("0.5")).toBe(50);
    expect(parseSlippage("1")).toBe(100);
    expect(parseSlippage("10")).toBe(1_000);
    expect(parseSlippage("10.01")).toBeUndefined();
    expect(parseSlippage("0.001")).toBeUndefined();
    expect(parseSlippage("-1")).toBeUndefined();
    expect(parseSlippage("")).toBeUndefined();
  });
});

describe("the vault's arrays", () => {
  it("pins the basket version as the last element", () => {
    expect(pinBasketVersion([1n, 2n, 3n], 7)).toEqual([1n, 2n, 3n, 7n]);
    expect(pinBasketVersion([], 0)).toEqual([0n]);
  });
});

describe("quotes and fees", () => {
  it("price impact as the router defines it, positive when worse than the oracle", () => {
    expect(priceImpact("mint", 1_010n, 1_000n)).toBe(WAD / 100n);
    expect(priceImpact("redeem", 990n, 1_000n)).toBe(WAD / 100n);
    expect(priceImpact("mint", 990n, 1_000n)).toBe(-(WAD / 100n));
    expect(priceImpact("mint", 5n, 0n)).toBe(0n);
    expect(isHighImpact(WAD / 100n)).toBe(false);
    expect(isHighImpact(WAD / 100n + 1n)).toBe(true);
  });
  it("fees on the user's amount", () => {
    expect(feeOn(100n * WAD, WAD / 1_000n)).toBe(WAD / 10n); // 0.1 % of 100 shares
    expect(feeOn(1n, WAD / 1_000n)).toBe(1n); // rounded up
    expect(valueOfShares(2n * WAD, 150n * WAD)).toBe(300n * WAD);
    expect(yearlyManagementCost(1_000n * WAD, (2n * WAD) / 100n)).toBe(20n * WAD);
  });
  it("deadlines", () => {
    expect(deadlineAfter(1_000.7, 20)).toBe(2_200n);
  });
});
