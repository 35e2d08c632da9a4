import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { MarketDataError } from "../src/marketData.js";
import { CoinGeckoMarketData, TokenMetricsSignals, tokensOf, type MappedToken } from "../src/providers.js";

/** A provider on 127.0.0.1: `handle` answers each request (it sees them all, in order). */
async function serve(
  handle: (req: IncomingMessage, res: ServerResponse, n: number) => void,
): Promise<{ url: string; requests: IncomingMessage[]; server: Server }> {
  const requests: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    requests.push(req);
    handle(req, res, requests.length);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, server };
}
const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

const json = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
};
const fast = { retry: { baseDelayMs: 5, maxDelayMs: 20 } };

const TOKENS: Record<string, MappedToken> = {
  bitcoin: { address: "0x0000000000000000000000000000000000000001", signalId: 3375 },
  ethereum: { address: "0x0000000000000000000000000000000000000002", signalId: 3306 },
  "render-token": { address: "0x0000000000000000000000000000000000000003", signalId: 4021 },
  "usd-coin": { address: "0x0000000000000000000000000000000000000004", stablecoin: true },
};
const MARKETS = [
  { id: "bitcoin", symbol: "btc", name: "Bitcoin", current_price: 97000, market_cap: 1.92e12, total_volume: 3e10 },
  { id: "ethereum", symbol: "eth", name: "Ethereum", current_price: 3600, market_cap: 4.3e11, total_volume: 2e10 },
  { id: "render-token", symbol: "render", name: "Render", current_price: 7.1, market_cap: 3.7e9, total_volume: 2e8 },
  { id: "usd-coin", symbol: "usdc", name: "USDC", current_price: 0.9998, market_cap: 4.1e10, total_volume: 5e9 },
];

describe("CoinGecko-style /coins/markets", () => {
  it("maps ids to addresses with prices and stablecoin flags, sending the key in its header", async () => {
    const p = await serve((req, res) => {
      const url = new URL(req.url!, "http://x");
      const ids = url.searchParams.get("ids")!.split(",");
      json(
        res,
        200,
        MARKETS.filter((m) => ids.includes(m.id)),
      );
    });
    const caps = await new CoinGeckoMarketData(p.url, TOKENS, { apiKey: "cg-secret", ...fast }).marketCaps();
    expect(caps).toEqual([
      { asset: TOKENS.bitcoin!.address, marketCapUsd: 1.92e12, id: "bitcoin", symbol: "BTC", priceUsd: 97000 },
      { asset: TOKENS.ethereum!.address, marketCapUsd: 4.3e11, id: "ethereum", symbol: "ETH", priceUsd: 3600 },
      {
        asset: TOKENS["render-token"]!.address,
        marketCapUsd: 3.7e9,
        id: "render-token",
        symbol: "RENDER",
        priceUsd: 7.1,
      },
      {
        asset: TOKENS["usd-coin"]!.address,
        marketCapUsd: 4.1e10,
        id: "usd-coin",
        symbol: "USDC",
        priceUsd: 0.9998,
        stablecoin: true,
      },
    ]);
    const req = p.requests[0]!;
    expect(req.url).toMatch(/^\/coins\/markets\?vs_currency=usd&ids=bitcoin%2Cethereum%2Crender-token%2Cusd-coin/);
    expect(req.headers["x-cg-pro-api-key"]).toBe("cg-secret");
  });

  it("retries a 429 and a 503, then succeeds", async () => {
    const p = await serve((_req, res, n) => {
      if (n === 1) json(res, 429, { status: { error_code: 429, error_message: "You've exceeded the Rate Limit" } });
      else if (n === 2) json(res, 503, { error: "maintenance" });
      else json(res, 200, MARKETS);
    });
    const caps = await new CoinGeckoMarketData(p.url, TOKENS, fast).marketCaps();
    expect(caps.length).toBe(4);
    expect(p.requests.length).toBe(3);
  });

  it("a rate limit that persists fails with a clear error after the retries", async () => {
    const p = await serve((_req, res) => json(res, 429, { status: { error_code: 429 } }));
    await expect(new CoinGeckoMarketData(p.url, TOKENS, fast).marketCaps()).rejects.toThrow(
      /CoinGecko http:\/\/127\.0\.0\.1:\d+\/coins\/markets rate limited \(HTTP 429\)/,
    );
    expect(p.requests.length).toBe(4);
  });

  it("a refused key is not retried and says so; the key never appears in the error", async () => {
    const p = await serve((_req, res) => json(res, 401, { error: "invalid api key" }));
    const err = await new CoinGeckoMarketData(p.url, TOKENS, { apiKey: "cg-secret", ...fast })
      .marketCaps()
      .catch((e: Error) => e);
    expect((err as Error).message).toMatch(/refused the API key \(HTTP 401\)/);
    expect((err as Error).message).not.toContain("cg-secret");
    expect(p.requests.length).toBe(1);
  });

  it("a request that hangs times out and is retried", async () => {
    const p = await serve((_req, res, n) => {
      if (n === 1) return; // never answers
      json(res, 200, MARKETS);
    });
    const caps = await new CoinGeckoMarketData(p.url, TOKENS, { timeoutMs: 200, ...fast }).marketCaps();
    expect(caps.length).toBe(4);
    expect(p.requests.length).toBe(2);
  });

  it("partial data: rows without a market cap are left out; too few rows is an error naming the missing ids", async () => {
    const partial = [MARKETS[0], MARKETS[1], { ...MARKETS[2], market_cap: null }, MARKETS[3]];
    const p = await serve((_req, res) => json(res, 200, partial));
    const caps = await new CoinGeckoMarketData(p.url, TOKENS, { ...fast, minCoverage: 0.75 }).marketCaps();
    expect(caps.map((c) => c.id)).toEqual(["bitcoin", "ethereum", "usd-coin"]);
    const q = await serve((_req, res) => json(res, 200, [MARKETS[0]]));
    await expect(new CoinGeckoMarketData(q.url, TOKENS, fast).marketCaps()).rejects.toThrow(
      /partial data, 3 of 4 tokens missing or unusable \(ethereum, render-token, usd-coin\)/,
    );
  });

  it("an answer that is not the expected shape is an error", async () => {
    const p = await serve((_req, res) => json(res, 200, { error: "nope" }));
    await expect(new CoinGeckoMarketData(p.url, TOKENS, fast).marketCaps()).rejects.toThrow(/expected an array/);
    const q = await serve((_req, res) => {
      res.writeHead(200);
      res.end("<html>");
    });
    await expect(new CoinGeckoMarketData(q.url, TOKENS, fast).marketCaps()).rejects.toThrow(/not JSON/);
  });
});

