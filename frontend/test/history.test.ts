import { describe, expect, it } from "vitest";
import {
  benchmarkTokens,
  change24h,
  filterPeriod,
  formatChange,
  formatUsdNumber,
  normaliseBenchmark,
  periodEnd,
  priceAt,
  priceSeries,
  regimeMarkers,
  seriesChange,
  usdTickDecimals,
} from "../src/lib/history.js";

const H = 3_600;
const D = 86_400;
const END = 100 * D;

describe("chart periods", () => {
  const points = [END - 40 * D, END - 10 * D, END - 3 * D, END - 20 * H, END - H, END].map((t) => ({ t, nav: 1 }));
  it("keeps the points of the last 24 h, 7 d, 30 d, or all of them", () => {
    expect(filterPeriod(points, "24h", END).map((p) => END - p.t)).toEqual([20 * H, H, 0]);
    expect(filterPeriod(points, "7d", END).map((p) => END - p.t)).toEqual([3 * D, 20 * H, H, 0]);
    expect(filterPeriod(points, "30d", END).map((p) => END - p.t)).toEqual([10 * D, 3 * D, 20 * H, H, 0]);
    expect(filterPeriod(points, "all", END)).toHaveLength(6);
  });
  it("includes a point exactly at the period's start and none after its end", () => {
    expect(filterPeriod([{ t: END - D }, { t: END + 1 }], "24h", END)).toEqual([{ t: END - D }]);
  });
  it("ends a period at the newest point when chain time is ahead of the clock", () => {
    expect(periodEnd(END, points)).toBe(END);
    expect(periodEnd(END - 5 * D, points)).toBe(END);
    expect(periodEnd(END + 7, points)).toBe(END + 7);
    expect(periodEnd(END, [])).toBe(END);
  });
});

describe("recorded prices", () => {
  const btc = "0xBBBB000000000000000000000000000000000001";
  const snaps = [
    { timestamp: 300, pricedAssets: [btc.toLowerCase()], prices: ["61000"] },
    { timestamp: 100, pricedAssets: ["0xeeee", btc.toLowerCase()], prices: ["3000", "60000"] },
    { timestamp: 200, pricedAssets: ["0xeeee"], prices: ["3100"] }, // BTC unpriced (stale) here
  ];
  it("takes one asset's prices from every snapshot that recorded it, oldest first", () => {
    expect(priceSeries(snaps, btc)).toEqual([
      { t: 100, price: 60_000 },
      { t: 300, price: 61_000 },
    ]);
    expect(priceSeries(snaps, "0xeeee")).toEqual([
      { t: 100, price: 3_000 },
      { t: 200, price: 3_100 },
    ]);
    expect(priceSeries(snaps, "0x0000")).toEqual([]);
  });
  it("finds the last price at or before a moment, not older than the limit", () => {
    const series = [
      { t: 100, price: 1 },
      { t: 200, price: 2 },
    ];
    expect(priceAt(series, 99)).toBeUndefined();
    expect(priceAt(series, 100)?.price).toBe(1);
    expect(priceAt(series, 199)?.price).toBe(1);
    expect(priceAt(series, 250)?.price).toBe(2);
    expect(priceAt(series, 250, 49)).toBeUndefined();
  });
});

describe("benchmark normalisation", () => {
  const nav = [
    { t: 0, nav: 100 },
    { t: H, nav: 110 },
    { t: 2 * H, nav: 105 },
  ];
  it("starts the benchmark at the index's NAV and moves it with the benchmark's price", () => {
    const series = [
      { t: 0, price: 50_000 },
      { t: H, price: 55_000 },
      { t: 2 * H, price: 40_000 },
    ];
    const values = normaliseBenchmark(nav, series);
    expect(values[0]).toBe(100);
    expect(values[1]).toBeCloseTo(110, 10);
    expect(values[2]).toBeCloseTo(80, 10);
    expect(seriesChange(values)).toBeCloseTo(-0.2, 12);
    expect(seriesChange(nav.map((p) => p.nav))).toBeCloseTo(0.05, 12);
  });
  it("starts at the first point with a price and leaves gaps where none was recorded recently", () => {
    const series = [{ t: H, price: 2_000 }];
    // Nothing at t=0; at 1 h the benchmark joins the NAV (110); at 2 h the 1-h-old price still stands.
    expect(normaliseBenchmark(nav, series)).toEqual([undefined, 110, 110]);
    // With a 30-minute limit the 2 h point has no recent price: a gap, not a guess.
    expect(normaliseBenchmark(nav, series, 1_800)).toEqual([undefined, 110, undefined]);
    expect(normaliseBenchmark(nav, [])).toEqual([undefined, undefined, undefined]);
    expect(seriesChange([undefined, 110, undefined])).toBeUndefined();
  });
});

