/**
 * The money math of mint and redeem: slippage limits, the basketVersion pin, fees on the user's own amount, and the
 * signed price impact the router's quotes give. Integers throughout; basis points for the user's settings.
 */

export const WAD = 10n ** 18n;
export const BPS = 10_000n;

/** The default slippage tolerance: 0.5 %. */
export const DEFAULT_SLIPPAGE_BPS = 50;
/** Most slippage the form accepts: 10 % (the router's oracle band caps what a swap may cost anyway). */
export const MAX_SLIPPAGE_BPS = 1_000;
/** The default deadline: 20 minutes after signing. */
export const DEFAULT_DEADLINE_MINUTES = 20;

/** Most to pay for something quoted at `amount`: `amount` plus `bps`, rounded up. */
export function maxWithSlippage(amount: bigint, bps: number): bigint {
  return (amount * (BPS + BigInt(bps)) + BPS - 1n) / BPS;
}

/** Least to accept for something quoted at `amount`: `amount` minus `bps`, rounded down. */
export function minWithSlippage(amount: bigint, bps: number): bigint {
  return (amount * (BPS - BigInt(bps))) / BPS;
}

/** A slippage percentage typed by the user (`0.5`) in basis points; undefined outside 0..MAX_SLIPPAGE_BPS. */
export function parseSlippage(input: string): number | undefined {
  if (!/^\d*(\.\d{0,2})?$/.test(input.trim()) || input.trim() === "" || input.trim() === ".") return undefined;
  const bps = Math.round(Number(input) * 100);
  return bps >= 0 && bps <= MAX_SLIPPAGE_BPS ? bps : undefined;
}

/**
 * The vault's `mint`/`redeem` amounts with the basket layout pinned: one limit per basket slot, then
 * `basketVersion` as the last element (IndexVault: arrays of n + 1 elements pin the layout; a rebalance that
 * appended or compacted slots in between makes the call revert with LengthMismatch instead of misapplying them).
 */
export function pinBasketVersion(amounts: readonly bigint[], basketVersion: number): bigint[] {
  return [...amounts, BigInt(basketVersion)];
}

/** The deadline `minutes` after `nowSeconds`, as the router takes it. */
export function deadlineAfter(nowSeconds: number, minutes: number): bigint {
  return BigInt(Math.floor(nowSeconds) + Math.round(minutes * 60));
}

/** A fee (18 decimals) on `amount`: what it takes, rounded up as the vault rounds fee shares. */
export function feeOn(amount: bigint, feeWad: bigint): bigint {
  return (amount * feeWad + WAD - 1n) / WAD;
}

/** USD value (18 decimals) of `shares` at `navPerShare` (USD of 1e18 shares). */
export function valueOfShares(shares: bigint, navPerShare: bigint): bigint {
  return (shares * navPerShare) / WAD;
}

/** What a year of the streaming management fee costs on `valueUsd` (18 decimals), at `annualFeeWad`. */
export function yearlyManagementCost(valueUsd: bigint, annualFeeWad: bigint): bigint {
  return (valueUsd * annualFeeWad) / WAD;
}

/**
 * Price impact as the router defines it, 1e18 = 100 %: mint (amount - oracleValue) / oracleValue, redeem
 * (oracleValue - amount) / oracleValue. Positive is worse than the oracle.
 */
export function priceImpact(kind: "mint" | "redeem", amount: bigint, oracleValue: bigint): bigint {
  if (oracleValue === 0n) return 0n;
  const diff = kind === "mint" ? amount - oracleValue : oracleValue - amount;
  return (diff * WAD) / oracleValue;
}

/** Whether a price impact (1e18 = 100 %) deserves a warning: above 1 %. */
export function isHighImpact(impact: bigint): boolean {
  return impact > WAD / 100n;
}
