import { parseUnits } from "ethers";

/**
 * Units of a token backing 1e18 index shares, so that the token is `weightBps` of a share worth `navUsd`.
 * units = navUsd * weight / price, in the token's own decimals, rounded down.
 */
export function unitsPerShare(navUsd: string, weightBps: number, priceUsd: string, decimals: number): bigint {
  if (!Number.isInteger(weightBps) || weightBps <= 0 || weightBps > 10_000) {
    throw new Error(`weight must be an integer number of basis points in 1..10000, got ${weightBps}`);
  }
  const nav = parseUnits(navUsd, 18);
  const price = parseUnits(priceUsd, 18);
  if (price <= 0n) throw new Error(`price must be positive, got ${priceUsd}`);
  const units = (nav * BigInt(weightBps) * 10n ** BigInt(decimals)) / (10_000n * price);
  if (units === 0n) throw new Error(`weight ${weightBps} bps of $${navUsd} is less than one base unit at $${priceUsd}`);
  return units;
}

/** Token amount (base units) worth `usd` at `priceUsd`. */
export function amountForUsd(usd: string, priceUsd: string, decimals: number): bigint {
  return (parseUnits(usd, 18) * 10n ** BigInt(decimals)) / parseUnits(priceUsd, 18);
}
