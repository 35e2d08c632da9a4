/**
 * What every methodology shares: the contracts' bounds on a target (Rebalancer `_validateTarget`: 1 to 100 distinct
 * assets, each weight non-zero and within its cap, summing to exactly 1e18), capped proportional weights in integers,
 * and the error that says why an input cannot produce a target. Pure functions only.
 */
import { WAD, formatPct, type Weight } from "../weights.js";

/** Why an input cannot produce a target (the message says what to change). */
export class MethodologyError extends Error {}

/** The contracts' bounds on a posted target, as the Rebalancer of the vault enforces them. */
export interface TargetBounds {
  /** Most assets in a target (`Rebalancer.MAX_ASSETS`, 100). */
  maxAssets: number;
  /** The vault's default per-asset weight cap (`Config.weightCap`), 18 decimals. */
  weightCapWad: bigint;
  /** Per-asset cap overrides (`setAssetLimits`), keyed by lower-case address; 18 decimals. */
  assetCapsWad?: Readonly<Record<string, bigint>>;
  /**
   * Least weight an asset may have in the target (the contract refuses zero; a methodology may ask for more so that
   * no position is too small to trade): assets that would fall under it are left out and the rest re-weighted.
   */
  minWeightWad: bigint;
}

/** The Rebalancer's own bounds: 100 assets, one wei at least; the cap is the vault's. */
export function contractBounds(weightCapWad: bigint, assetCapsWad?: Record<string, bigint>): TargetBounds {
  return { maxAssets: 100, weightCapWad, minWeightWad: 1n, ...(assetCapsWad ? { assetCapsWad } : {}) };
}

/** The cap of `asset` under `bounds` (its override, else the vault default). */
export function capOf(bounds: TargetBounds, asset: string): bigint {
  return bounds.assetCapsWad?.[asset.toLowerCase()] ?? bounds.weightCapWad;
}

export function checkBounds(bounds: TargetBounds): void {
  if (!Number.isInteger(bounds.maxAssets) || bounds.maxAssets < 1 || bounds.maxAssets > 100) {
    throw new MethodologyError(`maxAssets must be a whole number from 1 to 100, got ${bounds.maxAssets}`);
  }
  if (bounds.weightCapWad <= 0n || bounds.weightCapWad > WAD) {
    throw new MethodologyError(`the per-asset cap must be in (0, 1e18], got ${bounds.weightCapWad}`);
  }
  if (bounds.minWeightWad < 1n || bounds.minWeightWad > bounds.weightCapWad) {
    throw new MethodologyError(
      `the minimum weight must be from 1 wei to the cap (${formatPct(bounds.weightCapWad)}), got ${bounds.minWeightWad}`,
    );
  }
  for (const [asset, cap] of Object.entries(bounds.assetCapsWad ?? {})) {
    if (cap <= 0n || cap > WAD) throw new MethodologyError(`the cap of ${asset} must be in (0, 1e18], got ${cap}`);
  }
}

/** A positive USD amount (market cap) as whole micro-dollars, at least 1. */
export function micros(usd: number): bigint {
  return BigInt(Math.round(usd * 1e6)) || 1n;
}

/** Orders by score, highest first; ties broken by the lower address (so the order never depends on the input's). */
export function byScoreThenAddress<T extends { asset: string }>(score: (t: T) => bigint): (a: T, b: T) => number {
  return (a, b) => {
    const sa = score(a);
    const sb = score(b);
    if (sa !== sb) return sa > sb ? -1 : 1;
    const aa = BigInt(a.asset);
    const ab = BigInt(b.asset);
    return aa < ab ? -1 : aa > ab ? 1 : 0;
  };
}

/**
 * Splits `total` (wei of weight) over assets in proportion to `scores`, none above its cap: what a capped asset
 * cannot take is spread over the others in proportion to their scores, until no weight exceeds its cap. Rounding
 * dust goes to the largest weights that still have room, so the result sums to exactly `total`.
 * @throws MethodologyError when the caps together cannot hold `total`.
 */
