/** The auction tracker's math (lib/auction.ts): the band, time progress, fills in USD, new fills, the start block. */
import { describe, expect, it } from "vitest";
import {
  bandEnds,
  bandPosition,
  fillUsd,
  firstBlockAtOrAfter,
  newFills,
  timeProgress,
  tradedUsd,
  type Fill,
} from "../src/lib/auction.js";

const E18 = 10n ** 18n;
const pct = (x: number): bigint => (BigInt(Math.round(x * 1e4)) * E18) / 1_000_000n;
const WBTC = "0x00000000000000000000000000000000000000b7";
const USDC = "0x00000000000000000000000000000000000000c5";

function fill(id: string, sell: string, sellAmount: bigint, priceFactor = E18): Fill {
  return {
    id,
    blockNumber: 10n,
    timestamp: 1_800_000_000,
    transaction: `0x${"ab".repeat(32)}`,
    bidder: "0x00000000000000000000000000000000000000f1",
    sell,
    sellAmount,
    buy: USDC,
    buyAmount: 1n,
    priceFactor,
  };
}

describe("the oracle band (AuctionMath.factor: 1 + high at the start, 1 - low at the end)", () => {
  // The local stack's watchable auction: from 0.3 % above the oracle price to 2 % under it.
  const high = pct(0.3);
  const low = pct(2);

  it("has its ends at 100.3 % and 98 % of the oracle price", () => {
    expect(bandEnds(high, low)).toEqual({ high: pct(100.3), low: pct(98) });
  });

  it("places the price from 0 (start) to 1 (end), the oracle price itself at 0.3 / 2.3 of the way", () => {
    expect(bandPosition(pct(100.3), high, low)).toBe(0);
    expect(bandPosition(pct(98), high, low)).toBe(1);
    expect(bandPosition(E18, high, low)).toBeCloseTo(0.3 / 2.3, 12);
    expect(bandPosition(pct(99.15), high, low)).toBeCloseTo(0.5, 12);
  });

  it("clamps outside the band and handles an empty band", () => {
    expect(bandPosition(pct(101), high, low)).toBe(0);
    expect(bandPosition(pct(90), high, low)).toBe(1);
    expect(bandPosition(E18, 0n, 0n)).toBe(0);
  });
});

describe("time progress", () => {
  it("is the share of the auction's duration gone, clamped to 0..1", () => {
    expect(timeProgress(1_000n, 1_300n, 1_000)).toBe(0);
    expect(timeProgress(1_000n, 1_300n, 1_075)).toBe(0.25);
    expect(timeProgress(1_000n, 1_300n, 1_300)).toBe(1);
    expect(timeProgress(1_000n, 1_300n, 5_000)).toBe(1);
    expect(timeProgress(1_000n, 1_300n, 900)).toBe(0);
    expect(timeProgress(1_000n, 1_000n, 900)).toBe(1);
  });
});

describe("fills in USD at today's oracle prices", () => {
  const prices = new Map([
    [WBTC, { price: 60_000n * E18, decimals: 8 }],
    [USDC, { price: E18, decimals: 6 }],
  ]);

  it("values what the index sold by its decimals", () => {
    expect(fillUsd(fill("a", WBTC, 50_000_000n), prices)).toBe(30_000n * E18);
    expect(fillUsd(fill("b", USDC, 1_500_000n), prices)).toBe((15n * E18) / 10n);
    // Addresses match whatever their case.
    expect(fillUsd(fill("c", WBTC.toUpperCase().replace("0X", "0x"), 100_000_000n), prices)).toBe(60_000n * E18);
  });

  it("leaves an unpriced fill out of the total and counts it", () => {
    const unknown = "0x00000000000000000000000000000000000000dd";
    expect(fillUsd(fill("d", unknown, 1n), prices)).toBeUndefined();
    expect(fillUsd(fill("e", WBTC, 1n), new Map([[WBTC, { price: 0n, decimals: 8 }]]))).toBeUndefined();
    expect(
      tradedUsd([fill("a", WBTC, 50_000_000n), fill("d", unknown, 1n), fill("b", USDC, 2_000_000n)], prices),
    ).toEqual({ usd: 30_002n * E18, unpriced: 1 });
    expect(tradedUsd([], prices)).toEqual({ usd: 0n, unpriced: 0 });
  });
});

describe("new fills", () => {
  it("are the ones not seen at the previous read", () => {
    const a = fill("0x1-0", WBTC, 1n);
    const b = fill("0x1-1", WBTC, 2n);
    const c = fill("0x2-0", WBTC, 3n);
    expect(newFills(new Set(["0x1-0", "0x1-1"]), [a, b, c])).toEqual([c]);
    expect(newFills(new Set(), [a])).toEqual([a]);
    expect(newFills(new Set(["0x1-0"]), [a])).toEqual([]);
  });
});

describe("the block an auction started in", () => {
  // Blocks 0..1000, one every 12 s from t = 1,000,000 (block n at 1,000,000 + 12 n).
  const timestampOf = async (n: bigint): Promise<bigint> => 1_000_000n + 12n * n;

  it("is the first block at or after its start, found in about log2(blocks) reads", async () => {
    let reads = 0;
    const counted = async (n: bigint): Promise<bigint> => {
      reads++;
      return timestampOf(n);
    };
    expect(await firstBlockAtOrAfter(1_000_000n + 12n * 617n, 1_000n, counted)).toBe(617n);
    expect(reads).toBeLessThanOrEqual(12);
    // Between two blocks: the later one.
    expect(await firstBlockAtOrAfter(1_000_000n + 12n * 617n + 5n, 1_000n, timestampOf)).toBe(618n);
    expect(await firstBlockAtOrAfter(0n, 1_000n, timestampOf)).toBe(0n);
    expect(await firstBlockAtOrAfter(1_000_000n + 12n * 1_000n, 1_000n, timestampOf)).toBe(1_000n);
  });

  it("is the latest block when the start is after it (a clock ahead of the chain)", async () => {
    expect(await firstBlockAtOrAfter(9_999_999n, 1_000n, timestampOf)).toBe(1_000n);
  });

  it("finds the first of several blocks with the same timestamp (a local chain mining within one second)", async () => {
    const sameSecond = async (n: bigint): Promise<bigint> => (n < 40n ? 100n : n < 45n ? 200n : 300n);
    expect(await firstBlockAtOrAfter(200n, 60n, sameSecond)).toBe(40n);
  });
});
