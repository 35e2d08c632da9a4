/**
 * Market data and signals from real providers, behind the keeper's source interfaces (types.ts):
 * - `CoinGeckoMarketData`: market caps and prices from a CoinGecko-style `/coins/markets` endpoint;
 * - `TokenMetricsSignals`: per-token trading signals (1 / 0 / -1) and grades from a Token-Metrics-style endpoint
 *   (`x-api-key` header, `{ data: [...] }` answers).
 * Provider ids are mapped to token addresses on the vault's network by a versioned token map (`TokenMap`). Every
 * request has a time limit and is retried on transient failures (timeouts, resets, HTTP 429 and 5xx); anything else
 * fails at once with an error that says what answered what.
 */
import { readFile } from "node:fs/promises";
import { fixtureWeek, MarketDataError } from "./marketData.js";
import type { TokenSignal } from "./methodology/signalSector.js";
import { isTransientError, withRetry, type RetryOptions } from "./retry.js";
import type { Clock, MarketDataSource, SignalSource } from "./types.js";
import type { MarketCap } from "./weights.js";

/** One token of a network in the token map. */
export interface MappedToken {
  /** Token address on that network (in the map file, a `symbol` of the deployments manifest may stand for it). */
  address: string;
  /** A USD stablecoin. */
  stablecoin?: boolean;
  /** The token's id at the signal provider (Token Metrics' TOKEN_ID), when it has signals. */
  signalId?: number;
}

/**
 * Provider ids (CoinGecko's) to token addresses, per network: `{ version, networks: { <network>: { <id>: token } } }`.
 * Versioned, so a snapshot records which map resolved its universe.
 */
export interface TokenMap {
  version: string;
  networks: Record<string, Record<string, MappedToken>>;
}

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/**
 * Validates a token map (its JSON) and returns the tokens of `network`. An entry may name its token by `symbol`
 * instead of `address` (the local stack, whose addresses change with each deployment): `resolve` maps it.
 */
export function tokensOf(
  json: unknown,
  network: string,
  origin: string,
  resolve?: (symbol: string) => string | undefined,
): { version: string; tokens: Record<string, MappedToken> } {
  const map = json as Partial<TokenMap> | null;
  if (map === null || typeof map !== "object" || typeof map.version !== "string" || typeof map.networks !== "object") {
    throw new MarketDataError(`${origin}: expected { "version": "...", "networks": { ... } }`);
  }
  const tokens = map.networks?.[network];
  if (tokens === undefined) {
    throw new MarketDataError(
      `${origin} (version ${map.version}) has no tokens for network "${network}" ` +
        `(it has: ${Object.keys(map.networks ?? {}).join(", ") || "none"})`,
    );
  }
  for (const [id, t] of Object.entries(tokens)) {
    const symbol = (t as { symbol?: unknown })?.symbol;
    if (t?.address === undefined && typeof symbol === "string") {
      const address = resolve?.(symbol);
      if (address === undefined)
        throw new MarketDataError(`${origin}: ${network}.${id}.symbol ${symbol} is not a known token`);
      t.address = address;
    }
    if (typeof t?.address !== "string" || !ADDRESS.test(t.address)) {
      throw new MarketDataError(`${origin}: ${network}.${id}.address must be a 0x-prefixed 20-byte address`);
    }
  }
  return { version: map.version, tokens };
}

export async function readTokenMap(
  path: string,
  network: string,
  resolve?: (symbol: string) => string | undefined,
): Promise<{ version: string; tokens: Record<string, MappedToken> }> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, "utf8"));
  } catch (err) {
    throw new MarketDataError(`cannot read the token map ${path}: ${(err as Error).message}`);
  }
  return tokensOf(json, network, path, resolve);
}

