/**
 * History for the index detail: chart periods, benchmark lines normalised to the index's NAV, regime markers, and a
 * holding's 24 h price change. Prices come from the subgraph's snapshots (each hourly snapshot of any index records
 * the oracle price of every basket asset that had one at its last event), so a price is known only at the moments
 * some index had an event; nothing here interpolates between them or guesses one that was not recorded.
 *
 * Chart values are numbers (they are drawn, not paid); times are Unix seconds of chain time.
 */

export type Period = "24h" | "7d" | "30d" | "all";

export const PERIODS: readonly { value: Period; label: string; name: string; seconds: number | undefined }[] = [
  { value: "24h", label: "24 h", name: "the last 24 hours", seconds: 86_400 },
  { value: "7d", label: "7 d", name: "the last 7 days", seconds: 7 * 86_400 },
  { value: "30d", label: "30 d", name: "the last 30 days", seconds: 30 * 86_400 },
  { value: "all", label: "All", name: "all recorded history", seconds: undefined },
];

/** How long ago a recorded price may be and still stand for the price at a later moment (benchmarks, 24 h change). */
export const MAX_PRICE_AGE_SECONDS = 6 * 3_600;

export interface NavPoint {
  t: number;
  nav: number;
}

export interface PricePoint {
  t: number;
  price: number;
}

/** The moment a period ends: now, or the newest point when chain time runs ahead of the clock (local stack). */
export function periodEnd(nowSeconds: number, points: readonly { t: number }[]): number {
  const last = points.length === 0 ? undefined : points[points.length - 1]!.t;
  return last === undefined ? nowSeconds : Math.max(nowSeconds, last);
}

/** The points (sorted by time) that fall in `period` ending at `end`: t ≥ end − its length; every point for "all". */
export function filterPeriod<T extends { t: number }>(points: readonly T[], period: Period, end: number): T[] {
  const seconds = PERIODS.find((p) => p.value === period)!.seconds;
  if (seconds === undefined) return [...points];
  return points.filter((p) => p.t >= end - seconds && p.t <= end);
}

/** One asset's recorded prices, sorted by time, one per moment (equal moments agree: one oracle, one block). */
export function priceSeries(
  snapshots: readonly { timestamp: number; pricedAssets: readonly string[]; prices: readonly string[] }[],
  asset: string,
): PricePoint[] {
  const wanted = asset.toLowerCase();
  const byTime = new Map<number, number>();
  for (const s of snapshots) {
    const i = s.pricedAssets.findIndex((a) => a.toLowerCase() === wanted);
    if (i < 0) continue;
    const price = Number(s.prices[i]);
    if (Number.isFinite(price) && price > 0) byTime.set(s.timestamp, price);
  }
  return [...byTime.entries()].sort((a, b) => a[0] - b[0]).map(([t, price]) => ({ t, price }));
}

/** The last recorded price at or before `t`, if it is at most `maxAge` older; undefined otherwise. */
export function priceAt(
  series: readonly PricePoint[],
  t: number,
  maxAge = MAX_PRICE_AGE_SECONDS,
): PricePoint | undefined {
  let found: PricePoint | undefined;
  for (const p of series) {
    if (p.t > t) break;
    found = p;
  }
  return found !== undefined && t - found.t <= maxAge ? found : undefined;
}

/**
 * A benchmark drawn next to the NAV: at each NAV point, what the index's NAV at the benchmark's first known point of
 * the period would be worth had it held the benchmark instead, NAV(t₀) × price(t) / price(t₀). Before t₀, and where
 * no price was recorded within `maxAge` before a point, the value is undefined (a gap, never a guess).
 */
export function normaliseBenchmark(
  nav: readonly NavPoint[],
  series: readonly PricePoint[],
  maxAge = MAX_PRICE_AGE_SECONDS,
): (number | undefined)[] {
  let base: number | undefined;
  return nav.map((p) => {
    const price = priceAt(series, p.t, maxAge);
    if (price === undefined) return undefined;
    if (base === undefined) base = p.nav / price.price;
    return price.price * base;
  });
}

