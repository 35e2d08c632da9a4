import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { keccak256, parseUnits, Wallet, type TransactionRequest } from "ethers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FeeAboveCapError, keeperSubmit, signerFor } from "../src/chain.js";
import { ConfigError, loadConfig } from "../src/config.js";
import { createLogger, type Level } from "../src/log.js";
import { Journal, TxSender, type ChainClient } from "../src/txSender.js";

const KEY = `0x${"ab".repeat(32)}`;
const GWEI = 10n ** 9n;

describe("keeper fee cap and RPC timeout settings", () => {
  it("defaults to a 200 gwei cap and 30 s RPC timeout", () => {
    const c = loadConfig({ TMAI_KEEPER_PRIVATE_KEY: KEY });
    expect(c.maxFeePerGasWei).toBe(200n * GWEI);
    expect(c.rpcTimeoutMs).toBe(30_000);
  });

  it("reads fractional gwei exactly", () => {
    const c = loadConfig({
      TMAI_KEEPER_PRIVATE_KEY: KEY,
      TMAI_KEEPER_MAX_FEE_GWEI: "1.5",
      TMAI_KEEPER_RPC_TIMEOUT_SECONDS: "5",
    });
    expect(c.maxFeePerGasWei).toBe(1_500_000_000n);
    expect(c.rpcTimeoutMs).toBe(5_000);
  });

  it.each(["0", "-3", "abc", "1.0000000001", ""])("rejects the cap %j with what to set", (value) => {
    expect(() => loadConfig({ TMAI_KEEPER_PRIVATE_KEY: KEY, TMAI_KEEPER_MAX_FEE_GWEI: value })).toThrow(
      /TMAI_KEEPER_MAX_FEE_GWEI must be a positive number of gwei/,
    );
  });

  it.each(["0", "1.5", "601", "x"])("rejects the RPC timeout %j", (value) => {
    try {
      loadConfig({ TMAI_KEEPER_PRIVATE_KEY: KEY, TMAI_KEEPER_RPC_TIMEOUT_SECONDS: value });
      expect.fail("should have thrown");
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).problems).toEqual([
        `TMAI_KEEPER_RPC_TIMEOUT_SECONDS must be a whole number of seconds from 1 to 600, got "${value}"`,
      ]);
    }
  });
});

/** A wallet whose populated transactions carry the fees given (no provider needed). */
function walletWithFees(fees: Partial<Pick<TransactionRequest, "maxFeePerGas" | "gasPrice">>): Wallet {
  const wallet = new Wallet(KEY);
  wallet.populateTransaction = async (tx: TransactionRequest) => ({
    to: tx.to as string,
    data: tx.data ?? "0x",
    nonce: tx.nonce ?? 0,
    chainId: 1n,
    gasLimit: 100_000n,
    ...(fees.maxFeePerGas !== undefined
      ? { type: 2, maxFeePerGas: fees.maxFeePerGas, maxPriorityFeePerGas: 1n * GWEI }
      : { type: 0, gasPrice: fees.gasPrice }),
  });
  return wallet;
}

describe("signerFor with a max fee cap", () => {
  const to = `0x${"11".repeat(20)}`;

  it("signs at or under the cap", async () => {
    const raw = await signerFor(walletWithFees({ maxFeePerGas: 100n * GWEI }), { to, data: "0x" }, 100n * GWEI)(7);
    expect(raw).toMatch(/^0x02/);
  });

  it("refuses an EIP-1559 max fee or a legacy gas price above the cap, saying what to change", async () => {
    const cap = parseUnits("100", "gwei");
    await expect(signerFor(walletWithFees({ maxFeePerGas: cap + 1n }), { to }, cap)(0)).rejects.toThrow(
      /max fee per gas 100.000000001 gwei is above the keeper's cap of 100.0 gwei \(TMAI_KEEPER_MAX_FEE_GWEI\)/,
    );
    await expect(signerFor(walletWithFees({ gasPrice: 500n * GWEI }), { to }, cap)(0)).rejects.toBeInstanceOf(
      FeeAboveCapError,
    );
  });

  it("keeperSubmit logs one warning and journals nothing when the fee is above the cap", async () => {
    const dir = await mkdtemp(join(tmpdir(), "tmai-cap-"));
    try {
      const lines: { level: Level; line: string }[] = [];
      const log = createLogger("debug", {}, (level, line) => lines.push({ level, line }));
      const journal = new Journal(join(dir, "journal.json"));
      const chain: ChainClient = {
        blockNumber: async () => 0,
        minedNonce: async () => 0,
        broadcast: async () => expect.fail("nothing may be broadcast"),
        receipt: async () => null,
      };
      const sender = new TxSender(chain, new Wallet(KEY).address, journal, log, {
        retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
        receiptTimeoutMs: 1,
        pollMs: 1,
        maxRebroadcasts: 0,
      });
      const submit = keeperSubmit(walletWithFees({ maxFeePerGas: 300n * GWEI }), sender, 100n * GWEI, log);
      await expect(submit({ intent: "target:v:k", to, data: "0x" })).rejects.toBeInstanceOf(FeeAboveCapError);
      expect(journal.all()).toEqual([]);
      const warnings = lines.filter((l) => l.level === "warn");
      expect(warnings).toHaveLength(1);
      expect(JSON.parse(warnings[0]!.line)).toMatchObject({
        msg: "gas price above the keeper's cap: not sending, will retry next pass",
        intent: "target:v:k",
        maxFeeGwei: "300.0",
        capGwei: "100.0",
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("TxSender.resumePending", () => {
  let dir = "";
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "tmai-resume-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("settles every journaled intent with its recorded bytes, never signing again", async () => {
    const journal = new Journal(join(dir, "journal.json"));
    const raws = ["0x0a", "0x0b"];
    for (const [i, raw] of raws.entries()) {
      await journal.put({ intent: `i${i}`, nonce: i, hash: keccak256(raw), rawTx: raw, sentAt: "then" });
    }
    const mined = new Set<string>();
    const broadcasts: string[] = [];
    const chain: ChainClient = {
      blockNumber: async () => 0,
      minedNonce: async () => mined.size,
      broadcast: async (raw) => {
        broadcasts.push(raw);
        mined.add(keccak256(raw));
      },
      receipt: async (hash) => (mined.has(hash) ? { status: 1, blockNumber: 1 } : null),
    };
    const silent = createLogger("error", {}, () => undefined);
    const sender = new TxSender(chain, `0x${"42".repeat(20)}`, journal, silent, {
      retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
      receiptTimeoutMs: 10,
      pollMs: 1,
      maxRebroadcasts: 0,
      sleep: async () => undefined,
    });

    const outcomes = await sender.resumePending();
    expect(outcomes.map((o) => o.kind)).toEqual(["mined", "mined"]);
    expect(broadcasts).toEqual(raws);
    expect(journal.all()).toEqual([]);
    expect(await sender.resumePending()).toEqual([]); // nothing left
  });
});

describe("isTransientError and payload text", () => {
  it("does not take digits inside hex data (a raw transaction in an error's payload) for an HTTP status", async () => {
    const { isTransientError } = await import("../src/retry.js");
    const payload = `could not coalesce error (error={ "code": -32000, "message": "injected" }, payload={ "params": [ "0xf86c0a8504290250388252089435035040420a" ] }, code=UNKNOWN_ERROR)`;
    expect(isTransientError(new Error(payload))).toBe(false);
    expect(isTransientError(new Error("server response 503 Service Unavailable"))).toBe(true);
    expect(isTransientError(new Error("HTTP 429 Too Many Requests"))).toBe(true);
  });
});
