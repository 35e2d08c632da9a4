/**
 * The local indexer: follows a node from the manifest's start block (or the store's head after a restart), fetches
 * the logs of every data source and template instance, runs the mappings block by block (MappingRunner) and
 * applies each block's changes to an EntityStore. A log it cannot decode or a failing handler stops it with the
 * block and log index (recorded with `store.setError`); it never skips a log.
 *
 *   const indexer = await Indexer.create({ rpcUrl, manifest, store });
 *   await indexer.syncToHead();          // or: await indexer.run(abortSignal)
 *   await indexer.close();
 */
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import type { Manifest } from "../../manifest/index.js";
import type { EntityData, EntityStore, IndexedHead, IndexingError } from "../local/types.js";
import { SUBGRAPH_DIR, subgraphManifest, type SubgraphManifestSpec } from "../scripts/manifest.js";
import type { CallOutcome, ChainBlock, ChainLog } from "./chain.js";
import { JsonRpc } from "./jsonRpc.js";
import { IndexingFailure, MappingRunner, type ActiveDataSource } from "./runner.js";
import { loadSchema } from "./schema.js";
import { SyncRpc } from "./syncRpc.js";

export interface IndexerOptions {
  rpcUrl: string;
  /** The deployments manifest (manifest/index.ts `readManifest`); the data sources come from it. */
  manifest: Manifest;
  store: EntityStore;
  /** `graph build` output (default subgraph/build). */
  buildDir?: string;
  /** Blocks per eth_getLogs request (default 2000). */
  batchBlocks?: number;
  /** Poll interval of `run` at the head (default 1000 ms). */
  pollIntervalMs?: number;
  /** Mapping log lines and progress. */
  onLog?: (message: string) => void;
}

/**
 * Template instances implied by stored entities (a restart): every Index is an IndexVault the factory created.
 * graph-node keeps dynamic data sources in its own tables; the local store keeps only the schema's entities.
 */
export function templateInstancesFromEntities(entities: Map<string, Map<string, EntityData>>): ActiveDataSource[] {
  return [...(entities.get("Index")?.values() ?? [])].map((index) => ({
    name: "IndexVault",
    address: String(index.id),
    startBlock: Number(index.createdAtBlock),
    template: true,
  }));
}

/** Why a revert-looking JSON-RPC error is a revert (try_ calls see it as `reverted`), not a node failure. */
function isRevert(error: { code: number; message: string; data?: unknown }): boolean {
  return error.code === 3 || /revert|invalid opcode|out of gas|exceeds block gas limit/i.test(error.message);
}

export class Indexer {
  private stopped = false;
  /** Set when the store refused a block: the runner's working set is then ahead of the store. */
  private broken: Error | null = null;

  private constructor(
    readonly runner: MappingRunner,
    private readonly rpc: JsonRpc,
    private readonly syncRpc: SyncRpc,
    private readonly store: EntityStore,
    private readonly options: IndexerOptions,
    private head: IndexedHead | null,
  ) {}

  static async create(options: IndexerOptions): Promise<Indexer> {
    const spec: SubgraphManifestSpec = subgraphManifest(options.manifest);
    const syncRpc = new SyncRpc(options.rpcUrl);
    const call = (to: string, data: string, blockNumber: number): CallOutcome => {
      const outcome = syncRpc.request("eth_call", [{ to, data }, `0x${blockNumber.toString(16)}`]);
      if ("result" in outcome) return { ok: true, data: String(outcome.result) };
      if (isRevert(outcome.error)) return { ok: false, revert: outcome.error.message };
      throw new Error(`eth_call to ${to} at block ${blockNumber} failed: ${outcome.error.message}`);
    };
    const runner = new MappingRunner({
      buildDir: options.buildDir ?? join(SUBGRAPH_DIR, "build"),
      subgraphDir: SUBGRAPH_DIR,
      spec,
      schema: loadSchema(join(SUBGRAPH_DIR, "schema.graphql")),
      call,
      onLog: (_level, message) => options.onLog?.(message),
    });
    runner.restore(await options.store.loadAll(), templateInstancesFromEntities);
    const rpc = new JsonRpc(options.rpcUrl);
    const indexer = new Indexer(runner, rpc, syncRpc, options.store, options, await options.store.head());
    try {
      await indexer.verifyHead();
    } catch (err) {
      await syncRpc.close();
      throw err;
    }
    return indexer;
  }

  /**
   * Checks that the stored head block is still on the node's chain. The runner does not revert entities: after a
   * reorganization (or a local node restarted, or reverted to a snapshot) it stops with an error recorded in the
   * store instead of indexing on top of blocks that no longer exist.
   */
  private async verifyHead(): Promise<void> {
    const head = this.head;
    if (head === null) return;
    const onChain = await this.rpc.block(head.number).catch(() => null);
    if (onChain !== null && onChain.hash.toLowerCase() === head.hash.toLowerCase()) return;
    const message =
      `the indexed head block ${head.number} (${head.hash}) is no longer on the chain of ${this.options.rpcUrl} ` +
      `(${onChain === null ? "no such block" : `it has ${onChain.hash}`}): the node was reorganized, restarted or ` +
      "reverted; index again into an empty store";
    await this.store.setError({ block: head.number, logIndex: null, transactionHash: null, message });
    throw new IndexingFailure(head.number, null, null, message);
  }

