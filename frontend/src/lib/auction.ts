/**
 * The auction tracker's math: where the running auction's price is inside its oracle band, how far along it is, its
 * fills (the Rebalancer's `BidFilled` events) in USD, and the block it started in (to read its fills from the chain).
 * The price factor follows AuctionMath.factor: 1 + bandHigh at the start, falling linearly to 1 - bandLow at the end.
 */
import { WAD } from "./math.js";

/** One filled bid: the vault sold `sellAmount` of `sell` and received `buyAmount` of `buy`. */
export interface Fill {
  /** `<transaction hash>-<log index>`: unique per event. */
  id: string;
  blockNumber: bigint;
  /** Block time, seconds. */
  timestamp: number;
  transaction: string;
  bidder: string;
  sell: string;
  sellAmount: bigint;
  buy: string;
  buyAmount: bigint;
  /** Price factor the bid paid (18 decimals, 1e18 = the oracle cross price). */
  priceFactor: bigint;
}

/** The band's ends as price factors: [1 + bandHigh, 1 - bandLow]. */
export function bandEnds(bandHigh: bigint, bandLow: bigint): { high: bigint; low: bigint } {
  return { high: WAD + bandHigh, low: WAD - bandLow };
}

/**
 * Where `priceFactor` sits in the band, from 0 (its high end, where the auction starts) to 1 (its low end, where it
 * ends), clamped; 0 for an empty band.
 */
export function bandPosition(priceFactor: bigint, bandHigh: bigint, bandLow: bigint): number {
  const { high, low } = bandEnds(bandHigh, bandLow);
  if (high <= low) return 0;
  const position = Number(high - priceFactor) / Number(high - low);
  return Math.min(1, Math.max(0, position));
}

/** Share of the auction's time gone at `now` (seconds), 0 to 1. */
export function timeProgress(start: bigint, end: bigint, now: number): number {
  const duration = Number(end - start);
  if (duration <= 0) return 1;
  return Math.min(1, Math.max(0, (now - Number(start)) / duration));
}

/** Oracle price (USD, 18 decimals) and decimals of an asset, as the lens reads them. */
export interface PricedAsset {
  price: bigint;
  decimals: number;
}

/** USD value (18 decimals) of what a fill sold, at `prices` (today's oracle prices); undefined when unpriced. */
export function fillUsd(fill: Fill, prices: ReadonlyMap<string, PricedAsset>): bigint | undefined {
  const p = prices.get(fill.sell.toLowerCase());
  if (p === undefined || p.price === 0n) return undefined;
  return (fill.sellAmount * p.price) / 10n ** BigInt(p.decimals);
}

/** What the fills traded in USD at `prices`, and how many of them could not be priced. */
export function tradedUsd(
  fills: readonly Fill[],
  prices: ReadonlyMap<string, PricedAsset>,
): { usd: bigint; unpriced: number } {
  let usd = 0n;
  let unpriced = 0;
  for (const fill of fills) {
    const value = fillUsd(fill, prices);
    if (value === undefined) unpriced++;
    else usd += value;
  }
  return { usd, unpriced };
}

/** The fills of `next` whose ids `seen` does not hold (the ones that arrived since the last read). */
export function newFills(seen: ReadonlySet<string>, next: readonly Fill[]): Fill[] {
  return next.filter((f) => !seen.has(f.id));
}

/**
 * The first block whose timestamp is at or after `timestamp`, by binary search over [0, latest] with
 * `timestampOf(block number)`: about log2(latest) reads, once per auction. The auction's `RebalanceStarted` is in the
 * block whose timestamp is its start, so reading fills from that block misses none.
 */
export async function firstBlockAtOrAfter(
  timestamp: bigint,
  latest: bigint,
  timestampOf: (block: bigint) => Promise<bigint>,
): Promise<bigint> {
  let lo = 0n;
  let hi = latest;
  if ((await timestampOf(hi)) < timestamp) return hi;
  while (lo < hi) {
    const mid = (lo + hi) / 2n;
    if ((await timestampOf(mid)) < timestamp) lo = mid + 1n;
    else hi = mid;
  }
  return lo;
}