/** A provider refused or failed a request (status, and what it said, in the message). */
export class ProviderError extends MarketDataError {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface HttpOptions {
  /** Time limit of one request, ms (default 10 s). */
  timeoutMs?: number;
  /** Retries of transient failures (default 4 attempts, 1 s doubling up to 8 s). */
  retry?: Partial<RetryOptions>;
  fetchImpl?: typeof fetch;
  /** Least fraction of the requested tokens that must come back (default 0.8): below it the data is refused. */
  minCoverage?: number;
}

/** GET `url` as JSON with a time limit and retries; the error names the provider, never the key. */
async function getJson(provider: string, url: URL, headers: Record<string, string>, o: HttpOptions): Promise<unknown> {
  const fetchImpl = o.fetchImpl ?? fetch;
  const shown = `${provider} ${url.origin}${url.pathname}`;
  return withRetry(
    async () => {
      let res: Response;
      try {
        res = await fetchImpl(url, { headers, signal: AbortSignal.timeout(o.timeoutMs ?? 10_000) });
      } catch (err) {
        const e = err as Error;
        throw new ProviderError(`${shown}: ${e.name === "TimeoutError" ? "timeout" : e.message} (${e.name})`);
      }
      if (!res.ok) {
        const body = (await res.text().catch(() => "")).slice(0, 200);
        const what =
          res.status === 429
            ? "rate limited (HTTP 429)"
            : res.status === 401 || res.status === 403
              ? `refused the API key (HTTP ${res.status})`
              : `answered HTTP ${res.status}`;
        throw new ProviderError(`${shown} ${what}${body ? `: ${body}` : ""}`, res.status);
      }
      try {
        return await res.json();
      } catch {
        throw new ProviderError(`${shown} answered something that is not JSON`);
      }
    },
    {
      attempts: 4,
      baseDelayMs: 1_000,
      maxDelayMs: 8_000,
      retryable: (err) =>
        err instanceof ProviderError && err.status !== undefined
          ? err.status === 429 || err.status >= 500
          : isTransientError(err),
      ...o.retry,
    },
  );
}

function checkCoverage(provider: string, wanted: string[], got: Set<string>, minCoverage: number): void {
  const missing = wanted.filter((id) => !got.has(id));
  if (wanted.length > 0 && (wanted.length - missing.length) / wanted.length < minCoverage) {
    throw new MarketDataError(
      `${provider}: partial data, ${missing.length} of ${wanted.length} tokens missing or unusable ` +
        `(${missing.slice(0, 10).join(", ")}${missing.length > 10 ? ", …" : ""}); at least ${Math.round(minCoverage * 100)} % are needed`,
    );
  }
}

/**
 * Market caps from a CoinGecko-style `GET <base>/coins/markets?vs_currency=usd&ids=…` (an array of
 * `{ id, symbol, current_price, market_cap }`), for the tokens of the map; the API key, when given, goes in the
 * `x-cg-pro-api-key` header (CoinGecko Pro; `x-cg-demo-api-key` for a demo key: `apiKeyHeader`). Tokens the answer
 * lacks, or gives no positive market cap, are left out; fewer than `minCoverage` of the map is an error.
 */
export class CoinGeckoMarketData implements MarketDataSource {
  readonly name: string;
  constructor(
    private readonly baseUrl: string,
    private readonly tokens: Record<string, MappedToken>,
    private readonly options: HttpOptions & { apiKey?: string; apiKeyHeader?: string } = {},
  ) {
    this.name = `coingecko:${new URL(baseUrl).origin}`;
  }

  async marketCaps(): Promise<MarketCap[]> {
    const ids = Object.keys(this.tokens).sort();
    const headers: Record<string, string> = { accept: "application/json" };
    if (this.options.apiKey) headers[this.options.apiKeyHeader ?? "x-cg-pro-api-key"] = this.options.apiKey;
    const out: MarketCap[] = [];
    const got = new Set<string>();
    for (let i = 0; i < ids.length; i += 250) {
      const page = ids.slice(i, i + 250);
      const url = new URL(`${this.baseUrl.replace(/\/$/, "")}/coins/markets`);
      url.searchParams.set("vs_currency", "usd");
      url.searchParams.set("ids", page.join(","));
      url.searchParams.set("per_page", "250");
      url.searchParams.set("page", "1");
      const json = await getJson("CoinGecko", url, headers, this.options);
      if (!Array.isArray(json))
        throw new MarketDataError(`CoinGecko /coins/markets: expected an array, got ${typeof json}`);
      for (const row of json as { id?: unknown; symbol?: unknown; market_cap?: unknown; current_price?: unknown }[]) {
        if (typeof row?.id !== "string" || !page.includes(row.id) || got.has(row.id)) continue;
        const mcap = row.market_cap;
        if (typeof mcap !== "number" || !Number.isFinite(mcap) || mcap <= 0) continue;
        const t = this.tokens[row.id]!;
        got.add(row.id);
        out.push({
          asset: t.address,
          marketCapUsd: mcap,
          id: row.id,
          ...(typeof row.symbol === "string" ? { symbol: row.symbol.toUpperCase() } : {}),
          ...(typeof row.current_price === "number" && Number.isFinite(row.current_price)
            ? { priceUsd: row.current_price }
            : {}),
          ...(t.stablecoin === true ? { stablecoin: true } : {}),
        });
      }
    }
    checkCoverage("CoinGecko", ids, got, this.options.minCoverage ?? 0.8);
    return out.sort((a, b) => (a.id! < b.id! ? -1 : 1));
  }
}

/**
 * Trading signals from a Token-Metrics-style `GET <url>?token_id=…` with the key in the `x-api-key` header,
 * answering `{ data: [{ TOKEN_ID, TRADING_SIGNAL: 1 | 0 | -1, TM_TRADER_GRADE?, DATE? }, …] }`. Signals are returned
 * under the token map's ids (the map's `signalId` is the provider's TOKEN_ID); when a token has several rows, the
 * latest DATE wins. Tokens without a usable signal are left out (the methodology then holds none of them); fewer
 * than `minCoverage` of the mapped tokens is an error.
 */
export class TokenMetricsSignals implements SignalSource {
  readonly name: string;
  constructor(
    private readonly url: string,
    private readonly apiKey: string,
    private readonly tokens: Record<string, MappedToken>,
    private readonly options: HttpOptions = {},
  ) {
    if (apiKey === "") throw new MarketDataError("the Token Metrics API key is empty: set TMAI_TOKEN_METRICS_API_KEY");
    this.name = `token-metrics:${new URL(url).origin}`;
  }