describe("Token-Metrics-style signals", () => {
  const row = (id: number, signal: number, grade?: number, date = "2026-11-30") => ({
    TOKEN_ID: id,
    TOKEN_NAME: `t${id}`,
    TOKEN_SYMBOL: `T${id}`,
    DATE: date,
    TRADING_SIGNAL: signal,
    ...(grade === undefined ? {} : { TM_TRADER_GRADE: grade }),
  });

  it("reads { data: [...] } with the key in x-api-key, maps TOKEN_IDs to ids, keeps each token's latest row", async () => {
    const p = await serve((_req, res) =>
      json(res, 200, {
        success: true,
        message: "Data fetched successfully",
        length: 4,
        data: [row(3375, 1, 81.5), row(3306, -1, 22), row(4021, 1, 70, "2026-11-23"), row(4021, 0, 55, "2026-11-30")],
      }),
    );
    const signals = await new TokenMetricsSignals(`${p.url}/v2/trading-signals`, "tm-secret", TOKENS, fast).signals();
    expect(signals).toEqual([
      { id: "bitcoin", signal: 1, grade: 81.5 },
      { id: "ethereum", signal: -1, grade: 22 },
      { id: "render-token", signal: 0, grade: 55 },
    ]);
    expect(p.requests[0]!.headers["x-api-key"]).toBe("tm-secret");
    expect(p.requests[0]!.url).toBe("/v2/trading-signals?token_id=3306%2C3375%2C4021&limit=3");
  });

  it("retries rate limits, then fails clearly; partial data below the coverage is refused", async () => {
    const p = await serve((_req, res, n) =>
      n < 3
        ? json(res, 429, { message: "Too Many Requests" })
        : json(res, 200, { data: [row(3375, 1), row(3306, 1), row(4021, 1)] }),
    );
    expect((await new TokenMetricsSignals(p.url, "k", TOKENS, fast).signals()).length).toBe(3);
    const q = await serve((_req, res) => json(res, 200, { data: [row(3375, 1), row(3306, 7)] }));
    await expect(new TokenMetricsSignals(q.url, "k", TOKENS, fast).signals()).rejects.toThrow(
      /Token Metrics: partial data, 2 of 3 tokens missing or unusable \(ethereum, render-token\)/,
    );
    const r = await serve((_req, res) => json(res, 500, { message: "internal" }));
    await expect(new TokenMetricsSignals(r.url, "k", TOKENS, fast).signals()).rejects.toThrow(/answered HTTP 500/);
    expect(r.requests.length).toBe(4);
    const s = await serve((_req, res) => json(res, 200, { success: false, message: "bad" }));
    await expect(new TokenMetricsSignals(s.url, "k", TOKENS, fast).signals()).rejects.toThrow(/expected \{ "data"/);
  });

  it("an empty API key is refused up front", () => {
    expect(() => new TokenMetricsSignals("http://127.0.0.1:1", "", TOKENS)).toThrow(/TMAI_TOKEN_METRICS_API_KEY/);
  });
});

describe("token map", () => {
  it("returns a network's tokens and says which networks exist when one is missing", () => {
    const map = { version: "2026-12-01", networks: { localhost: TOKENS } };
    expect(tokensOf(map, "localhost", "map.json").version).toBe("2026-12-01");
    expect(() => tokensOf(map, "arbitrum", "map.json")).toThrow(
      /no tokens for network "arbitrum" \(it has: localhost\)/,
    );
    const bySymbol = { version: "1", networks: { l: { bitcoin: { symbol: "WBTC" }, eth: { symbol: "NOPE" } } } };
    expect(() => tokensOf(bySymbol, "l", "m", (s) => (s === "WBTC" ? TOKENS.bitcoin!.address : undefined))).toThrow(
      /l\.eth\.symbol NOPE is not a known token/,
    );
    const one = { version: "1", networks: { l: { bitcoin: { symbol: "WBTC" } } } };
    expect(tokensOf(one, "l", "m", () => TOKENS.bitcoin!.address).tokens.bitcoin!.address).toBe(
      TOKENS.bitcoin!.address,
    );
    expect(() => tokensOf({ version: "1", networks: { l: { x: { address: "0x1" } } } }, "l", "m")).toThrow(
      MarketDataError,
    );
  });
});
