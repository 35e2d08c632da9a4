import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { keccak256 } from "ethers";
import type { Logger } from "./log.js";
import { isTransientError, withRetry, type RetryOptions } from "./retry.js";

/**
 * Sends the keeper's transactions so that one intent (e.g. "performUpkeep for vault V, week W") is never sent
 * twice, whatever fails: each intent is signed once, journaled to disk with its nonce and hash BEFORE broadcast,
 * and only those same signed bytes are ever (re)broadcast. After a restart the journal says what is in flight.
 *
 * A transaction still pending `stuckAfterBlocks` blocks after it was signed is replaced: the same call at the same
 * nonce with higher fees (`replace`, bounded by the fee cap), journaled next to the original before broadcast. Only
 * one of them can be mined (same nonce); every version is watched, so a restart never forgets a replacement.
 */

/** The chain operations the sender needs (an ethers provider + wallet adapter in production, a fake in tests). */
export interface ChainClient {
  /** Nonce of the next transaction to be mined (`latest`) for `address`. */
  minedNonce(address: string): Promise<number>;
  /** Broadcasts a signed transaction; identical bytes may be broadcast again safely. */
  broadcast(rawTx: string): Promise<void>;
  /** The latest block number. */
  blockNumber(): Promise<number>;
  /** Receipt of a transaction (with the gas it paid, in wei, when known), or null while it is not mined. */
  receipt(hash: string): Promise<{ status: number; blockNumber: number; feeWei?: bigint } | null>;
}

/** Signs a transaction with a given nonce (built fresh for the intent at that moment). */
export type SignAt = (nonce: number) => Promise<string>;

export interface JournalEntry {
  intent: string;
  nonce: number;
  hash: string;
  rawTx: string;
  sentAt: string;
  /** Block number when it was signed (absent in journals written before replacements existed). */
  sentAtBlock?: number;
  /** Higher-fee versions at the same nonce, oldest first; the last one is the one broadcast. */
  replacements?: { hash: string; rawTx: string; sentAtBlock: number }[];
}

export type SendOutcome =
  | { kind: "mined"; hash: string; status: number; blockNumber: number; feeWei?: bigint }
  | { kind: "superseded"; hash: string; reason: string };

/** A new intent refused because another one is still in flight (it would take that one's nonce). */
export class InFlightError extends Error {
  override name = "InFlightError";
  constructor(
    readonly intent: string,
    readonly inFlight: JournalEntry,
  ) {
    super(
      `not sending ${intent}: ${inFlight.intent} (nonce ${inFlight.nonce}, ${inFlight.hash}) is still in flight; ` +
        "the next pass settles it first",
    );
  }
}

/** How a sent transaction ended, for the logs: mined, reverted (mined with status 0) or superseded. */
export function describeOutcome(outcome: SendOutcome): "mined" | "reverted" | "superseded" {
  if (outcome.kind === "superseded") return "superseded";
  return outcome.status === 1 ? "mined" : "reverted";
}

/** Persistent record of in-flight intents, written atomically (temp file + rename). */
export class Journal {
  private entries = new Map<string, JournalEntry>();
  constructor(private readonly path: string) {}

  async load(): Promise<void> {
    try {
      const list = JSON.parse(await readFile(this.path, "utf8")) as JournalEntry[];
      this.entries = new Map(list.map((e) => [e.intent, e]));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
      this.entries = new Map();
    }
  }

  get(intent: string): JournalEntry | undefined {
    return this.entries.get(intent);
  }

  all(): JournalEntry[] {
    return [...this.entries.values()];
  }

  async put(entry: JournalEntry): Promise<void> {
    this.entries.set(entry.intent, entry);
    await this.save();
  }

  async remove(intent: string): Promise<void> {
    if (this.entries.delete(intent)) await this.save();
  }

