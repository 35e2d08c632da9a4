import { describe, expect, it } from "vitest";
import { MethodologyError, cappedSplit, contractBounds, type UniverseToken } from "../src/methodology/common.js";
import { globalTopN } from "../src/methodology/globalTopN.js";
import { computeWeights } from "../src/methodology/index.js";
import { signalSector, type SignalSectorParams, type TokenSignal } from "../src/methodology/signalSector.js";
import { targetFromWeights } from "../src/methodology/target.js";
import { WAD, type Weight } from "../src/weights.js";

const addr = (n: number): string => `0x${n.toString(16).padStart(40, "0")}`;
const pct = (p: number): bigint => (WAD * BigInt(Math.round(p * 100))) / 10_000n;
const sum = (ws: readonly Weight[]): bigint => ws.reduce((a, w) => a + w.weightWad, 0n);
const weightOf = (ws: readonly Weight[], asset: string): bigint | undefined =>
  ws.find((w) => w.asset === asset)?.weightWad;

/** Token i: id "t<i>", address i, market cap `mcap`. */
const tok = (i: number, mcap: number, extra: Partial<UniverseToken> = {}): UniverseToken => ({
  id: `t${i}`,
  asset: addr(i),
  marketCapUsd: mcap,
  ...extra,
});

describe("cappedSplit", () => {
  it("spreads what capped assets cannot take and sums exactly to the total", () => {
    const w = cappedSplit([90n, 5n, 5n], [pct(50), pct(50), pct(50)], WAD);
    expect(w[0]).toBe(pct(50));
    expect(w[1]).toBe(pct(25));
    expect(w[1]! + w[2]!).toBe(pct(50));
  });
  it("refuses caps that cannot hold the total", () => {
    expect(() => cappedSplit([1n, 1n], [pct(40), pct(40)], WAD)).toThrow(MethodologyError);
  });
});

describe("global top-N", () => {
  const bounds = contractBounds(pct(25));

  it("holds the N largest non-stablecoins by market cap, capped, summing to 100 %", () => {
    const universe = [
      tok(1, 1000),
      tok(2, 500),
      tok(3, 800, { stablecoin: true, priceUsd: 1 }), // large, but a stablecoin: never held
      tok(4, 300),
      tok(5, 200),
      tok(6, 100),
      tok(7, 50),
    ];
    const { weights, chosen } = globalTopN(universe, { n: 5 }, bounds);
    expect(chosen).toEqual(["t1", "t2", "t4", "t5", "t6"]);
    expect(sum(weights)).toBe(WAD);
    for (const w of weights) expect(w.weightWad <= pct(25)).toBe(true);
    expect(weightOf(weights, addr(1))).toBe(pct(25)); // capped
    expect(weightOf(weights, addr(3))).toBeUndefined();
  });

  it("ties at the N-th place go to the lower address, whatever the input order", () => {
    const universe = [tok(1, 100), tok(2, 90), tok(3, 80), tok(9, 70), tok(5, 70), tok(7, 70)];
    const a = globalTopN(universe, { n: 4 }, contractBounds(pct(30)));
    const b = globalTopN([...universe].reverse(), { n: 4 }, contractBounds(pct(30)));
    expect(a.chosen).toEqual(["t1", "t2", "t3", "t5"]);
    expect(targetFromWeights(a.weights).key).toBe(targetFromWeights(b.weights).key);
  });

  it("a cap that cannot hold N assets is refused with the number needed", () => {
    const universe = [tok(1, 100), tok(2, 90), tok(3, 80), tok(4, 70), tok(5, 60)];
    expect(() => globalTopN(universe, { n: 3 }, bounds)).toThrow(/cap of 25.00 % cannot hold 3 token\(s\): at least 4/);
    // Too few risk assets in the universe: the same error says so.
    expect(() => globalTopN([tok(1, 10), tok(2, 5), tok(3, 1, { stablecoin: true })], { n: 4 }, bounds)).toThrow(
      /the universe has only 2 that are not stablecoins/,
    );
  });

  it("N beyond the contract's limit, or a universe of stablecoins only, is refused", () => {
    expect(() => globalTopN([tok(1, 10)], { n: 101 }, bounds)).toThrow(/N must be a whole number from 1 to 100/);
    expect(() => globalTopN([tok(1, 10, { stablecoin: true })], { n: 1 }, bounds)).toThrow(/no token that is not/);
  });

  it("a depegged stablecoin in the universe is never bought as a risk asset", () => {
    const universe = [
      tok(1, 100),
      tok(2, 90),
      tok(3, 80),
      tok(4, 70),
      tok(5, 500, { stablecoin: true, priceUsd: 0.82 }),
    ];
    const { chosen } = globalTopN(universe, { n: 4 }, bounds);
    expect(chosen).toEqual(["t1", "t2", "t3", "t4"]);
  });

  it("top 100 of a universe of 150 with a 5 % cap; tokens under the minimum weight are dropped from the bottom", () => {
    const universe = Array.from({ length: 150 }, (_, i) => tok(i + 1, 1e12 / (i + 1) ** 2));
    const all = globalTopN(universe, { n: 100 }, contractBounds(pct(5)));
    expect(all.weights.length).toBe(100);
    expect(sum(all.weights)).toBe(WAD);
    const min = { ...contractBounds(pct(5)), minWeightWad: pct(0.1) };
    const trimmed = globalTopN(universe, { n: 100 }, min);
    expect(trimmed.weights.length).toBeLessThan(100);
    expect(trimmed.weights.every((w) => w.weightWad >= pct(0.1))).toBe(true);
    expect(sum(trimmed.weights)).toBe(WAD);
    // The ones kept are the largest.
    expect(trimmed.chosen).toEqual(all.chosen.slice(0, trimmed.chosen.length));
  });

  it("refuses a malformed universe (duplicate ids or addresses, non-positive caps)", () => {
    expect(() => globalTopN([tok(1, 1), { ...tok(2, 1), id: "t1" }], { n: 2 }, bounds)).toThrow(/appears twice/);
    expect(() => globalTopN([tok(1, 1), { ...tok(1, 1), id: "x" }], { n: 2 }, bounds)).toThrow(/appears twice/);
    expect(() => globalTopN([tok(1, 0)], { n: 1 }, bounds)).toThrow(/positive/);
  });
});

