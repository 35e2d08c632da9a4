import { describe, expect, it } from "vitest";
import { basketUsd, compareRoutes, quoteUsd, tokenUsd } from "../src/lib/compare.js";
import { WAD } from "../src/lib/math.js";

const usd = (n: number) => BigInt(Math.round(n * 1e6)) * 10n ** 12n;

describe("USD at oracle prices", () => {
  it("values token amounts by their own decimals", () => {
    expect(tokenUsd(1_000_000n, usd(1), 6)).toBe(usd(1)); // 1 USDC at $1
    expect(tokenUsd(50_000_000n, usd(60_000), 8)).toBe(usd(30_000)); // 0.5 WBTC
    expect(tokenUsd(10n ** 17n, usd(3_000), 18)).toBe(usd(300)); // 0.1 WETH
  });
  it("sums a basket and refuses one with an unpriced asset it needs", () => {
    const assets = [
      { price: usd(60_000), decimals: 8, sound: true },
      { price: usd(3_000), decimals: 18, sound: true },
      { price: 0n, decimals: 18, sound: false },
    ];
    expect(basketUsd([10_000n, 10n ** 15n, 0n], assets)).toBe(usd(6 + 3));
    expect(basketUsd([10_000n, 10n ** 15n, 1n], assets)).toBeUndefined();
    expect(basketUsd([], assets)).toBe(0n);
  });
});

describe("in kind against one asset", () => {
  it("a mint: the cheaper route is the smaller cost; the extra is one asset minus in kind", () => {
    const c = compareRoutes("mint", usd(100), usd(100.5));
    expect(c.extraUsd).toBe(usd(0.5));
    expect(c.extraFraction).toBe(WAD / 200n); // 0.5 %
    expect(c.better).toBe("inkind");
    const cheaperSwap = compareRoutes("mint", usd(100), usd(99));
    expect(cheaperSwap.extraUsd).toBe(-usd(1));
    expect(cheaperSwap.extraFraction).toBe(-WAD / 100n);
    expect(cheaperSwap.better).toBe("token");
  });
  it("a redeem: the better route pays more; the extra is in kind minus one asset", () => {
    const c = compareRoutes("redeem", usd(200), usd(198));
    expect(c.extraUsd).toBe(usd(2));
    expect(c.extraFraction).toBe(WAD / 100n);
    expect(c.better).toBe("inkind");
    expect(compareRoutes("redeem", usd(200), usd(201)).better).toBe("token");
  });
  it("equal routes, and a zero in-kind value without dividing by zero", () => {
    expect(compareRoutes("mint", usd(5), usd(5))).toMatchObject({ extraUsd: 0n, extraFraction: 0n, better: "same" });
    expect(compareRoutes("mint", 0n, usd(1))).toMatchObject({ extraFraction: 0n, better: "inkind" });
  });
});

describe("a one-asset quote in USD", () => {
  it("uses the router's own oracle rate: quote × basket USD ÷ the basket's oracle value in the token", () => {
    // The basket is worth $100 and 99.98 USDC at the oracle (USDC at $1.0002); the swaps cost 100.5 USDC.
    expect(quoteUsd(100_500_000n, 99_980_000n, usd(100))).toBe((100_500_000n * usd(100)) / 99_980_000n);
    // At USDC = $1 exactly the USD figure is the USDC amount.
    expect(quoteUsd(100_500_000n, 100_000_000n, usd(100))).toBe(usd(100.5));
    expect(quoteUsd(1n, 0n, usd(100))).toBeUndefined();
  });
});
