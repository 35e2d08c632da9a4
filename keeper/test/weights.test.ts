import { describe, expect, it } from "vitest";
import { capWeightedWeights, WAD, WeightError } from "../src/weights.js";

const addr = (i: number): string => `0x${(i + 1).toString(16).padStart(40, "0")}`;
const sum = (ws: { weightWad: bigint }[]): bigint => ws.reduce((a, w) => a + w.weightWad, 0n);

describe("capWeightedWeights", () => {
  it("is proportional to market cap when no cap binds, and sums to exactly 1e18", () => {
    const ws = capWeightedWeights(
      [
        { asset: addr(0), marketCapUsd: 600 },
        { asset: addr(1), marketCapUsd: 300 },
        { asset: addr(2), marketCapUsd: 100 },
      ],
      WAD,
    );
    expect(ws.map((w) => w.weightWad)).toEqual([6n * 10n ** 17n, 3n * 10n ** 17n, 10n ** 17n]);
    expect(sum(ws)).toBe(WAD);
  });

  it("caps the largest assets and spreads the excess pro rata, repeatedly", () => {
    // BTC-like dominance: 70 %, 20 %, then 10 small ones of 1 % each. Cap 25 %.
    const caps = [
      { asset: addr(0), marketCapUsd: 7000 },
      { asset: addr(1), marketCapUsd: 2000 },
      ...Array.from({ length: 10 }, (_, i) => ({ asset: addr(i + 2), marketCapUsd: 100 })),
    ];
    const cap = 25n * 10n ** 16n;
    const ws = capWeightedWeights(caps, cap);
    expect(sum(ws)).toBe(WAD);
    for (const w of ws) expect(w.weightWad <= cap).toBe(true);
    expect(ws[0]!.weightWad).toBe(cap);
    expect(ws[1]!.weightWad).toBe(cap); // 20 % grows past 25 % once BTC's excess is spread: capped too
    // The 10 small ones share the remaining 50 % equally (within rounding).
    for (const w of ws.slice(2)) expect(w.weightWad - 5n * 10n ** 16n <= 1n).toBe(true);
  });

  it("handles 100 assets with a long tail and never breaks the cap", () => {
    const caps = Array.from({ length: 100 }, (_, i) => ({ asset: addr(i), marketCapUsd: 1e12 / (i + 1) ** 1.5 }));
    const cap = 10n ** 17n; // 10 %
    const ws = capWeightedWeights(caps, cap);
    expect(ws).toHaveLength(100);
    expect(sum(ws)).toBe(WAD);
    for (const w of ws) {
      expect(w.weightWad > 0n).toBe(true);
      expect(w.weightWad <= cap).toBe(true);
    }
  });

  it("rejects impossible or malformed input with a readable message", () => {
    expect(() => capWeightedWeights([], WAD)).toThrow(/no assets/);
    expect(() =>
      capWeightedWeights(
        [
          { asset: addr(0), marketCapUsd: 1 },
          { asset: addr(1), marketCapUsd: 1 },
        ],
        4n * 10n ** 17n,
      ),
    ).toThrow(/cannot hold 2 assets: at least 3 are needed/);
    expect(() => capWeightedWeights([{ asset: addr(0), marketCapUsd: -5 }], WAD)).toThrow(/positive number/);
    expect(() =>
      capWeightedWeights(
        [
          { asset: addr(0), marketCapUsd: 1 },
          { asset: addr(0).toUpperCase().replace("0X", "0x"), marketCapUsd: 2 },
        ],
        WAD,
      ),
    ).toThrow(/appears twice/);
    expect(() =>
      capWeightedWeights(
        Array.from({ length: 101 }, (_, i) => ({ asset: addr(i), marketCapUsd: 1 })),
        WAD,
      ),
    ).toThrow(WeightError);
  });
});
