import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hexlify, keccak256, toUtf8Bytes } from "ethers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLogger } from "../src/log.js";
import { Journal, TxSender, type ChainClient, type TxSenderOptions } from "../src/txSender.js";

const ACCOUNT = `0x${"42".repeat(20)}`;

/** A chain that can fail RPC calls, drop broadcasts and mine what is in its mempool. */
class FakeChain implements ChainClient {
  nonce = 0;
  block = 0;
  failures = 0; // next N calls throw a transient error
  fatalBroadcast = false;
  dropNextBroadcast = false;
  /** A broadcast of exactly these bytes is accepted but never mined (underpriced). */
  stuckRaw: string | undefined;
  readonly broadcasts: string[] = [];
  private readonly mempool = new Map<string, string>();
  private readonly mined = new Map<string, { status: number; blockNumber: number }>();

  private maybeFail(): void {
    if (this.failures > 0) {
      this.failures--;
      throw new Error("read ECONNRESET");
    }
  }
  async blockNumber(): Promise<number> {
    this.maybeFail();
    return this.block;
  }
  async minedNonce(): Promise<number> {
    this.maybeFail();
    return this.nonce;
  }
  async broadcast(raw: string): Promise<void> {
    this.maybeFail();
    if (this.fatalBroadcast) throw new Error("process killed");
    this.broadcasts.push(raw);
    if (this.dropNextBroadcast) {
      this.dropNextBroadcast = false;
      return;
    }
    if (raw === this.stuckRaw) return;
    this.mempool.set(keccak256(raw), raw);
  }
  async receipt(hash: string): Promise<{ status: number; blockNumber: number } | null> {
    this.maybeFail();
    return this.mined.get(hash) ?? null;
  }
  mine(): void {
    for (const hash of this.mempool.keys()) {
      this.mined.set(hash, { status: 1, blockNumber: ++this.block });
      this.nonce++;
    }
    this.mempool.clear();
  }
}

