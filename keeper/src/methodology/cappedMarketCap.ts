/**
 * Capped market cap: every token the market data lists, weighted by market cap under the per-asset cap (the keeper's
 * first methodology, `capWeightedWeights`). Kept for vaults that are given no other methodology.
 */
import { capWeightedWeights, type Weight } from "../weights.js";
import {
  assertWithinBounds,
  checkBounds,
  checkUniverse,
  MethodologyError,
  type TargetBounds,
  type UniverseToken,
} from "./common.js";

export const CAPPED_MARKET_CAP = { id: "capped-market-cap", version: "1.0.0" } as const;

export function cappedMarketCap(universe: readonly UniverseToken[], bounds: TargetBounds): Weight[] {
  checkBounds(bounds);
  checkUniverse(universe);
  if (bounds.assetCapsWad !== undefined && Object.keys(bounds.assetCapsWad).length > 0) {
    throw new MethodologyError("capped-market-cap takes one cap for every asset: per-asset caps are not supported");
  }
  let weights: Weight[];
  try {
    weights = capWeightedWeights(
      universe.map((t) => ({ asset: t.asset, marketCapUsd: t.marketCapUsd })),
      bounds.weightCapWad,
      bounds.maxAssets,
    );
  } catch (err) {
    throw new MethodologyError((err as Error).message);
  }
  assertWithinBounds(weights, bounds);
  return weights;
}