describe("24 h change of a holding", () => {
  const now = 10 * D;
  it("compares the current price with the one recorded at or just before 24 h ago", () => {
    const series = [
      { t: now - D - 2 * H, price: 100 },
      { t: now - D + H, price: 200 }, // after the 24-h mark: not the reference
      { t: now - H, price: 120 },
    ];
    const c = change24h(series, 110, now);
    expect(c.kind).toBe("change");
    if (c.kind === "change") {
      expect(c.change).toBeCloseTo(0.1, 12);
      expect(c.from.t).toBe(now - D - 2 * H);
    }
  });
  it("says why there is no change: history younger than a day, a gap, or no price now", () => {
    const young = change24h([{ t: now - 5 * H, price: 100 }], 110, now);
    expect(young).toMatchObject({ kind: "missing", since: { t: now - 5 * H } });
    expect(young.kind === "missing" && young.reason).toMatch(/younger than a day/);
    expect(change24h([], 110, now)).toMatchObject({ kind: "missing" });
    const gap = change24h([{ t: now - 3 * D, price: 100 }], 110, now);
    expect(gap.kind === "missing" && gap.reason).toMatch(/No price recorded within 6 h/);
    const unsound = change24h([{ t: now - D, price: 100 }], undefined, now);
    expect(unsound.kind === "missing" && unsound.reason).toMatch(/No sound oracle price/);
  });
});

describe("regime markers", () => {
  it("marks only switches (not signals or clears) inside the period, oldest first", () => {
    const switches = [
      { kind: "SWITCHED", regime: "RISK_ON", timestamp: 500 },
      { kind: "SIGNALLED", regime: "RISK_OFF", timestamp: 150 },
      { kind: "SWITCHED", regime: "RISK_OFF", timestamp: 200 },
      { kind: "CLEARED", regime: null, timestamp: 250 },
      { kind: "SWITCHED", regime: "RISK_ON", timestamp: 50 },
    ];
    expect(regimeMarkers(switches, 100, 600)).toEqual([
      { t: 200, regime: "Risk-off" },
      { t: 500, regime: "Risk-on" },
    ]);
    expect(regimeMarkers(switches, 0, 100)).toEqual([{ t: 50, regime: "Risk-on" }]);
  });
});

describe("benchmark tokens", () => {
  it("finds BTC and ETH by their wrapped symbols and leaves out a missing one", () => {
    expect(
      benchmarkTokens([
        { address: "0x1", symbol: "USDC" },
        { address: "0x2", symbol: "WETH" },
        { address: "0x3", symbol: "WBTC" },
      ]),
    ).toEqual([
      { name: "BTC", address: "0x3", symbol: "WBTC" },
      { name: "ETH", address: "0x2", symbol: "WETH" },
    ]);
    expect(benchmarkTokens([{ address: "0x9", symbol: "cbBTC" }])).toEqual([
      { name: "BTC", address: "0x9", symbol: "cbBTC" },
    ]);
    expect(benchmarkTokens([{ address: "0x1", symbol: "USDC" }])).toEqual([]);
  });
});

describe("change and recorded price text", () => {
  it("signs changes and shows unknown ones as a dash", () => {
    expect(formatChange(0.0123)).toBe("+1.23 %");
    expect(formatChange(-0.005)).toBe("-0.50 %");
    expect(formatChange(-0.00001)).toBe("+0.00 %");
    expect(formatChange(undefined)).toBe("—");
    expect(formatChange(Number.NaN)).toBe("—");
  });
  it("prints recorded prices with six significant digits", () => {
    expect(formatUsdNumber(61234.56)).toBe("$61,234.6");
    expect(formatUsdNumber(0.00001)).toBe("$0.00001");
  });
});

describe("the NAV chart's USD ticks", () => {
  it("carry enough decimals that neighbouring ticks differ", () => {
    // A flat NAV around $100 moving by 6 cents: 5 ticks 1.5 cents apart need 2 decimals, not $100 five times.
    expect(usdTickDecimals(0.06)).toBe(3);
    expect(usdTickDecimals(0.1)).toBe(2);
    expect(usdTickDecimals(1)).toBe(1);
    expect(usdTickDecimals(5)).toBe(1);
    expect(usdTickDecimals(10)).toBe(0);
    expect(usdTickDecimals(25_000)).toBe(0);
    expect(usdTickDecimals(0.000001)).toBe(4);
    expect(usdTickDecimals(0)).toBe(0);
    expect(usdTickDecimals(Number.NaN)).toBe(0);
  });
});