/** The NAV's and a benchmark's change over the drawn points, as fractions (0.05 = +5 %); undefined without two. */
export function seriesChange(values: readonly (number | undefined)[]): number | undefined {
  const known = values.filter((v): v is number => v !== undefined);
  if (known.length < 2 || known[0]! === 0) return undefined;
  return known[known.length - 1]! / known[0]! - 1;
}

export type Change24h =
  { kind: "change"; change: number; from: PricePoint } | { kind: "missing"; reason: string; since?: PricePoint };

/**
 * A holding's price change over 24 h: the current oracle price against the last price the subgraph recorded at or
 * before 24 h ago, which must lie within `maxAge` of that moment (else the change would span more than a day).
 */
export function change24h(
  series: readonly PricePoint[],
  currentPrice: number | undefined,
  now: number,
  maxAge = MAX_PRICE_AGE_SECONDS,
): Change24h {
  if (currentPrice === undefined || !(currentPrice > 0))
    return { kind: "missing", reason: "No sound oracle price now, so no change can be computed." };
  const target = now - 86_400;
  const from = priceAt(series, target, maxAge);
  if (from !== undefined) return { kind: "change", change: currentPrice / from.price - 1, from };
  const first = series[0];
  if (first === undefined || first.t > target)
    return {
      kind: "missing",
      reason: "No price recorded 24 h ago yet: the subgraph's history of this asset is younger than a day.",
      since: first,
    };
  return {
    kind: "missing",
    reason: `No price recorded within ${MAX_PRICE_AGE_SECONDS / 3_600} h before 24 h ago (prices are recorded only when an index has an event).`,
  };
}

export interface RegimeMarker {
  t: number;
  regime: "Risk-on" | "Risk-off";
}

/** Regime switches (the subgraph's SWITCHED RegimeSwitch entities) as chart markers inside [start, end]. */
export function regimeMarkers(
  switches: readonly { kind: string; regime: string | null; timestamp: number }[],
  start: number,
  end: number,
): RegimeMarker[] {
  return switches
    .filter((s) => s.kind === "SWITCHED" && s.regime !== null && s.timestamp >= start && s.timestamp <= end)
    .map((s) => ({ t: s.timestamp, regime: s.regime === "RISK_OFF" ? ("Risk-off" as const) : ("Risk-on" as const) }))
    .sort((a, b) => a.t - b.t);
}

/** The symbols a benchmark's token goes by on the chains this protocol deploys to. */
export const BENCHMARK_SYMBOLS = {
  BTC: ["WBTC", "cbBTC", "tBTC", "BTCB", "BTC"],
  ETH: ["WETH", "ETH"],
} as const;

/** The BTC and ETH tokens of a token list (the manifest's), by symbol; a benchmark without a token is left out. */
export function benchmarkTokens(
  tokens: readonly { address: string; symbol: string }[],
): { name: "BTC" | "ETH"; address: string; symbol: string }[] {
  const out: { name: "BTC" | "ETH"; address: string; symbol: string }[] = [];
  for (const name of ["BTC", "ETH"] as const) {
    const symbols: readonly string[] = BENCHMARK_SYMBOLS[name];
    const token = tokens.find((t) => symbols.includes(t.symbol));
    if (token !== undefined) out.push({ name, address: token.address, symbol: token.symbol });
  }
  return out;
}

/** A change as a signed percentage, `+1.23 %` / `-0.50 %`; "—" when unknown. */
export function formatChange(change: number | undefined): string {
  if (change === undefined || !Number.isFinite(change)) return "—";
  const pct = change * 100;
  const text = Math.abs(pct).toFixed(2);
  return `${pct < 0 && text !== "0.00" ? "-" : "+"}${text} %`;
}

/** A recorded USD price (a number from the subgraph) with up to six significant digits: `$61,234.5`, `$0.00001`. */
export function formatUsdNumber(price: number): string {
  return `$${price.toLocaleString("en-US", { maximumSignificantDigits: 6 })}`;
}

/**
 * Decimals for the USD ticks of a chart whose values span `span` dollars: enough that neighbouring ticks differ
 * (a NAV moving between $99.95 and $100.05 reads $99.96, $99.98, … rather than $100 five times), at most 4.
 */
export function usdTickDecimals(span: number): number {
  if (!(span > 0) || span >= 10) return 0;
  return Math.min(4, Math.max(0, Math.ceil(-Math.log10(span)) + 1));
}