  async signals(): Promise<TokenSignal[]> {
    const byProviderId = new Map<number, string>();
    for (const [id, t] of Object.entries(this.tokens)) if (t.signalId !== undefined) byProviderId.set(t.signalId, id);
    const url = new URL(this.url);
    url.searchParams.set("token_id", [...byProviderId.keys()].sort((a, b) => a - b).join(","));
    url.searchParams.set("limit", String(Math.max(byProviderId.size, 1)));
    const json = await getJson(
      "Token Metrics",
      url,
      { accept: "application/json", "x-api-key": this.apiKey },
      this.options,
    );
    const data = (json as { data?: unknown } | null)?.data;
    if (!Array.isArray(data)) throw new MarketDataError(`Token Metrics: expected { "data": [...] }`);
    const latest = new Map<string, { signal: TokenSignal; date: string }>();
    for (const row of data as {
      TOKEN_ID?: unknown;
      TRADING_SIGNAL?: unknown;
      TM_TRADER_GRADE?: unknown;
      DATE?: unknown;
    }[]) {
      const id = typeof row?.TOKEN_ID === "number" ? byProviderId.get(row.TOKEN_ID) : undefined;
      const s = row?.TRADING_SIGNAL;
      if (id === undefined || (s !== 1 && s !== 0 && s !== -1)) continue;
      const grade = row.TM_TRADER_GRADE;
      const signal: TokenSignal = {
        id,
        signal: s,
        ...(typeof grade === "number" && grade > 0 && grade <= 100 ? { grade } : {}),
      };
      const date = typeof row.DATE === "string" ? row.DATE : "";
      const prev = latest.get(id);
      if (prev === undefined || date > prev.date) latest.set(id, { signal, date });
    }
    checkCoverage("Token Metrics", [...byProviderId.values()], new Set(latest.keys()), this.options.minCoverage ?? 0.8);
    return [...latest.values()].map((v) => v.signal).sort((a, b) => (a.id < b.id ? -1 : 1));
  }
}

/** Signals from a JSON file, `{ "version": "...", "signals": [{ "id", "signal": 1 | 0 | -1, "grade"? }] }` (local stack). */
export class FixtureSignals implements SignalSource {
  readonly name: string;
  /** `clock` picks the week's entry of a file with `"weeks": [{ "signals": [...] }, …]` (`fixtureWeek`). */
  constructor(
    private readonly path: string,
    private readonly clock: Clock = { now: async () => Math.floor(Date.now() / 1000) },
  ) {
    this.name = `fixture:${path}`;
  }
  async signals(): Promise<TokenSignal[]> {
    let file: unknown;
    try {
      file = JSON.parse(await readFile(this.path, "utf8"));
    } catch (err) {
      throw new MarketDataError(`cannot read the signals file ${this.path}: ${(err as Error).message}`);
    }
    const { entry, where } = fixtureWeek(file, await this.clock.now(), this.path);
    const json = entry as { signals?: unknown } | null;
    if (!Array.isArray(json?.signals)) throw new MarketDataError(`${where}: expected { "signals": [...] }`);
    return (json.signals as TokenSignal[]).map((s, i) => {
      if (typeof s?.id !== "string" || (s.signal !== 1 && s.signal !== 0 && s.signal !== -1)) {
        throw new MarketDataError(`${where}: signals[${i}] must be { "id": "...", "signal": 1 | 0 | -1 }`);
      }
      return { id: s.id, signal: s.signal, ...(typeof s.grade === "number" ? { grade: s.grade } : {}) };
    });
  }
}
