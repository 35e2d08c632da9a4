import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FixtureMarketData, HttpMarketData, MarketDataError } from "../src/marketData.js";

const A = `0x${"11".repeat(20)}`;

describe("market data sources", () => {
  let dir = "";
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "tmai-keeper-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("reads the fixture shipped for the local stack, resolving symbols to addresses", async () => {
    const addresses = new Map<string, string>();
    const resolve = (symbol: string): string => {
      if (!addresses.has(symbol)) addresses.set(symbol, `0x${(addresses.size + 1).toString(16).padStart(40, "0")}`);
      return addresses.get(symbol)!;
    };
    const caps = await new FixtureMarketData("keeper/fixtures/market-caps.json", resolve).marketCaps();
    expect(caps.length).toBeGreaterThanOrEqual(10);
    expect(caps[0]!.asset).toBe(addresses.get("WBTC"));
    await expect(
      new FixtureMarketData("keeper/fixtures/market-caps.json", () => undefined).marketCaps(),
    ).rejects.toThrow(/symbol WBTC is not a known token/);
  });

  it("explains what is wrong with a bad file", async () => {
    const path = join(dir, "bad.json");
    await writeFile(path, JSON.stringify({ assets: [{ asset: "BTC", marketCapUsd: 1 }] }));
    await expect(new FixtureMarketData(path).marketCaps()).rejects.toThrow(/assets\[0\]\.asset must be a 0x-prefixed/);
    await writeFile(path, "{ not json");
    await expect(new FixtureMarketData(path).marketCaps()).rejects.toThrow(/not valid JSON/);
    await expect(new FixtureMarketData(join(dir, "missing.json")).marketCaps()).rejects.toThrow(MarketDataError);
  });

  it("fetches over HTTP and reports HTTP errors", async () => {
    const ok = new HttpMarketData(
      "http://127.0.0.1/caps",
      1000,
      async () => new Response(JSON.stringify({ assets: [{ asset: A, marketCapUsd: 5 }] }), { status: 200 }),
    );
    expect(await ok.marketCaps()).toEqual([{ asset: A, marketCapUsd: 5 }]);
    const down = new HttpMarketData("http://127.0.0.1/caps", 1000, async () => new Response("", { status: 503 }));
    await expect(down.marketCaps()).rejects.toThrow(/HTTP 503/);
  });
});
