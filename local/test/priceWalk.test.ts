import { describe, expect, it } from "vitest";
import { nextPrice, seededRandom } from "../priceWalk.js";

describe("price walk", () => {
  it("is deterministic for a seed and moves by about sigma per step", () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    let p = 3000n * 10n ** 8n;
    let q = p;
    const moves: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const next = nextPrice(p, 0.01, a);
      moves.push(Math.log(Number(next) / Number(p)));
      p = next;
      q = nextPrice(q, 0.01, b);
    }
    expect(p).toBe(q);
    const mean = moves.reduce((x, y) => x + y, 0) / moves.length;
    const sd = Math.sqrt(moves.reduce((x, y) => x + (y - mean) ** 2, 0) / moves.length);
    expect(sd).toBeGreaterThan(0.009);
    expect(sd).toBeLessThan(0.011);
  });

  it("stays within the bounds and rejects nonsense", () => {
    const r = seededRandom(1);
    for (let i = 0; i < 100; i++) {
      const v = nextPrice(100n, 0.4, r, 90n, 110n);
      expect(v >= 90n && v <= 110n).toBe(true);
    }
    expect(() => nextPrice(0n, 0.01, r)).toThrow(/positive/);
    expect(() => nextPrice(1n, 1.5, r)).toThrow(/sigma/);
    expect(nextPrice(12345n, 0, r)).toBe(12345n);
  });
});
