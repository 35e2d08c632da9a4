import { readFile } from "node:fs/promises";
import { weekOf } from "./snapshot.js";
import type { Clock, MarketDataSource } from "./types.js";
import type { MarketCap } from "./weights.js";

export class MarketDataError extends Error {}

/** Maps a token symbol to its address (from the deployments manifest); undefined when unknown. */
export type SymbolResolver = (symbol: string) => string | undefined;

/**
 * A fixture's entry for the week of `timestamp`: the document itself, or, when it has `"weeks": [ … ]`, the entry
 * `week % weeks.length` (weeks since the Unix epoch, as snapshots count them), so a local stack's inputs change every
 * week and cycle. `origin` names the file in errors.
 */
export function fixtureWeek(json: unknown, timestamp: number, origin: string): { entry: unknown; where: string } {
  if (typeof json !== "object" || json === null || !("weeks" in json)) return { entry: json, where: origin };
  const weeks = (json as { weeks: unknown }).weeks;
  if (!Array.isArray(weeks) || weeks.length === 0) {
    throw new MarketDataError(`${origin}: "weeks" must be a non-empty array`);
  }
  const i = weekOf(timestamp) % weeks.length;
  return { entry: weeks[i], where: `${origin} weeks[${i}]` };
}

/** The system clock, for fixtures read without the keeper's chain clock. */
const systemClock: Clock = { now: async () => Math.floor(Date.now() / 1000) };

/**
 * Validates `{ "assets": [{ "asset": "0x…" | "symbol": "WBTC", "marketCapUsd": 123, "id"?: "bitcoin",
 * "priceUsd"?: 1, "stablecoin"?: true }, …] }`. Entries named by symbol are resolved to addresses with `resolve`
 * (the local fixture uses symbols: addresses differ per chain); `id` is the provider's id that sector memberships
 * and signals use.
 */
export function parseMarketData(json: unknown, origin: string, resolve?: SymbolResolver): MarketCap[] {
  if (typeof json !== "object" || json === null || !Array.isArray((json as { assets?: unknown }).assets)) {
    throw new MarketDataError(`${origin}: expected an object with an "assets" array`);
  }
  return (json as { assets: unknown[] }).assets.map((entry, i) => {
    const e = entry as {
      asset?: unknown;
      symbol?: unknown;
      marketCapUsd?: unknown;
      id?: unknown;
      priceUsd?: unknown;
      stablecoin?: unknown;
    };
    if (e.asset === undefined && typeof e.symbol === "string") {
      const resolved = resolve?.(e.symbol);
      if (resolved === undefined)
        throw new MarketDataError(`${origin}: assets[${i}].symbol ${e.symbol} is not a known token`);
      e.asset = resolved;
    }
    if (typeof e.asset !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(e.asset)) {
      throw new MarketDataError(`${origin}: assets[${i}].asset must be a 0x-prefixed 20-byte address`);
    }
    if (typeof e.marketCapUsd !== "number" || !Number.isFinite(e.marketCapUsd) || e.marketCapUsd <= 0) {
      throw new MarketDataError(`${origin}: assets[${i}].marketCapUsd must be a positive number`);
    }
    if (e.id !== undefined && (typeof e.id !== "string" || e.id === "")) {
      throw new MarketDataError(`${origin}: assets[${i}].id must be a non-empty string`);
    }
    if (e.priceUsd !== undefined && (typeof e.priceUsd !== "number" || !(e.priceUsd > 0))) {
      throw new MarketDataError(`${origin}: assets[${i}].priceUsd must be a positive number`);
    }
    return {
      asset: e.asset,
      marketCapUsd: e.marketCapUsd,
      ...(typeof e.id === "string" ? { id: e.id } : {}),
      ...(typeof e.symbol === "string" ? { symbol: e.symbol } : {}),
      ...(typeof e.priceUsd === "number" ? { priceUsd: e.priceUsd } : {}),
      ...(e.stablecoin === true ? { stablecoin: true } : {}),
    };
  });
}

/**
 * Reads market caps from a JSON file (the local stack's fixture dataset): one list, or one per week (`fixtureWeek`)
 * chosen by `clock` (the keeper's chain clock).
 */
export class FixtureMarketData implements MarketDataSource {
  readonly name: string;
  constructor(
    private readonly path: string,
    private readonly resolve?: SymbolResolver,
    private readonly clock: Clock = systemClock,
  ) {
    this.name = `fixture:${path}`;
  }
  async marketCaps(): Promise<MarketCap[]> {
    let text: string;
    try {
      text = await readFile(this.path, "utf8");
    } catch (err) {
      throw new MarketDataError(`cannot read market data file ${this.path}: ${(err as Error).message}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new MarketDataError(`${this.path} is not valid JSON`);
    }
    const { entry, where } = fixtureWeek(json, await this.clock.now(), this.path);
    return parseMarketData(entry, where, this.resolve);
  }
}

/** Fetches the same JSON shape from an HTTP endpoint, with a timeout. */
export class HttpMarketData implements MarketDataSource {
  readonly name: string;
  constructor(
    private readonly url: string,
    private readonly timeoutMs = 10_000,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {
    this.name = `http:${url}`;
  }
  async marketCaps(): Promise<MarketCap[]> {
    const res = await this.fetchImpl(this.url, { signal: AbortSignal.timeout(this.timeoutMs) });
    if (!res.ok) throw new MarketDataError(`${this.url} answered HTTP ${res.status}`);
    return parseMarketData(await res.json(), this.url);
  }
}
