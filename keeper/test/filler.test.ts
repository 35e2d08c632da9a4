import { parseUnits } from "ethers";
import { describe, expect, it } from "vitest";
import { minProfitFor, planLot } from "../src/filler.js";

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

const WAD = 10n ** 18n;
const usd = (dollars: number | string): bigint => parseUnits(String(dollars), 18);
// Tokens as the oracle sees them: USD price (18 decimals) and 10^decimals.
const WBTC = { price: usd(60_000), unit: 10n ** 8n };
const WETH = { price: usd(3_000), unit: 10n ** 18n };
const PEPE = { price: usd("0.00001"), unit: 10n ** 18n };
const ONE = { price: usd(1), unit: 10n ** 18n }; // a $1 token with 18 decimals: amounts read as dollars
const LATE = parseUnits("0.993", 18); // the price factor at 90 % of a +2 % / -1 % auction

describe("planLot (how much of a surplus asset one fill sells)", () => {
  it("sells exactly the whole surplus when it fits under the max lot and the deficit budget: no dust left", () => {
    // Risk-off of the demo index: 0.005 WBTC ($300) is surplus; lots up to $1M; $1,000 of USDC still to buy.
    const lot = planLot({ surplus: 500_000n, ...WBTC, maxLotUsd: usd(1e6), budgetUsd: usd(1_000), factorWad: LATE });
    // Before: 99.9 % of it, 499,500 sats, leaving 500 sats ($0.30) of WBTC in the basket for good.
    expect(lot).toEqual({ sellAmount: 500_000n, sellUsd: usd(300), whole: true });
  });

  it("takes the last asset of a risk-off whole when the deficit left pays for it at the auction price", () => {
    // The last surplus asset, 2M PEPE, is worth $20, exactly what is left of the USDC deficit. At the late price
    // factor (0.993) its sale buys $19.86: it fits, and the whole surplus is sold.
    const last = { surplus: 2_000_000n * WAD, ...PEPE, maxLotUsd: usd(1e6), budgetUsd: usd(20) };
    expect(planLot({ ...last, factorWad: LATE })).toEqual({
      sellAmount: 2_000_000n * WAD,
      sellUsd: usd(20),
      whole: true,
    });
    // At factor 1 it would buy $20, over 99.9 % of the budget: the lot is capped and leaves $2 (200,000 PEPE).
    expect(planLot({ ...last, factorWad: WAD })).toEqual({
      sellAmount: 1_800_000n * WAD,
      sellUsd: usd(18),
      whole: false,
    });
  });

  it("keeps the 0.1 % margin under the max lot when the surplus is larger, and what is left is far above $2", () => {
    // 2 WETH ($6,000) of surplus, lots of $1,000: sells $999 worth, 0.333 WETH; $5,001 stays for the next lots.
    const lot = planLot({ surplus: 2n * WAD, ...WETH, maxLotUsd: usd(1_000), budgetUsd: usd(1e6), factorWad: LATE });
    expect(lot).toEqual({ sellAmount: usd("0.333"), sellUsd: usd(999), whole: false });
  });

  it("leaves exactly $2 when a capped lot would leave less, so that a later lot can take the rest whole", () => {
    // $1,000.50 of surplus, lots of $1,000: a 99.9 % lot ($999) would leave $1.50, under the $2 the keeper keeps
    // above the Rebalancer's $1 dust limit (LeavesDust); it sells $998.50 instead.
    const lot = planLot({ surplus: usd("1000.5"), ...ONE, maxLotUsd: usd(1_000), budgetUsd: usd(1e6), factorWad: WAD });
    expect(lot?.sellAmount).toBe(usd("998.5"));
    // The same surplus against a deficit of $1,000 at factor 1: the budget caps it the same way.
    const byBudget = planLot({
      surplus: usd("1000.5"),
      ...ONE,
      maxLotUsd: usd(1e6),
      budgetUsd: usd(1_000),
      factorWad: WAD,
    });
    expect(byBudget?.sellAmount).toBe(usd("998.5"));
  });

  it("takes a surplus worth less than $2 whole, and sells nothing when every lot it allows would leave dust", () => {
    expect(
      planLot({ surplus: usd("0.5"), ...ONE, maxLotUsd: usd(1_000), budgetUsd: usd(1_000), factorWad: LATE }),
    ).toEqual({ sellAmount: usd("0.5"), sellUsd: usd("0.5"), whole: true });
    // $1.50 of surplus but only $1 of deficit left: a sale would leave under $2 and cannot take it all.
    expect(
      planLot({ surplus: usd("1.5"), ...ONE, maxLotUsd: usd(1_000), budgetUsd: usd(1), factorWad: WAD }),
    ).toBeUndefined();
  });

  it("with leaveRemainder (after a whole lot failed) sells all but $2 of a surplus that would fit whole", () => {
    const input = { surplus: 500_000n, ...WBTC, maxLotUsd: usd(1e6), budgetUsd: usd(1_000), factorWad: LATE };
    // $300 of WBTC: 496,666 sats ($297.9996) sold, 3,334 sats ($2.0004: $2 rounded up to a whole sat) kept.
    expect(planLot({ ...input, leaveRemainder: true })).toEqual({
      sellAmount: 500_000n - 3_334n,
      sellUsd: usd("297.9996"),
      whole: false,
    });
    // Worth $2 or less: nothing to sell without taking it whole.
    expect(planLot({ ...input, surplus: 3_334n, leaveRemainder: true })).toBeUndefined();
  });
});