describe("signal-weighted sector", () => {
  const USDC = tok(100, 30e9, { id: "usd-coin", stablecoin: true, priceUsd: 1.0 });
  const DAI = tok(101, 5e9, { id: "dai", stablecoin: true, priceUsd: 0.999 });
  const members = { version: "2026-11-01", sectors: { ai: ["t1", "t2", "t3", "t4", "t5"], defi: ["t6"] } };
  const universe = [tok(1, 500), tok(2, 400), tok(3, 300), tok(4, 200), tok(5, 100), tok(6, 50), USDC, DAI];
  const params: SignalSectorParams = {
    sector: "ai",
    weighting: "market-cap",
    neutral: "hold",
    neutralFactorBps: 5_000,
    minBullish: 3,
    stablecoins: ["usd-coin", "dai"],
    depegToleranceBps: 200,
  };
  // The stablecoin may hold the whole index (its per-asset cap, Rebalancer.setAssetLimits).
  const bounds = contractBounds(pct(40), { [USDC.asset]: WAD, [DAI.asset]: WAD });
  const sig = (entries: [number, 1 | 0 | -1, number?][]): TokenSignal[] =>
    entries.map(([i, signal, grade]) => ({ id: `t${i}`, signal, ...(grade === undefined ? {} : { grade }) }));

  it("holds the bullish by market cap, the neutral at half weight, excludes the bearish", () => {
    const r = signalSector(
      universe,
      members,
      sig([
        [1, 1],
        [2, -1],
        [3, 1],
        [4, 0],
        [5, 1],
      ]),
      params,
      bounds,
    );
    expect(r.bullish.sort()).toEqual(["t1", "t3", "t5"]);
    expect(r.neutralHeld).toEqual(["t4"]);
    expect(r.excluded).toContainEqual({ id: "t2", reason: "bearish" });
    expect(r.stableShareWad).toBe(0n);
    expect(sum(r.weights)).toBe(WAD);
    // t3 (300) and t4 (200 at half: 100): 3 to 1.
    const w3 = weightOf(r.weights, addr(3))!;
    const w4 = weightOf(r.weights, addr(4))!;
    expect(Number((w3 * 1000n) / w4) / 1000).toBeCloseTo(3, 2);
    // Neutral excluded instead: t4 leaves.
    const ex = signalSector(
      universe,
      members,
      sig([
        [1, 1],
        [3, 1],
        [4, 0],
        [5, 1],
      ]),
      { ...params, neutral: "exclude" },
      bounds,
    );
    expect(weightOf(ex.weights, addr(4))).toBeUndefined();
    expect(ex.excluded).toContainEqual({ id: "t4", reason: "neutral (excluded)" });
    expect(ex.excluded).toContainEqual({ id: "t2", reason: "no signal" });
  });

  it("weights by signal strength: equal grades tie exactly, higher grades weigh more", () => {
    const r = signalSector(
      universe,
      members,
      sig([
        [1, 1, 80],
        [2, 1, 80],
        [3, 1, 40],
      ]),
      { ...params, weighting: "signal" },
      bounds,
    );
    expect(weightOf(r.weights, addr(1))).toBe(pct(40));
    expect(weightOf(r.weights, addr(2))).toBe(pct(40));
    expect(weightOf(r.weights, addr(3))).toBe(pct(20));
    expect(() => signalSector(universe, members, sig([[1, 1]]), { ...params, weighting: "signal" }, bounds)).toThrow(
      /needs a grade/,
    );
  });

  it("one bullish token: the stable share rises to (3 - 1) / 3, and what the cap refuses goes to the stablecoin", () => {
    const r = signalSector(
      universe,
      members,
      sig([
        [1, 1],
        [2, -1],
        [3, -1],
      ]),
      params,
      bounds,
    );
    expect(weightOf(r.weights, addr(1))).toBe(WAD / 3n + 1n); // a third, the wei of rounding included
    expect(r.stablecoin).toBe("usd-coin");
    expect(sum(r.weights)).toBe(WAD);
    const capped = signalSector(
      universe,
      members,
      sig([[1, 1]]),
      params,
      contractBounds(pct(25), { [USDC.asset]: WAD }),
    );
    expect(weightOf(capped.weights, addr(1))).toBe(pct(25));
    expect(weightOf(capped.weights, USDC.asset)).toBe(pct(75));
  });

  it("all bearish: 100 % in the stablecoin", () => {
    const r = signalSector(
      universe,
      members,
      sig([
        [1, -1],
        [2, -1],
        [3, -1],
        [4, -1],
        [5, -1],
      ]),
      params,
      bounds,
    );
    expect(r.weights).toEqual([{ asset: USDC.asset, weightWad: WAD }]);
    expect(r.stableShareWad).toBe(WAD);
  });

  it("a depegged stablecoin is passed over for the next pegged one; none pegged is refused", () => {
    const depegged = universe.map((t) => (t.id === "usd-coin" ? { ...t, priceUsd: 0.9 } : t));
    const r = signalSector(depegged, members, sig([[1, -1]]), params, bounds);
    expect(r.stablecoin).toBe("dai");
    const both = depegged.map((t) => (t.id === "dai" ? { ...t, priceUsd: 1.08 } : t));
    expect(() => signalSector(both, members, sig([[1, -1]]), params, bounds)).toThrow(
      /needs a pegged stablecoin.*usd-coin at 0.9 USD, dai at 1.08 USD/,
    );
  });

  it("a stable share above the stablecoin's cap, or an unknown sector, is refused with what to change", () => {
    expect(() => signalSector(universe, members, sig([[1, -1]]), params, contractBounds(pct(40)))).toThrow(
      /above the cap of usd-coin.*setAssetLimits/,
    );
    expect(() => signalSector(universe, members, [], { ...params, sector: "l1" }, bounds)).toThrow(
      /sector "l1" is not in membership version 2026-11-01 \(sectors: ai, defi\)/,
    );
    expect(() => signalSector(universe, members, [{ id: "t1", signal: 2 as 1 }], params, bounds)).toThrow(
      /must be 1, 0 or -1/,
    );
  });

  it("is reachable by id and version through computeWeights, and refuses another version", () => {
    const inputs = {
      universe,
      membership: members,
      signals: sig([
        [1, 1],
        [3, 1],
        [5, 1],
      ]),
    };
    const w = computeWeights({ id: "signal-sector", version: "1.0.0", params }, inputs, bounds);
    expect(sum(w)).toBe(WAD);
    expect(() => computeWeights({ id: "signal-sector", version: "2.0.0", params }, inputs, bounds)).toThrow(
      /version 2.0.0 is not the implemented version 1.0.0/,
    );
    expect(() => computeWeights({ id: "signal-sector", version: "1.0.0", params }, { universe }, bounds)).toThrow(
      /needs the sector membership/,
    );
  });
});
