/** Random price paths for the local stack's simulator: a log-normal walk with a seeded generator. */

/** Deterministic 32-bit PRNG (mulberry32): same seed, same path. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw (Box-Muller) from a uniform generator. */
export function normal(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * Next price of a log-normal walk: price x exp(sigma x z - sigma^2 / 2) (no drift on average), bounded to
 * [floor, ceiling] so a simulated feed never leaves the oracle's accepted range. Prices are integers in the feed's
 * decimals.
 */
export function nextPrice(
  price: bigint,
  sigma: number,
  random: () => number,
  floor = 1n,
  ceiling = 2n ** 127n,
): bigint {
  if (price <= 0n) throw new Error(`price must be positive, got ${price}`);
  if (!(sigma >= 0 && sigma < 1)) throw new Error(`sigma must be in [0, 1), got ${sigma}`);
  const factor = Math.exp(sigma * normal(random) - (sigma * sigma) / 2);
  const scaled = BigInt(Math.round(factor * 1e9));
  let next = (price * scaled) / 1_000_000_000n;
  if (next < floor) next = floor;
  if (next > ceiling) next = ceiling;
  return next;
}