export function cappedSplit(scores: readonly bigint[], caps: readonly bigint[], total: bigint): bigint[] {
  const n = scores.length;
  const room = caps.reduce((a, b) => a + b, 0n);
  if (room < total) {
    throw new MethodologyError(
      `caps cannot hold the target: under their caps, ${n} asset(s) hold at most ${formatPct(room)} of the ` +
        `${formatPct(total)} to place`,
    );
  }
  const weights = new Array<bigint>(n).fill(0n);
  const capped = new Array<boolean>(n).fill(false);
  let remaining = total;
  for (;;) {
    const free = scores.reduce((sum, s, i) => (capped[i] ? sum : sum + s), 0n);
    if (free === 0n) break;
    let newlyCapped = false;
    for (let i = 0; i < n; i++) {
      if (capped[i]) continue;
      if ((remaining * scores[i]!) / free > caps[i]!) {
        capped[i] = true;
        weights[i] = caps[i]!;
        newlyCapped = true;
      }
    }
    if (!newlyCapped) {
      for (let i = 0; i < n; i++) if (!capped[i]) weights[i] = (remaining * scores[i]!) / free;
      break;
    }
    remaining = total - weights.reduce((sum, w, i) => (capped[i] ? sum + w : sum), 0n);
  }
  let dust = total - weights.reduce((a, b) => a + b, 0n);
  const order = weights
    .map((_, i) => i)
    .sort((a, b) => (weights[b]! > weights[a]! ? 1 : weights[b]! < weights[a]! ? -1 : a - b));
  for (const i of order) {
    if (dust === 0n) break;
    const add = caps[i]! - weights[i]! < dust ? caps[i]! - weights[i]! : dust;
    weights[i] = weights[i]! + add;
    dust -= add;
  }
  return weights;
}

export interface Scored {
  asset: string;
  score: bigint;
}

/**
 * Capped weights over `items` (already in rank order, best first) that together take `total`, each at least the
 * minimum weight: while the last-ranked asset would get less, it is left out and the rest re-weighted.
 * @returns The weights, in the items' order (the left-out ones absent).
 */
export function boundedWeights(items: readonly Scored[], total: bigint, bounds: TargetBounds): Weight[] {
  const kept = [...items];
  for (;;) {
    if (kept.length === 0) return [];
    const w = cappedSplit(
      kept.map((i) => i.score),
      kept.map((i) => capOf(bounds, i.asset)),
      total,
    );
    const under = w.findIndex((x) => x < bounds.minWeightWad);
    if (under === -1) return kept.map((i, k) => ({ asset: i.asset, weightWad: w[k]! }));
    if (kept.length === 1) {
      throw new MethodologyError(
        `${kept[0]!.asset} would weigh ${formatPct(w[0]!)}, under the minimum weight of ${formatPct(bounds.minWeightWad)}`,
      );
    }
    kept.pop();
  }
}

/** Checks a finished target against the bounds (the same checks as the Rebalancer, but the oracle's). */
export function assertWithinBounds(weights: readonly Weight[], bounds: TargetBounds): void {
  if (weights.length === 0) throw new MethodologyError("the target is empty");
  if (weights.length > bounds.maxAssets) {
    throw new MethodologyError(`${weights.length} assets exceed the limit of ${bounds.maxAssets}`);
  }
  const seen = new Set<string>();
  let sum = 0n;
  for (const w of weights) {
    const key = w.asset.toLowerCase();
    if (seen.has(key)) throw new MethodologyError(`asset ${w.asset} appears twice in the target`);
    seen.add(key);
    if (w.weightWad < bounds.minWeightWad || w.weightWad <= 0n) {
      throw new MethodologyError(`${w.asset} weighs ${w.weightWad}, under the minimum weight`);
    }
    if (w.weightWad > capOf(bounds, w.asset)) {
      throw new MethodologyError(`${w.asset} weighs ${formatPct(w.weightWad)}, above its cap`);
    }
    sum += w.weightWad;
  }
  if (sum !== WAD) throw new MethodologyError(`the weights sum to ${sum}, not 1e18`);
}

/** A token of the universe: its provider id, address on the network, market data. */
export interface UniverseToken {
  /** The data provider's id (e.g. CoinGecko's "bitcoin"); the key of signals and sector membership. */
  id: string;
  /** Token address on the vault's network. */
  asset: string;
  symbol?: string;
  marketCapUsd: number;
  /** Latest price in USD, when the provider gives one (used to tell a depegged stablecoin). */
  priceUsd?: number;
  /** A USD stablecoin: never a risk asset of an index. */
  stablecoin?: boolean;
}

export function checkUniverse(universe: readonly UniverseToken[]): void {
  const ids = new Set<string>();
  const assets = new Set<string>();
  for (const t of universe) {
    if (ids.has(t.id)) throw new MethodologyError(`token id ${t.id} appears twice in the universe`);
    ids.add(t.id);
    if (!/^0x[0-9a-fA-F]{40}$/.test(t.asset)) throw new MethodologyError(`${t.id}: ${t.asset} is not an address`);
    if (assets.has(t.asset.toLowerCase())) throw new MethodologyError(`${t.id}: address ${t.asset} appears twice`);
    assets.add(t.asset.toLowerCase());
    if (!Number.isFinite(t.marketCapUsd) || t.marketCapUsd <= 0) {
      throw new MethodologyError(`${t.id}: market cap must be a positive number, got ${t.marketCapUsd}`);
    }
  }
}

/** Whether a stablecoin trades within `toleranceBps` of 1 USD (no price: assumed pegged). */
export function isPegged(t: UniverseToken, toleranceBps: number): boolean {
  return t.priceUsd === undefined || Math.abs(t.priceUsd - 1) * 10_000 <= toleranceBps;
}
