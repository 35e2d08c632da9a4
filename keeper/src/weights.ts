/** Market-cap weights with a per-asset cap, as exact 18-decimal fractions that sum to 1e18. */

export const WAD = 10n ** 18n;

export interface MarketCap {
  /** Token address (checksummed or not; compared case-insensitively by callers). */
  asset: string;
  /** Market capitalisation in USD (any positive finite number). */
  marketCapUsd: number;
  /** The provider's id of the token (e.g. CoinGecko's "bitcoin"), when the source has one. */
  id?: string;
  symbol?: string;
  /** Latest price in USD, when the source gives one. */
  priceUsd?: number;
  /** A USD stablecoin (from the source's token map). */
  stablecoin?: boolean;
}

export interface Weight {
  asset: string;
  /** Fraction of the index, 18 decimals. */
  weightWad: bigint;
}

export class WeightError extends Error {}

/**
 * Weights proportional to market cap, none above `capWad`; what a capped asset cannot take is spread over the
 * others in proportion to their caps, repeatedly until no weight exceeds the cap. Rounding leftovers go to the
 * largest uncapped weights so the result sums to exactly 1e18 and never breaks the cap.
 */
export function capWeightedWeights(caps: readonly MarketCap[], capWad: bigint, maxAssets = 100): Weight[] {
  if (caps.length === 0) throw new WeightError("no assets: the market data is empty");
  if (caps.length > maxAssets) throw new WeightError(`${caps.length} assets exceed the limit of ${maxAssets}`);
  if (capWad <= 0n || capWad > WAD) throw new WeightError(`the per-asset cap must be in (0, 1e18], got ${capWad}`);
  if (capWad * BigInt(caps.length) < WAD) {
    throw new WeightError(
      `a cap of ${formatPct(capWad)} cannot hold ${caps.length} assets: at least ${Math.ceil(Number(WAD) / Number(capWad))} are needed`,
    );
  }
  const seen = new Set<string>();
  for (const c of caps) {
    const key = c.asset.toLowerCase();
    if (seen.has(key)) throw new WeightError(`asset ${c.asset} appears twice`);
    seen.add(key);
    if (!Number.isFinite(c.marketCapUsd) || c.marketCapUsd <= 0) {
      throw new WeightError(`market cap of ${c.asset} must be a positive number, got ${c.marketCapUsd}`);
    }
  }

  // Work in integers: market caps scaled to whole micro-dollars.
  const mcap = caps.map((c) => BigInt(Math.round(c.marketCapUsd * 1e6)) || 1n);
  const weights = new Array<bigint>(caps.length).fill(0n);
  const capped = new Array<boolean>(caps.length).fill(false);
  let remaining = WAD;
  for (;;) {
    const free = mcap.reduce((sum, m, i) => (capped[i] ? sum : sum + m), 0n);
    let newlyCapped = false;
    for (let i = 0; i < caps.length; i++) {
      if (capped[i]) continue;
      const w = (remaining * mcap[i]!) / free;
      if (w > capWad) {
        capped[i] = true;
        weights[i] = capWad;
        newlyCapped = true;
      }
    }
    if (!newlyCapped) {
      for (let i = 0; i < caps.length; i++) if (!capped[i]) weights[i] = (remaining * mcap[i]!) / free;
      break;
    }
    remaining = WAD - weights.reduce((sum, w, i) => (capped[i] ? sum + w : sum), 0n);
  }
  // Distribute rounding dust (at most one wei per asset) to uncapped assets, largest first.
  let dust = WAD - weights.reduce((a, b) => a + b, 0n);
  const order = caps
    .map((_, i) => i)
    .sort((a, b) => (weights[b]! > weights[a]! ? 1 : weights[b]! < weights[a]! ? -1 : 0));
  for (const i of order) {
    if (dust === 0n) break;
    const room = capWad - weights[i]!;
    const add = room < dust ? room : dust;
    weights[i] = weights[i]! + add;
    dust -= add;
  }
  return caps.map((c, i) => ({ asset: c.asset, weightWad: weights[i]! }));
}

export function formatPct(wad: bigint): string {
  return `${(Number(wad) / 1e16).toFixed(2)} %`;
}
