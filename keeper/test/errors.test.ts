import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AbiCoder, Interface, type Signer } from "ethers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PriceOracleAbi, UniswapSolverAbi } from "../../bindings/abis.js";
import { keeperSubmit } from "../src/chain.js";
import { describeError, errorFields } from "../src/errors.js";
import { createLogger, type Level } from "../src/log.js";
import { Journal, TxSender, type ChainClient } from "../src/txSender.js";

const SOLVER = "0x00000000000000000000000000000000000000a1";
const ASSET = "0x00000000000000000000000000000000000000b2";

/** The error ethers' JSON-RPC provider throws when a gas estimate reverts with `data` (no ABI to decode it). */
function estimateGasRevert(data: string): Error {
  return AbiCoder.getBuiltinCallException("estimateGas", { to: SOLVER, data: "0x12345678" }, data);
}

const unprofitable = new Interface(UniswapSolverAbi).encodeErrorResult("Unprofitable", [999n, 1000n]);

describe("keeper errors: reverts decoded by name with the bindings' merged error ABI", () => {
  it("names a solver error the provider could only call an unknown custom error", () => {
    const err = estimateGasRevert(unprofitable);
    expect(err.message).toContain("unknown custom error");
    expect(unprofitable.slice(0, 10)).toBe("0x4482de3e");
    expect(describeError(err)).toBe("reverted: UniswapSolver.Unprofitable(amountOut: 999, required: 1000)");
    expect(errorFields(err)).toEqual({
      error: "reverted: UniswapSolver.Unprofitable(amountOut: 999, required: 1000)",
      revertData: unprofitable,
    });
  });

  it("names an oracle error bubbling through another contract, reasons, panics, unknown data and other failures", () => {
    const stale = new Interface(PriceOracleAbi).encodeErrorResult("StalePrice", [ASSET, 100n, 3600n]);
    expect(describeError(estimateGasRevert(stale))).toBe(
      `reverted: PriceOracle.StalePrice(asset: ${ASSET}, updatedAt: 100, heartbeat: 3600)`,
    );
    const builtin = new Interface(["error Error(string)", "error Panic(uint256)"]);
    expect(describeError(estimateGasRevert(builtin.encodeErrorResult("Error", ["STF"])))).toBe('reverted: "STF"');
    expect(describeError(estimateGasRevert(builtin.encodeErrorResult("Panic", [0x12])))).toBe(
      "panicked: division by zero (0x12)",
    );
    expect(describeError(estimateGasRevert("0xdeadbeef"))).toBe("reverted with an unknown error 0xdeadbeef");
    expect(describeError(estimateGasRevert("0x"))).toBe("reverted without a reason");
    expect(describeError(new Error("read ECONNRESET\n  at socket"))).toBe("read ECONNRESET at socket");
    expect(errorFields(new Error("read ECONNRESET"))).toEqual({ error: "read ECONNRESET" });
  });
});

describe("keeperSubmit: a transaction whose gas estimate reverts", () => {
  let dir = "";
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "keeper-errors-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("logs the revert by name with the intent, sends nothing and rethrows", async () => {
    const lines: [Level, Record<string, unknown>][] = [];
    const log = createLogger(
      "info",
      { service: "keeper" },
      (level, line) => lines.push([level, JSON.parse(line) as Record<string, unknown>]),
      () => new Date(0),
    );
    const broadcasts: string[] = [];
    const chain: ChainClient = {
      blockNumber: async () => 0,
      minedNonce: async () => 7,
      broadcast: async (raw) => {
        broadcasts.push(raw);
      },
      receipt: async () => null,
    };
    const journal = new Journal(join(dir, "journal.json"));
    const sender = new TxSender(chain, SOLVER, journal, log, {
      retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
      receiptTimeoutMs: 1,
      pollMs: 1,
      maxRebroadcasts: 0,
    });
    // populateTransaction estimates gas: the provider throws the revert there.
    const wallet = {
      populateTransaction: async () => {
        throw estimateGasRevert(unprofitable);
      },
    } as unknown as Signer;
    const submit = keeperSubmit(wallet, sender, 10n ** 12n, log);

    await expect(submit({ intent: "fill:lot-1", to: SOLVER, data: "0x12345678" })).rejects.toThrow(
      /unknown custom error/,
    );
    expect(broadcasts).toEqual([]);
    expect(journal.all()).toEqual([]);
    const warn = lines.find(([level]) => level === "warn")?.[1];
    expect(warn).toEqual({
      time: "1970-01-01T00:00:00.000Z",
      level: "warn",
      msg: "transaction would revert: not sent, will retry next pass",
      service: "keeper",
      intent: "fill:lot-1",
      error: "reverted: UniswapSolver.Unprofitable(amountOut: 999, required: 1000)",
      revertData: unprofitable,
    });
  });
});
