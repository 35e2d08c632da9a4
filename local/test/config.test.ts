import { describe, expect, it } from "vitest";
import { loadSimulatorConfig, SimulatorConfigError } from "../config.js";

const KEY = `0x${"cd".repeat(32)}`;

describe("loadSimulatorConfig", () => {
  it("uses local defaults: a step every 15 s of 0.5 % volatility, seeded from the clock", () => {
    const c = loadSimulatorConfig({ TMAI_SIMULATOR_PRIVATE_KEY: KEY }, () => 2 ** 31 + 7);
    expect(c).toEqual({
      rpcUrl: "http://127.0.0.1:8545",
      manifestPath: "deployments/localhost.json",
      privateKey: KEY,
      intervalSeconds: 15,
      volatility: 0.005,
      seed: 7,
    });
  });

  it("takes every setting from the environment", () => {
    const c = loadSimulatorConfig({
      TMAI_RPC_URL: "http://127.0.0.1:9545",
      TMAI_MANIFEST: "deployments/other.json",
      TMAI_SIMULATOR_PRIVATE_KEY: KEY,
      TMAI_SIMULATOR_INTERVAL_SECONDS: "3",
      TMAI_SIMULATOR_VOLATILITY: "0.02",
      TMAI_SIMULATOR_SEED: "42",
    });
    expect(c).toMatchObject({ rpcUrl: "http://127.0.0.1:9545", intervalSeconds: 3, volatility: 0.02, seed: 42 });
    expect(c.manifestPath).toBe("deployments/other.json");
  });

  it("lists every problem at once, each with what to set", () => {
    try {
      loadSimulatorConfig({
        TMAI_RPC_URL: "localhost:8545",
        TMAI_SIMULATOR_INTERVAL_SECONDS: "0",
        TMAI_SIMULATOR_VOLATILITY: "0.5",
        TMAI_SIMULATOR_SEED: "1.5",
      });
      expect.fail("should have thrown");
    } catch (err) {
      expect(err).toBeInstanceOf(SimulatorConfigError);
      expect((err as SimulatorConfigError).problems).toEqual([
        'TMAI_RPC_URL must be an http(s) URL, got "localhost:8545"',
        "TMAI_SIMULATOR_PRIVATE_KEY must be a 0x-prefixed 32-byte hex key",
        'TMAI_SIMULATOR_INTERVAL_SECONDS must be a whole number of seconds >= 1, got "0"',
        'TMAI_SIMULATOR_VOLATILITY must be a fraction in [0, 0.5), got "0.5"',
        'TMAI_SIMULATOR_SEED must be an integer, got "1.5"',
      ]);
    }
  });
});
