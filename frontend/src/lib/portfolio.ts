/**
 * Profit and loss of an index position. The subgraph's AccountIndexPosition keeps no cost basis (only balance,
 * minted and redeemed shares), so it is computed here from the account's own Mint and Redeem events, at the NAV per
 * share the subgraph recorded with each (average cost):
 * - a mint of `shares` (plus `feeShares` paid on top) adds (shares + feeShares) x NAV to the cost and `shares` to
 *   the tracked shares: the fee is part of what the position cost;
 * - a redeem of `shares` removes the average cost of those shares (cost x shares / tracked shares).
 * Index tokens received by transfer, or redeemed through the router (whose redeem the router makes), are not in
 * these events: the P&L covers the tracked shares only, and the screen says so when they differ from the balance.
 */
import { WAD } from "./math.js";

export interface Trade {
  kind: "Mint" | "Redeem";
  shares: bigint;
  feeShares: bigint;
  /** USD NAV per share at the trade, 18 decimals; undefined when the subgraph had no price then. */
  navPerShare: bigint | undefined;
}

export interface CostBasis {
  /** Shares the events account for. */
  trackedShares: bigint;
  /** USD cost of the tracked shares (18 decimals). */
  cost: bigint;
  /** Whether every trade had a NAV (otherwise the cost is unknown). */
  complete: boolean;
}

export function costBasis(trades: readonly Trade[]): CostBasis {
  let trackedShares = 0n;
  let cost = 0n;
  let complete = true;
  for (const t of trades) {
    if (t.kind === "Mint") {
      if (t.navPerShare === undefined) complete = false;
      cost += ((t.shares + t.feeShares) * (t.navPerShare ?? 0n)) / WAD;
      trackedShares += t.shares;
    } else {
      const out = t.shares > trackedShares ? trackedShares : t.shares;
      if (trackedShares > 0n) cost -= (cost * out) / trackedShares;
      trackedShares -= out;
    }
  }
  return { trackedShares, cost, complete };
}

/** Unrealised P&L of the tracked shares at `navPerShare`: value - cost (USD, 18 decimals). */
export function profitAndLoss(basis: CostBasis, navPerShare: bigint): { value: bigint; pnl: bigint; pnlWad: bigint } {
  const value = (basis.trackedShares * navPerShare) / WAD;
  const pnl = value - basis.cost;
  return { value, pnl, pnlWad: basis.cost === 0n ? 0n : (pnl * WAD) / basis.cost };
}

/** A subgraph BigDecimal string as an 18-decimal integer (extra digits cut). */
export function decimalToWad(value: string | null | undefined): bigint | undefined {
  if (value === null || value === undefined) return undefined;
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (m === null) return undefined;
  const n = BigInt(m[2]!) * WAD + BigInt((m[3] ?? "").slice(0, 18).padEnd(18, "0"));
  return m[1] === "-" ? -n : n;
}
