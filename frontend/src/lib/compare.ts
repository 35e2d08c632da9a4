/**
 * In kind against one asset, side by side: what the same number of index tokens costs (mint) or pays (redeem) in
 * USD at oracle prices by each route. Integers throughout: USD with 18 decimals, fractions with 18 (1e18 = 100 %).
 */
import { WAD } from "./math.js";

/** USD (18 decimals) of `amount` base units of a token with `decimals` at `price` (USD of one whole token, 18 decimals). */
export function tokenUsd(amount: bigint, price: bigint, decimals: number): bigint {
  return (amount * price) / 10n ** BigInt(decimals);
}

/**
 * USD (18 decimals) of basket amounts at oracle prices; undefined when an asset with a non-zero amount has no sound
 * price (then the in-kind value is unknown, not smaller).
 */
export function basketUsd(
  amounts: readonly bigint[],
  assets: readonly { price: bigint; decimals: number; sound: boolean }[],
): bigint | undefined {
  let sum = 0n;
  for (const [i, amount] of amounts.entries()) {
    if (amount === 0n) continue;
    const a = assets[i];
    if (a === undefined || !a.sound) return undefined;
    sum += tokenUsd(amount, a.price, a.decimals);
  }
  return sum;
}

export interface RouteComparison {
  /** USD the in-kind route costs (mint) or pays (redeem), at oracle prices. */
  inKindUsd: bigint;
  /** USD the one-asset route costs or pays: the router's quote at the token's oracle price. */
  oneAssetUsd: bigint;
  /** How much worse the one-asset route is, USD: positive when in kind is better, negative when one asset is. */
  extraUsd: bigint;
  /** `extraUsd` as a fraction of the in-kind value (1e18 = 100 %); 0 when that value is 0. */
  extraFraction: bigint;
  /** The better route for the user: the cheaper mint or the larger redeem. */
  better: "inkind" | "token" | "same";
}

/**
 * Compares the routes from the user's side: a mint costs, so more USD is worse; a redeem pays, so less USD is worse.
 * Both values include the vault's fee (the in-kind preview and the router's quote both go through the vault's own
 * mint / redeem); gas and approvals are not counted.
 */
export function compareRoutes(side: "mint" | "redeem", inKindUsd: bigint, oneAssetUsd: bigint): RouteComparison {
  const extraUsd = side === "mint" ? oneAssetUsd - inKindUsd : inKindUsd - oneAssetUsd;
  const extraFraction = inKindUsd === 0n ? 0n : (extraUsd * WAD) / inKindUsd;
  return {
    inKindUsd,
    oneAssetUsd,
    extraUsd,
    extraFraction,
    better: extraUsd > 0n ? "inkind" : extraUsd < 0n ? "token" : "same",
  };
}

/**
 * A one-asset quote in USD at the oracle rate the router itself used: `oracleValue` is the quoted basket's oracle
 * value in the token and `basketValueUsd` the same basket's oracle value in USD, so their ratio is the token's oracle
 * price. Undefined when the router reported no oracle value.
 */
export function quoteUsd(amount: bigint, oracleValue: bigint, basketValueUsd: bigint): bigint | undefined {
  if (oracleValue === 0n) return undefined;
  return (amount * basketValueUsd) / oracleValue;
}