  private async save(): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.tmp`;
    await writeFile(tmp, JSON.stringify(this.all(), null, 2));
    await rename(tmp, this.path);
  }
}

export interface TxSenderOptions {
  retry: Omit<RetryOptions, "onRetry">;
  /** How long to wait for a receipt before rebroadcasting the same bytes, in ms. */
  receiptTimeoutMs: number;
  /** Polling interval for receipts, in ms. */
  pollMs: number;
  /** Rebroadcasts of the same bytes before giving up on this run (the journal keeps the intent for the next). */
  maxRebroadcasts: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** Told of every transaction event (for the metrics): a new transaction signed, rebroadcast, or settled. */
  observe?: (event: TxEvent, outcome?: SendOutcome) => void;
  /** Blocks a transaction may stay pending before it is replaced at a higher fee (needs `replace`). */
  stuckAfterBlocks?: number;
  /**
   * Signs a replacement of `rawTx`: the same call at the same nonce with higher fees (at least the bump nodes require),
   * or undefined when the fee cap leaves no room (the transaction then keeps waiting as it is).
   */
  replace?: (rawTx: string) => Promise<string | undefined>;
}

/** What happened to a transaction: signed and journaled (`sent`), `rebroadcast`, or how it settled. */
export type TxEvent = "sent" | "rebroadcast" | "replaced" | "mined" | "reverted" | "superseded";

/** The version of `entry` that is broadcast now: its latest replacement, or the original. */
function latest(entry: JournalEntry): { hash: string; rawTx: string; sentAtBlock?: number } {
  return entry.replacements?.at(-1) ?? entry;
}

const ALREADY_KNOWN = /already known|known transaction|ALREADY_EXISTS|nonce too low|NONCE_EXPIRED/i;

export class TxSender {
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;

  constructor(
    private readonly chain: ChainClient,
    private readonly account: string,
    private readonly journal: Journal,
    private readonly log: Logger,
    private readonly options: TxSenderOptions,
  ) {
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.now = options.now ?? Date.now;
  }

  /**
   * Makes sure `intent` is executed once. If the journal already holds it (a previous run sent it), no new
   * transaction is signed: the recorded one is awaited (and rebroadcast if it was dropped).
   */
  async send(intent: string, sign: SignAt): Promise<SendOutcome> {
    let entry = this.journal.get(intent);
    if (entry === undefined) {
      // A new intent takes the next mined nonce: with another intent still in flight (its send failed in this pass)
      // that nonce may be the other's, and signing it would replace that transaction. It waits for the next pass,
      // which settles the one in flight first (resumePending).
      const inFlight = this.journal.all().find((e) => e.intent !== intent);
      if (inFlight !== undefined) throw new InFlightError(intent, inFlight);
      const nonce = await this.rpc(() => this.chain.minedNonce(this.account));
      const rawTx = await sign(nonce);
      const sentAtBlock = await this.rpc(() => this.chain.blockNumber());
      const sentAt = new Date(this.now()).toISOString();
      entry = { intent, nonce, hash: keccak256(rawTx), rawTx, sentAt, sentAtBlock };
      await this.journal.put(entry); // journaled before it can possibly reach the network
      this.log.info("sending", { intent, nonce, hash: entry.hash });
      this.options.observe?.("sent");
    } else {
      this.log.info("resuming in-flight transaction", { intent, nonce: entry.nonce, hash: entry.hash });
    }
    const outcome = await this.settle(entry);
    await this.journal.remove(intent);
    this.options.observe?.(describeOutcome(outcome), outcome);
    return outcome;
  }

  /**
   * Settles every intent a previous run left journaled (run once at start-up): the recorded bytes are awaited and
   * rebroadcast if dropped, never signed again, even when the chain no longer asks for that intent.
   */
  async resumePending(): Promise<SendOutcome[]> {
    const outcomes: SendOutcome[] = [];
    for (const entry of this.journal.all()) {
      outcomes.push(
        await this.send(entry.intent, () => Promise.reject(new Error("a journaled intent is never signed again"))),
      );
    }
    return outcomes;
  }

  /**
   * Broadcasts the journaled bytes (the latest version) and waits for any version to be mined, rebroadcasting the
   * same bytes if they are dropped and replacing them at a higher fee when they are stuck.
   */
  private async settle(start: JournalEntry): Promise<SendOutcome> {
    let entry = start;
    if (this.options.stuckAfterBlocks !== undefined && entry.sentAtBlock === undefined) {
      // Journaled before replacements existed: its pending time counts from now.
      entry = { ...entry, sentAtBlock: await this.rpc(() => this.chain.blockNumber()) };
      await this.journal.put(entry);
    }
    for (let round = 0; round <= this.options.maxRebroadcasts; round++) {
      const mined = await this.minedVersion(entry);
      if (mined !== undefined) return mined;
      const nonceNow = await this.rpc(() => this.chain.minedNonce(this.account));
      if (nonceNow > entry.nonce) {
        // Mined between the two reads? Otherwise the nonce went to other bytes (e.g. replaced by hand): never send
        // the intent again blindly.
        const late = await this.minedVersion(entry);
        if (late !== undefined) return late;
        return { kind: "superseded", hash: entry.hash, reason: `nonce ${entry.nonce} was used by another transaction` };
      }
      await this.broadcast(latest(entry).rawTx);
      const deadline = this.now() + this.options.receiptTimeoutMs;
      while (this.now() < deadline) {
        const found = await this.minedVersion(entry);
        if (found !== undefined) return found;
        const replaced = await this.replaceIfStuck(entry);
        if (replaced !== undefined) {
          entry = replaced;
          await this.broadcast(latest(entry).rawTx);
        }
        await this.sleep(this.options.pollMs);
      }
      this.log.warn("transaction not mined in time: rebroadcasting the same bytes", { intent: entry.intent, round });
      this.options.observe?.("rebroadcast");
    }
    throw new Error(`transaction ${latest(entry).hash} for ${entry.intent} is still not mined; it stays journaled`);
  }

  /** The outcome of whichever version of `entry` is mined, if one is. */
  private async minedVersion(entry: JournalEntry): Promise<SendOutcome | undefined> {
    for (const hash of [entry.hash, ...(entry.replacements ?? []).map((r) => r.hash)]) {
      const receipt = await this.rpc(() => this.chain.receipt(hash));
      if (receipt !== null) return { kind: "mined", hash, ...receipt };
    }
    return undefined;
  }

  private async broadcast(rawTx: string): Promise<void> {
    try {
      await this.rpc(() => this.chain.broadcast(rawTx));
    } catch (err) {
      if (!ALREADY_KNOWN.test(String((err as Error).message ?? err))) throw err;
    }
  }

  /**
   * When the latest version of `entry` has been pending `stuckAfterBlocks` blocks, signs a replacement at a higher
   * fee and journals it (before it is broadcast); returns the updated entry, or undefined when not stuck or not
   * replaceable (no `replace`, or the fee cap is reached).
   */
  private async replaceIfStuck(entry: JournalEntry): Promise<JournalEntry | undefined> {
    const { stuckAfterBlocks, replace } = this.options;
    if (stuckAfterBlocks === undefined || replace === undefined) return undefined;
    const block = await this.rpc(() => this.chain.blockNumber());
    const since = latest(entry).sentAtBlock ?? block;
    if (block - since < stuckAfterBlocks) return undefined;
    const rawTx = await replace(latest(entry).rawTx);
    if (rawTx === undefined) return undefined;
    const replacement = { hash: keccak256(rawTx), rawTx, sentAtBlock: block };
    const updated = { ...entry, replacements: [...(entry.replacements ?? []), replacement] };
    await this.journal.put(updated); // journaled before it can reach the network, like the original
    this.log.warn("transaction stuck: replacing it at a higher fee (same nonce)", {
      intent: entry.intent,
      nonce: entry.nonce,
      stuck: latest(entry).hash,
      pendingBlocks: block - since,
      replacement: replacement.hash,
    });
    this.options.observe?.("replaced");
    return updated;
  }

  private rpc<T>(fn: () => Promise<T>): Promise<T> {
    return withRetry(fn, {
      ...this.options.retry,
      retryable: isTransientError,
      sleep: this.sleep,
      onRetry: (err, attempt, delayMs) =>
        this.log.warn("RPC call failed, retrying", { attempt, delayMs, error: String((err as Error).message ?? err) }),
    });
  }
}