  /** The last block applied to the store, or null. */
  indexedHead(): IndexedHead | null {
    return this.head;
  }

  /** Indexes every block up to `target` (default: the node's latest); returns the indexed head number. */
  async syncToHead(target?: number): Promise<number> {
    if (this.broken !== null) {
      throw new Error(`this indexer stopped (${this.broken.message}); create a new one to resume from the store`);
    }
    await this.verifyHead();
    const latest = target ?? (await this.rpc.blockNumber());
    let next = this.head === null ? this.runner.startBlock() : this.head.number + 1;
    const batch = this.options.batchBlocks ?? 2000;
    while (next <= latest && !this.stopped) {
      const to = Math.min(latest, next + batch - 1);
      next = await this.syncRange(next, to);
    }
    return this.head?.number ?? next - 1;
  }

  /** Indexes [from, to]; returns the next block to index (earlier than to + 1 when a template was created). */
  private async syncRange(from: number, to: number): Promise<number> {
    const addresses = this.runner.addresses(to);
    const logs = await this.rpc.logs(addresses, from, to);
    const byBlock = new Map<number, ChainLog[]>();
    for (const log of logs) {
      const list = byBlock.get(log.blockNumber);
      if (list === undefined) byBlock.set(log.blockNumber, [log]);
      else list.push(log);
    }
    const blocks = [...byBlock.keys()].sort((a, b) => a - b);
    for (const number of blocks) {
      const sourcesBefore = this.runner.dataSources().length;
      const block = await this.rpc.block(number);
      await this.apply(block, byBlock.get(number) ?? []);
      if (this.runner.dataSources().length !== sourcesBefore && number < to) {
        // A template instance was created: later blocks need its logs too.
        return number + 1;
      }
    }
    if (this.head === null || this.head.number < to) {
      const last = await this.rpc.block(to);
      await this.apply({ ...last, transactions: [] }, []);
    }
    return to + 1;
  }

  private async apply(block: ChainBlock, logs: ChainLog[]): Promise<void> {
    let changes;
    try {
      changes = await this.runner.processBlock(block, logs, (addresses) =>
        this.rpc.logs(addresses, block.number, block.number),
      );
    } catch (err) {
      const error: IndexingError =
        err instanceof IndexingFailure
          ? { block: err.block, logIndex: err.logIndex, transactionHash: err.transactionHash, message: err.message }
          : { block: block.number, logIndex: null, transactionHash: null, message: (err as Error).message };
      await this.store.setError(error);
      this.options.onLog?.(`indexing stopped: ${error.message}`);
      throw err instanceof IndexingFailure
        ? err
        : new IndexingFailure(block.number, null, null, (err as Error).message);
    }
    try {
      await this.store.applyBlock(changes);
    } catch (err) {
      this.broken = err instanceof Error ? err : new Error(String(err));
      throw new Error(`the store refused block ${block.number}: ${this.broken.message}`);
    }
    this.head = { number: block.number, hash: block.hash, timestamp: block.timestamp };
  }

  /** Follows the node until `signal` aborts or indexing fails (the error is thrown). */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      await this.syncToHead();
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, this.options.pollIntervalMs ?? 1000);
        signal.addEventListener("abort", () => (clearTimeout(t), resolve()), { once: true });
      });
    }
  }

  async close(): Promise<void> {
    this.stopped = true;
    await this.syncRpc.close();
  }
}

/**
 * `tsx subgraph/runner/indexer.ts [--network localhost] [--deployments deployments] [--rpc URL] [--follow]`:
 * indexes a deployment into memory and prints the entity counts and the throughput (the PGlite store and the
 * GraphQL server of subgraph/server plug the same Indexer into a persistent store).
 */
async function main(argv: string[]): Promise<void> {
  const { manifestPath, readManifest } = await import("../../manifest/index.js");
  const { MemoryEntityStore } = await import("./memoryStore.js");
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i === -1 ? undefined : argv[i + 1];
  };
  const manifest = await readManifest(manifestPath(value("--network") ?? "localhost", value("--deployments")));
  const rpcUrl = value("--rpc") ?? manifest.rpcUrl;
  const store = new MemoryEntityStore();
  const indexer = await Indexer.create({ rpcUrl, manifest, store, onLog: (m) => process.stderr.write(`${m}\n`) });
  const started = performance.now();
  try {
    const head = await indexer.syncToHead();
    const seconds = (performance.now() - started) / 1000;
    const changes = store.blocks.reduce((n, b) => n + b.changes.length, 0);
    process.stdout.write(
      `indexed ${manifest.network} to block ${head} in ${seconds.toFixed(1)} s ` +
        `(${store.blocks.length} blocks, ${changes} entity changes)\n`,
    );
    for (const [type, byId] of store.entities) process.stdout.write(`  ${type}: ${byId.size}\n`);
    if (argv.includes("--follow")) {
      const abort = new AbortController();
      process.once("SIGINT", () => abort.abort());
      process.stdout.write("following the node (Ctrl-C stops)\n");
      await indexer.run(abort.signal);
    }
  } finally {
    await indexer.close();
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`indexer: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
