import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.js";

const KEY = `0x${"ab".repeat(32)}`;

describe("loadConfig", () => {
  it("uses local defaults and parses the cap as an exact fraction", () => {
    const c = loadConfig({ TMAI_KEEPER_PRIVATE_KEY: KEY });
    expect(c.rpcUrl).toBe("http://127.0.0.1:8545");
    expect(c.weightCapWad).toBe(25n * 10n ** 16n);
    expect(c.marketData).toEqual({ kind: "fixture", path: "keeper/fixtures/market-caps.json" });
    expect(c.intervalSeconds).toBe(30);
  });

  it("asks each fill for 10 bps of profit by default; TMAI_KEEPER_MIN_PROFIT_BPS sets it from 1 to 1000", () => {
    expect(loadConfig({ TMAI_KEEPER_PRIVATE_KEY: KEY }).minProfitBps).toBe(10n);
    expect(loadConfig({ TMAI_KEEPER_PRIVATE_KEY: KEY, TMAI_KEEPER_MIN_PROFIT_BPS: "1" }).minProfitBps).toBe(1n);
    expect(loadConfig({ TMAI_KEEPER_PRIVATE_KEY: KEY, TMAI_KEEPER_MIN_PROFIT_BPS: "1000" }).minProfitBps).toBe(1000n);
  });

  it.each(["0", "1001", "2.5", "-5", "10bps", ""])("rejects the minimum profit %j, saying what to set", (value) => {
    try {
      loadConfig({ TMAI_KEEPER_PRIVATE_KEY: KEY, TMAI_KEEPER_MIN_PROFIT_BPS: value });
      expect.fail("should have thrown");
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).problems).toEqual([
        "TMAI_KEEPER_MIN_PROFIT_BPS must be a whole number of basis points from 1 to 1000 (0.01 % to 10 % of what " +
          `a fill pays the vault), e.g. 10, got "${value}"`,
      ]);
    }
  });

  it("reads the regime calls from TMAI_REGIME_FILE (keeper/fixtures/regime.json by default), never an empty path", () => {
    expect(loadConfig({ TMAI_KEEPER_PRIVATE_KEY: KEY }).regimeFile).toBe("keeper/fixtures/regime.json");
    const set = loadConfig({ TMAI_KEEPER_PRIVATE_KEY: KEY, TMAI_REGIME_FILE: "deployments/regime.json" });
    expect(set.regimeFile).toBe("deployments/regime.json");
    expect(() => loadConfig({ TMAI_KEEPER_PRIVATE_KEY: KEY, TMAI_REGIME_FILE: " " })).toThrow(
      /TMAI_REGIME_FILE must be the path of the regime JSON file/,
    );
  });

  it("accepts an HTTP market-data source", () => {
    const c = loadConfig({ TMAI_KEEPER_PRIVATE_KEY: KEY, TMAI_MARKET_DATA: "https://example.invalid/caps.json" });
    expect(c.marketData).toEqual({ kind: "http", url: "https://example.invalid/caps.json" });
  });

  it("keeps its transaction journals in TMAI_KEEPER_STATE_DIR (npm start: one per local chain)", () => {
    expect(loadConfig({ TMAI_KEEPER_PRIVATE_KEY: KEY }).stateDir).toBe("keeper/.state");
    expect(loadConfig({ TMAI_KEEPER_PRIVATE_KEY: KEY, TMAI_KEEPER_STATE_DIR: "/tmp/x/keeper-state" }).stateDir).toBe(
      "/tmp/x/keeper-state",
    );
    expect(() => loadConfig({ TMAI_KEEPER_PRIVATE_KEY: KEY, TMAI_KEEPER_STATE_DIR: " " })).toThrow(
      /TMAI_KEEPER_STATE_DIR must be the directory of the keeper's transaction journals/,
    );
  });

  it("reads the data providers, the methodology file, the snapshot directory and the drift bands", () => {
    const d = loadConfig({ TMAI_KEEPER_PRIVATE_KEY: KEY });
    expect(d.tokenMap).toEqual({ path: "keeper/fixtures/token-map.json" });
    expect(d.signals).toBeUndefined();
    expect(d.methodologyFile).toBeUndefined();
    expect(d.snapshotDir).toBe("deployments/snapshots");
    expect(d.driftBands).toEqual({ trimBps: 5_000, topUpBps: 3_000 });
    expect(d.dataTimeoutMs).toBe(10_000);
    const c = loadConfig({
      TMAI_KEEPER_PRIVATE_KEY: KEY,
      TMAI_MARKET_DATA: "coingecko:https://pro-api.coingecko.com/api/v3",
      TMAI_COINGECKO_API_KEY: "cg",
      TMAI_TOKEN_MAP_NETWORK: "arbitrum",
      TMAI_SIGNALS: "https://api.tokenmetrics.com/v2/trading-signals",
      TMAI_TOKEN_METRICS_API_KEY: "tm",
      TMAI_METHODOLOGY_FILE: "deploy/methodologies.json",
      TMAI_KEEPER_TRIM_BAND: "0.4",
      TMAI_KEEPER_TOPUP_BAND: "0.25",
    });
    expect(c.marketData).toEqual({ kind: "coingecko", url: "https://pro-api.coingecko.com/api/v3" });
    expect(c.coingeckoApiKey).toBe("cg");
    expect(c.tokenMap.network).toBe("arbitrum");
    expect(c.signals).toEqual({
      kind: "token-metrics",
      url: "https://api.tokenmetrics.com/v2/trading-signals",
      apiKey: "tm",
    });
    expect(c.methodologyFile).toBe("deploy/methodologies.json");
    expect(c.driftBands).toEqual({ trimBps: 4_000, topUpBps: 2_500 });
    expect(loadConfig({ TMAI_KEEPER_PRIVATE_KEY: KEY, TMAI_SIGNALS: "fixture:s.json" }).signals).toEqual({
      kind: "fixture",
      path: "s.json",
    });
    expect(() =>
      loadConfig({ TMAI_KEEPER_PRIVATE_KEY: KEY, TMAI_SIGNALS: "https://api.tokenmetrics.com/v2/trading-signals" }),
    ).toThrow(/set TMAI_TOKEN_METRICS_API_KEY/);
    expect(() => loadConfig({ TMAI_KEEPER_PRIVATE_KEY: KEY, TMAI_KEEPER_TOPUP_BAND: "1" })).toThrow(
      /TMAI_KEEPER_TOPUP_BAND must be a fraction/,
    );
    expect(() => loadConfig({ TMAI_KEEPER_PRIVATE_KEY: KEY, TMAI_SIGNALS: "ftp://x" })).toThrow(/TMAI_SIGNALS must be/);
  });

  it("lists every problem at once, each with what to set", () => {
    try {
      loadConfig({
        TMAI_RPC_URL: "localhost:8545",
        TMAI_KEEPER_WEIGHT_CAP: "1.5",
        TMAI_KEEPER_INTERVAL_SECONDS: "0",
        TMAI_MARKET_DATA: "coingecko",
        TMAI_KEEPER_LOG_LEVEL: "loud",
      });
      expect.fail("should have thrown");
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems.join("\n");
      expect(problems).toMatch(/TMAI_RPC_URL must be an http\(s\) URL/);
      expect(problems).toMatch(/TMAI_KEEPER_PRIVATE_KEY must be set/);
      expect(problems).toMatch(/TMAI_KEEPER_WEIGHT_CAP must be a fraction/);
      expect(problems).toMatch(/TMAI_KEEPER_INTERVAL_SECONDS/);
      expect(problems).toMatch(/TMAI_MARKET_DATA/);
      expect(problems).toMatch(/TMAI_KEEPER_LOG_LEVEL/);
      expect((err as ConfigError).problems).toHaveLength(6);
    }
  });

  it("gives both roles TMAI_KEEPER_PRIVATE_KEY, or each its own key or keystore", () => {
    const shared = loadConfig({ TMAI_KEEPER_PRIVATE_KEY: KEY }).keys;
    expect(shared.methodologist).toEqual({ kind: "privateKey", variable: "TMAI_KEEPER_PRIVATE_KEY", privateKey: KEY });
    expect(shared.operator).toEqual(shared.methodologist);

    const other = `0x${"cd".repeat(32)}`;
    const split = loadConfig({
      TMAI_METHODOLOGIST_PRIVATE_KEY: KEY,
      TMAI_OPERATOR_KEYSTORE: "/secrets/operator.json",
      TMAI_OPERATOR_KEYSTORE_PASSWORD_FILE: "/secrets/operator.pass",
    }).keys;
    expect(split.methodologist).toEqual({
      kind: "privateKey",
      variable: "TMAI_METHODOLOGIST_PRIVATE_KEY",
      privateKey: KEY,
    });
    expect(split.operator).toEqual({
      kind: "keystore",
      variable: "TMAI_OPERATOR_KEYSTORE",
      path: "/secrets/operator.json",
      password: { kind: "file", variable: "TMAI_OPERATOR_KEYSTORE_PASSWORD_FILE", path: "/secrets/operator.pass" },
    });
    // A role with its own key overrides the shared one for that role only.
    const mixed = loadConfig({ TMAI_KEEPER_PRIVATE_KEY: KEY, TMAI_OPERATOR_PRIVATE_KEY: other }).keys;
    expect(mixed.methodologist.kind === "privateKey" && mixed.methodologist.privateKey).toBe(KEY);
    expect(mixed.operator.kind === "privateKey" && mixed.operator.privateKey).toBe(other);
  });

  it("reports every key problem at once, never echoing a key", () => {
    const bad = "0xnotakey-but-secret";
    try {
      loadConfig({
        TMAI_METHODOLOGIST_PRIVATE_KEY: bad,
        TMAI_OPERATOR_KEYSTORE: "/secrets/operator.json",
      });
      expect.fail("should have thrown");
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems;
      expect(problems).toEqual([
        "TMAI_METHODOLOGIST_PRIVATE_KEY must be a 0x-prefixed 32-byte hex key",
        "TMAI_OPERATOR_KEYSTORE is set but its password is not: set TMAI_OPERATOR_KEYSTORE_PASSWORD_FILE (a file) " +
          "or TMAI_OPERATOR_KEYSTORE_PASSWORD",
      ]);
      expect((err as Error).message).not.toContain(bad);
    }
    expect(() => loadConfig({ TMAI_OPERATOR_PRIVATE_KEY: KEY })).toThrow(
      /the methodologist has no key: set TMAI_METHODOLOGIST_PRIVATE_KEY or TMAI_METHODOLOGIST_KEYSTORE/,
    );
    expect(() =>
      loadConfig({
        TMAI_OPERATOR_PRIVATE_KEY: KEY,
        TMAI_OPERATOR_KEYSTORE: "/k.json",
        TMAI_METHODOLOGIST_PRIVATE_KEY: KEY,
      }),
    ).toThrow(/TMAI_OPERATOR_PRIVATE_KEY and TMAI_OPERATOR_KEYSTORE are both set/);
  });

  it("serves /healthz and /metrics on 127.0.0.1:9464 by default; port 0 turns them off", () => {
    expect(loadConfig({ TMAI_KEEPER_PRIVATE_KEY: KEY }).metrics).toEqual({ host: "127.0.0.1", port: 9464 });
    expect(loadConfig({ TMAI_KEEPER_PRIVATE_KEY: KEY, TMAI_KEEPER_METRICS_PORT: "0" }).metrics.port).toBe(0);
    expect(() => loadConfig({ TMAI_KEEPER_PRIVATE_KEY: KEY, TMAI_KEEPER_METRICS_PORT: "70000" })).toThrow(
      /TMAI_KEEPER_METRICS_PORT must be a port from 1 to 65535, or 0/,
    );
  });
});