describe("TxSender: one intent, one signed transaction", () => {
  let dir = "";
  let clock = 0;
  const silent = createLogger("error", {}, () => undefined);

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "tmai-tx-"));
    clock = 0;
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  function options(chain: FakeChain, mineOnSleep = true): TxSenderOptions {
    return {
      retry: { attempts: 5, baseDelayMs: 10, maxDelayMs: 40 },
      receiptTimeoutMs: 1_000,
      pollMs: 250,
      maxRebroadcasts: 3,
      now: () => clock,
      sleep: async (ms) => {
        clock += ms;
        chain.block++; // time passes, blocks are mined (with or without our transactions)
        if (mineOnSleep) chain.mine();
      },
    };
  }

  async function sender(chain: FakeChain, mineOnSleep = true): Promise<{ tx: TxSender; journal: Journal }> {
    const journal = new Journal(join(dir, "journal.json"));
    await journal.load();
    return { tx: new TxSender(chain, ACCOUNT, journal, silent, options(chain, mineOnSleep)), journal };
  }

  const signer = (calls: number[]) => async (nonce: number) => {
    calls.push(nonce);
    return hexlify(toUtf8Bytes(`performUpkeep@${nonce}#${calls.length}`));
  };

  it("survives RPC failures mid-run with a single signed transaction", async () => {
    const chain = new FakeChain();
    chain.failures = 2;
    const { tx, journal } = await sender(chain);
    const signed: number[] = [];
    const outcome = await tx.send("upkeep:vaultA:week1", signer(signed));
    expect(outcome.kind).toBe("mined");
    expect(signed).toEqual([0]);
    expect(new Set(chain.broadcasts).size).toBe(1);
    expect(chain.nonce).toBe(1);
    expect(journal.all()).toHaveLength(0);
  });

  it("after a crash and restart, resumes the journaled transaction instead of signing a new one", async () => {
    const chain = new FakeChain();
    chain.fatalBroadcast = true; // the process dies while broadcasting
    const first = await sender(chain);
    const signed: number[] = [];
    await expect(first.tx.send("upkeep:vaultA:week1", signer(signed))).rejects.toThrow(/process killed/);
    expect(first.journal.all()).toHaveLength(1);

    chain.fatalBroadcast = false;
    const restarted = await sender(chain); // reloads the journal from disk
    const outcome = await restarted.tx.send("upkeep:vaultA:week1", signer(signed));
    expect(outcome.kind).toBe("mined");
    expect(signed).toEqual([0]); // signed once, across both runs
    expect(chain.nonce).toBe(1);
  });

  it("does not sign a new intent while another is in flight (it would take that one's nonce)", async () => {
    const chain = new FakeChain();
    chain.fatalBroadcast = true; // the first intent's broadcast fails: it stays journaled, in flight
    const { tx, journal } = await sender(chain);
    const signed: number[] = [];
    await expect(tx.send("target:vaultA:1", signer(signed))).rejects.toThrow(/process killed/);
    chain.fatalBroadcast = false;
    await expect(tx.send("regime:vaultA:1", signer(signed))).rejects.toThrow(
      /not sending regime:vaultA:1: target:vaultA:1 \(nonce 0, 0x[0-9a-f]{64}\) is still in flight/,
    );
    expect(signed, "nothing was signed for the second intent").toEqual([0]);
    // Once the first settles, the second takes the next nonce.
    await tx.resumePending();
    expect(journal.all()).toHaveLength(0);
    expect((await tx.send("regime:vaultA:1", signer(signed))).kind).toBe("mined");
    expect(signed).toEqual([0, 1]);
  });

  it("replaces a transaction stuck for stuckAfterBlocks blocks at the same nonce, journaling it before broadcast", async () => {
    const chain = new FakeChain();
    const signed: number[] = [];
    const original = hexlify(toUtf8Bytes("performUpkeep@0#1"));
    chain.stuckRaw = original; // the first version is never mined
    const journal = new Journal(join(dir, "journal.json"));
    await journal.load();
    const journaledAtReplace: number[] = [];
    const tx = new TxSender(chain, ACCOUNT, journal, silent, {
      ...options(chain),
      stuckAfterBlocks: 3,
      replace: async (raw) => {
        journaledAtReplace.push(journal.get("upkeep:vaultA:week1")?.replacements?.length ?? 0);
        return `${raw}ff`; // "higher fee": other bytes, same nonce
      },
    });
    const outcome = await tx.send("upkeep:vaultA:week1", signer(signed));
    expect(outcome.kind).toBe("mined");
    expect(outcome.hash, "the replacement was mined").toBe(keccak256(`${original}ff`));
    expect(signed, "signed once; the replacement re-signs the same call").toEqual([0]);
    expect(chain.broadcasts.filter((b) => b === `${original}ff`).length).toBeGreaterThan(0);
    expect(journaledAtReplace).toEqual([0]);
    expect(journal.all()).toHaveLength(0);
    expect(chain.nonce).toBe(1);
  });

  it("after a restart, still watches the replacement it journaled (never forgets it, never signs a third)", async () => {
    const chain = new FakeChain();
    const original = hexlify(toUtf8Bytes("performUpkeep@0#1"));
    chain.stuckRaw = original;
    const first = await sender(chain, false); // nothing mines: the run ends with the intent journaled
    const replaceOnce = { stuckAfterBlocks: 1, replace: async (raw: string) => `${raw}ff` };
    const stuckRun = new TxSender(chain, ACCOUNT, first.journal, silent, { ...options(chain, false), ...replaceOnce });
    await expect(stuckRun.send("upkeep:vaultA:week1", signer([]))).rejects.toThrow(/still not mined/);
    const journaled = first.journal.get("upkeep:vaultA:week1")!;
    expect(journaled.replacements?.length ?? 0).toBeGreaterThan(0);
    const replacementHashes = new Set(journaled.replacements!.map((r) => r.hash));

    // The replacement is in the mempool; the restarted keeper has no `replace` at all and must still find it mined.
    const restartedJournal = new Journal(join(dir, "journal.json"));
    await restartedJournal.load();
    const restarted = new TxSender(chain, ACCOUNT, restartedJournal, silent, options(chain));
    const [outcome] = await restarted.resumePending();
    expect(outcome!.kind).toBe("mined");
    expect(replacementHashes.has(outcome!.hash)).toBe(true);
    expect(restartedJournal.all()).toHaveLength(0);
  });

  it("rebroadcasts the same bytes when a transaction is dropped", async () => {
    const chain = new FakeChain();
    chain.dropNextBroadcast = true;
    const { tx } = await sender(chain);
    const signed: number[] = [];
    const outcome = await tx.send("regime:vaultA", signer(signed));
    expect(outcome.kind).toBe("mined");
    expect(signed).toEqual([0]);
    expect(chain.broadcasts).toHaveLength(2);
    expect(chain.broadcasts[0]).toBe(chain.broadcasts[1]);
  });

  it("reports a superseded nonce instead of sending the intent again", async () => {
    const chain = new FakeChain();
    const journal = new Journal(join(dir, "journal.json"));
    await journal.load();
    await journal.put({ intent: "bid:1", nonce: 0, hash: keccak256("0x01"), rawTx: "0x01", sentAt: "then" });
    chain.nonce = 1; // nonce 0 went to another transaction
    const tx = new TxSender(chain, ACCOUNT, journal, silent, options(chain));
    const signed: number[] = [];
    const outcome = await tx.send("bid:1", signer(signed));
    expect(outcome.kind).toBe("superseded");
    expect(signed).toEqual([]);
    expect(chain.broadcasts).toHaveLength(0);
  });

  it("gives up after the allowed rebroadcasts and keeps the intent journaled for the next run", async () => {
    const chain = new FakeChain();
    const { tx, journal } = await sender(chain, false); // nothing ever gets mined
    await expect(tx.send("upkeep:vaultB:week1", signer([]))).rejects.toThrow(/still not mined/);
    expect(journal.get("upkeep:vaultB:week1")).toBeDefined();
    expect(new Set(chain.broadcasts).size).toBe(1);
  });
});

describe("describeOutcome", () => {
  it("tells a reverted transaction from a successful one", async () => {
    const { describeOutcome } = await import("../src/txSender.js");
    expect(describeOutcome({ kind: "mined", hash: "0x1", status: 1, blockNumber: 1 })).toBe("mined");
    expect(describeOutcome({ kind: "mined", hash: "0x1", status: 0, blockNumber: 1 })).toBe("reverted");
    expect(describeOutcome({ kind: "superseded", hash: "0x1", reason: "r" })).toBe("superseded");
  });
});
