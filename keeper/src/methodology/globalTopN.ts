/**
 * Global top-N: the N largest tokens of a broad universe by market cap (stablecoins never: the index holds them only
 * in risk-off, when the Rebalancer's regime puts the whole vault in its stablecoin), weighted by market cap under the
 * per-asset cap. Pure: the same universe and parameters always give the same target.
 */
import { WAD, formatPct, type Weight } from "../weights.js";
import {
  MethodologyError,
  assertWithinBounds,
  boundedWeights,
  byScoreThenAddress,
  capOf,
  checkBounds,
  checkUniverse,
  micros,
  type TargetBounds,
  type UniverseToken,
} from "./common.js";

export const GLOBAL_TOP_N = { id: "global-top-n", version: "1.0.0" } as const;

export interface GlobalTopNParams {
  /** How many tokens the index holds (1 to 100, at most the bounds' maxAssets). */
  n: number;
}

export interface GlobalTopNResult {
  weights: Weight[];
  /** Ids of the tokens chosen, by rank. */
  chosen: string[];
}

/**
 * Chooses the top `params.n` non-stablecoin tokens of `universe` by market cap (ties: the lower address first) and
 * weights them by market cap, none above its cap; tokens that would weigh less than the minimum weight are left out
 * from the bottom of the ranking and the rest re-weighted.
 * @throws MethodologyError when N is out of bounds, the universe has no risk asset, or the cap cannot hold N tokens.
 */
export function globalTopN(
  universe: readonly UniverseToken[],
  params: GlobalTopNParams,
  bounds: TargetBounds,
): GlobalTopNResult {
  checkBounds(bounds);
  checkUniverse(universe);
  const { n } = params;
  if (!Number.isInteger(n) || n < 1 || n > bounds.maxAssets) {
    throw new MethodologyError(
      `N must be a whole number from 1 to ${bounds.maxAssets} (the contract's limit), got ${n}`,
    );
  }
  const risk = universe.filter((t) => t.stablecoin !== true);
  if (risk.length === 0) {
    throw new MethodologyError(`the universe of ${universe.length} token(s) has no token that is not a stablecoin`);
  }
  const ranked = risk
    .map((t) => ({ token: t, asset: t.asset, score: micros(t.marketCapUsd) }))
    .sort(byScoreThenAddress((x) => x.score));
  const top = ranked.slice(0, n);
  const room = top.reduce((sum, t) => sum + capOf(bounds, t.asset), 0n);
  if (room < WAD) {
    const need = Math.ceil(Number(WAD) / Number(bounds.weightCapWad));
    throw new MethodologyError(
      `a cap of ${formatPct(bounds.weightCapWad)} cannot hold ${top.length} token(s)` +
        (top.length < n ? ` (the universe has only ${top.length} that are not stablecoins)` : "") +
        `: at least ${need} are needed; raise N or the cap`,
    );
  }
  const weights = boundedWeights(top, WAD, bounds);
  assertWithinBounds(weights, bounds);
  const chosen = weights.map((w) => top.find((t) => t.asset === w.asset)!.token.id);
  return { weights, chosen };
}
