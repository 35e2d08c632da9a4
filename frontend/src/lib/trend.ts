/**
 * The on-chain trend rule (TrendSignal) in numbers a holder reads: how far the benchmark's price is from its moving
 * average, and where the band puts the switch. From risk-on the rule turns risk-off only below average × (1 − band);
 * from risk-off it turns risk-on only above average × (1 + band) (TrendSignal.regime).
 */
import { WAD } from "./math.js";

/** The price's distance from the average as a signed fraction (18 decimals): +0.042e18 = 4.2 % above it. */
export function deviation(price: bigint, average: bigint): bigint | undefined {
  if (average === 0n) return undefined;
  return (price * WAD) / average - WAD;
}

/**
 * What would switch the regime from `current` (0 risk-on, 1 risk-off): the deviation the price must cross, and in
 * which direction.
 */
export function switchThreshold(current: number, band: bigint): { to: "Risk-off" | "Risk-on"; at: bigint } {
  return current === 0 ? { to: "Risk-off", at: -band } : { to: "Risk-on", at: band };
}

/** The signed fraction (18 decimals) as `+4.20 %` / `−1.50 %`. */
export function formatSigned(wad: bigint): string {
  const sign = wad < 0n ? "−" : "+";
  const abs = wad < 0n ? -wad : wad;
  const hundredths = (abs * 10_000n + WAD / 2n) / WAD;
  return `${sign}${(hundredths / 100n).toString()}.${(hundredths % 100n).toString().padStart(2, "0")} %`;
}
