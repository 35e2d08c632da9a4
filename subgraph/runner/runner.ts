/**
 * Runs the compiled mappings (`graph build` output) over a chain's logs, block by block, like graph-node: each
 * trigger gets a fresh WASM instance, handlers run in log order, a block's entity writes are applied all together
 * or not at all, and every block's changes come out as `BlockChanges` (subgraph/local/types.ts).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { getAddress, id as keccakId, Interface, type InterfaceAbi, type LogDescription } from "ethers";
import type { BlockChanges, EntityChange, EntityData } from "../local/types.js";
import type { DataSourceSpec, SubgraphManifestSpec } from "../scripts/manifest.js";
import { Asc, type MappingExports } from "./asc.js";
import type { ChainBlock, ChainLog, SyncCaller } from "./chain.js";
import { writeEvent } from "./events.js";
import { hostImports, LogLevel, type HostContext } from "./host.js";
import type { Schema } from "./schema.js";
import { fromEntityData, toEntityData, validateEntity, type Entity } from "./storeValue.js";

/** A handler failure or an undecodable log, with where it happened. */
export class IndexingFailure extends Error {
  override name = "IndexingFailure";
  constructor(
    readonly block: number,
    readonly logIndex: number | null,
    readonly transactionHash: string | null,
    message: string,
  ) {
    super(`block ${block}${logIndex === null ? "" : `, log ${logIndex}`}: ${message}`);
  }
}

interface CompiledSource {
  spec: DataSourceSpec;
  module: WebAssembly.Module;
  abi: Interface;
  /** topic0 -> handler export name. */
  handlers: Map<string, string>;
}

/** A data source the runner follows: from the manifest, or created from a template by a handler. */
export interface ActiveDataSource {
  name: string;
  address: string;
  startBlock: number;
  template: boolean;
}

export interface RunnerOptions {
  /** `graph build` output directory (with build/<Source>/<Source>.wasm and build/templates/...). */
  buildDir: string;
  /** Directory the manifest's ABI paths are relative to (subgraph/). */
  subgraphDir: string;
  spec: SubgraphManifestSpec;
  schema: Schema;
  call: SyncCaller;
  /** Mapping log lines (log.info etc.); critical ones also fail the handler. */
  onLog?: (level: number, message: string) => void;
}

const LEVEL_NAMES = ["CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG"];

function topic0(eventSignature: string): string {
  return keccakId(eventSignature.replace(/indexed /g, ""));
}

function key(entityType: string, id: string): string {
  return `${entityType}\u0000${id}`;
}

/** Applies handlers to blocks; holds the working set of entities in memory (mappings read it synchronously). */
export class MappingRunner {
  private readonly sources = new Map<string, CompiledSource>();
  private readonly templates = new Map<string, CompiledSource>();
  private readonly active: ActiveDataSource[] = [];
  private readonly entities = new Map<string, Map<string, Entity>>();
  private readonly network: string;

  constructor(private readonly options: RunnerOptions) {
    const compile = (spec: DataSourceSpec, wasmPath: string): CompiledSource => {
      const abiSpec = spec.mapping.abis.find((a) => a.name === spec.source.abi);
      if (abiSpec === undefined) throw new Error(`${spec.name}: ABI ${spec.source.abi} is not listed`);
      const abi = new Interface(
        JSON.parse(readFileSync(join(options.subgraphDir, abiSpec.file), "utf8")) as InterfaceAbi,
      );
      const handlers = new Map<string, string>();
      for (const h of spec.mapping.eventHandlers) handlers.set(topic0(h.event), h.handler);
      let module: WebAssembly.Module;
      try {
        module = new WebAssembly.Module(readFileSync(wasmPath));
      } catch (err) {
        throw new Error(`cannot load ${wasmPath} (run npm run subgraph:build): ${(err as Error).message}`);
      }
      const exports = new Set(WebAssembly.Module.exports(module).map((e) => e.name));
      for (const h of spec.mapping.eventHandlers) {
        if (!exports.has(h.handler)) throw new Error(`${wasmPath} does not export ${h.handler}`);
      }
      return { spec, module, abi, handlers };
    };
    for (const ds of options.spec.dataSources) {
      this.sources.set(ds.name, compile(ds, join(options.buildDir, ds.name, `${ds.name}.wasm`)));
      if (ds.source.address === undefined) throw new Error(`data source ${ds.name} has no address`);
      this.active.push({
        name: ds.name,
        address: getAddress(ds.source.address),
        startBlock: ds.source.startBlock ?? 0,
        template: false,
      });
    }
    for (const t of options.spec.templates) {
      this.templates.set(t.name, compile(t, join(options.buildDir, "templates", t.name, `${t.name}.wasm`)));
    }
    this.network = options.spec.dataSources[0]?.network ?? "unknown";
  }

  /** Every data source followed now (manifest ones and template instances). */
  dataSources(): readonly ActiveDataSource[] {
    return this.active;
  }

  /** Addresses whose logs the runner needs from `block` on. */
  addresses(block: number): string[] {
    return [...new Set(this.active.filter((d) => d.startBlock <= block).map((d) => d.address))];
  }

  /** The earliest start block of the manifest's data sources. */
  startBlock(): number {
    return Math.min(...this.active.filter((d) => !d.template).map((d) => d.startBlock));
  }

  /** Loads a stored working set (after a restart) and re-creates template instances the store implies. */
  restore(
    stored: Map<string, Map<string, EntityData>>,
    templateInstances: (entities: Map<string, Map<string, EntityData>>) => ActiveDataSource[] = () => [],
  ): void {
    for (const [type, byId] of stored) {
      const entityType = this.options.schema.get(type);
      if (entityType === undefined) throw new Error(`the store holds entities of type ${type}, not in the schema`);
      const map = new Map<string, Entity>();
      for (const [id, data] of byId) map.set(id, fromEntityData(entityType, data));
      this.entities.set(type, map);
    }
    for (const ds of templateInstances(stored)) this.addDataSource(ds);
  }

  private addDataSource(ds: ActiveDataSource): void {
    if (!this.templates.has(ds.name) && !this.sources.has(ds.name)) throw new Error(`no template named ${ds.name}`);
    const address = getAddress(ds.address);
    if (this.active.some((a) => a.name === ds.name && a.address === address)) return;
    this.active.push({ ...ds, address });
  }

  /** Reads an entity of the committed working set (tests and tools). */
  entity(entityType: string, id: string): EntityData | null {
    const e = this.entities.get(entityType)?.get(id);
    return e === undefined ? null : toEntityData(e);
  }

  /** Every committed entity of `entityType`. */
  all(entityType: string): EntityData[] {
    return [...(this.entities.get(entityType)?.values() ?? [])].map(toEntityData);
  }

  /**
   * Runs the handlers of `logs` (the block's logs of `addresses(block)`, any order) and returns the block's changes,
   * committed to the working set. `fetchLogs` gives the block's logs of data sources created while it runs (they
   * handle the logs after the creating one, in the same block). Throws IndexingFailure and commits nothing when a
   * log cannot be decoded or a handler fails.
   */
  async processBlock(
    block: ChainBlock,
    logs: ChainLog[],
    fetchLogs: (addresses: string[]) => Promise<ChainLog[]>,
  ): Promise<BlockChanges> {
    const overlay = new Map<string, { entityType: string; id: string; entity: Entity | null }>();
    const order: string[] = [];
    const created: ActiveDataSource[] = [];
    const txs = new Map(block.transactions.map((t) => [t.hash.toLowerCase(), t]));
    const callCache = new Map<string, ReturnType<SyncCaller>>();
    const queue = [...logs].sort((a, b) => a.logIndex - b.logIndex);
    const seen = new Set<number>();
    const activeAt = (): ActiveDataSource[] => [...this.active, ...created].filter((d) => d.startBlock <= block.number);

    for (let i = 0; i < queue.length; i++) {
      const log = queue[i] as ChainLog;
      if (seen.has(log.logIndex)) continue;
      seen.add(log.logIndex);
      const address = getAddress(log.address);
      for (const ds of activeAt().filter((d) => d.address === address)) {
        const compiled = ds.template ? this.templates.get(ds.name) : this.sources.get(ds.name);
        if (compiled === undefined) continue;
        const handler = compiled.handlers.get((log.topics[0] ?? "").toLowerCase());
        if (handler === undefined) continue;
        const fail = (message: string): IndexingFailure =>
          new IndexingFailure(block.number, log.logIndex, log.transactionHash, `${ds.name}.${handler}: ${message}`);
        let decoded: LogDescription | null;
        try {
          decoded = compiled.abi.parseLog({ topics: log.topics, data: log.data });
        } catch (err) {
          throw fail(`cannot decode the log with the ${compiled.spec.source.abi} ABI: ${(err as Error).message}`);
        }
        if (decoded === null) throw fail(`the ${compiled.spec.source.abi} ABI has no event ${log.topics[0]}`);
        const tx = txs.get(log.transactionHash.toLowerCase());
        if (tx === undefined) throw fail(`transaction ${log.transactionHash} is not in block ${block.number}`);
        const before = created.length;
        try {
          this.runHandler(compiled, handler, ds, block, log, decoded, tx, overlay, order, created, callCache);
        } catch (err) {
          if (err instanceof IndexingFailure) throw err;
          throw fail(err instanceof Error ? err.message : String(err));
        }
        if (created.length > before) {
          const extra = await fetchLogs(created.slice(before).map((d) => d.address));
          const later = extra.filter((l) => l.logIndex > log.logIndex && !seen.has(l.logIndex));
          queue.splice(
            i + 1,
            queue.length - i - 1,
            ...[...queue.slice(i + 1), ...later].sort((a, b) => a.logIndex - b.logIndex),
          );
        }
      }
    }

    // Commit.
    const changes: EntityChange[] = [];
    for (const k of order) {
      const w = overlay.get(k);
      if (w === undefined) continue;
      let byId = this.entities.get(w.entityType);
      if (byId === undefined) this.entities.set(w.entityType, (byId = new Map()));
      if (w.entity === null) byId.delete(w.id);
      else byId.set(w.id, w.entity);
      changes.push({ entity: w.entityType, id: w.id, data: w.entity === null ? null : toEntityData(w.entity) });
    }
    for (const ds of created) this.addDataSource(ds);
    return { number: block.number, hash: block.hash, timestamp: block.timestamp, changes };
  }

  private runHandler(
    compiled: CompiledSource,
    handler: string,
    ds: ActiveDataSource,
    block: ChainBlock,
    log: ChainLog,
    decoded: LogDescription,
    tx: ChainBlock["transactions"][number],
    overlay: Map<string, { entityType: string; id: string; entity: Entity | null }>,
    order: string[],
    created: ActiveDataSource[],
    callCache: Map<string, ReturnType<SyncCaller>>,
  ): void {
    const schema = this.options.schema;
    let asc: Asc | null = null;
    const write = (entityType: string, id: string, entity: Entity | null): void => {
      const k = key(entityType, id);
      if (!overlay.has(k)) order.push(k);
      overlay.set(k, { entityType, id, entity });
    };
    const ctx: HostContext = {
      asc: () => {
        if (asc === null) throw new Error("host function called before the instance exists");
        return asc;
      },
      storeGet: (entityType, id) => {
        const w = overlay.get(key(entityType, id));
        if (w !== undefined) return w.entity === null ? null : new Map(w.entity);
        const e = this.entities.get(entityType)?.get(id);
        return e === undefined ? null : new Map(e);
      },
      storeSet: (entityType, id, entity) => {
        const type = schema.get(entityType);
        if (type === undefined) throw new Error(`store.set of unknown entity type ${entityType}`);
        validateEntity(type, id, entity);
        if (type.immutable && this.entities.get(entityType)?.has(id) === true) {
          throw new Error(`${entityType}[${id}] is immutable and was written in an earlier block`);
        }
        write(entityType, id, entity);
      },
      storeRemove: (entityType, id) => {
        if (!schema.has(entityType)) throw new Error(`store.remove of unknown entity type ${entityType}`);
        write(entityType, id, null);
      },
      ethCall: (to, data) => {
        const k = `${to}:${data}`;
        let outcome = callCache.get(k);
        if (outcome === undefined) {
          outcome = this.options.call(to, data, block.number);
          callCache.set(k, outcome);
        }
        return outcome;
      },
      createDataSource: (template, params) => {
        if (!this.templates.has(template)) throw new Error(`dataSource.create: no template named ${template}`);
        const address = params[0];
        if (address === undefined) throw new Error(`dataSource.create(${template}) without an address`);
        created.push({ name: template, address: getAddress(address), startBlock: block.number, template: true });
      },
      dataSourceAddress: () => ds.address,
      network: () => this.network,
      log: (level, message) => this.options.onLog?.(level, `[${LEVEL_NAMES[level] ?? level}] ${ds.name}: ${message}`),
    };
    const instance = new WebAssembly.Instance(compiled.module, hostImports(compiled.module, ctx));
    const exports = instance.exports as unknown as MappingExports & Record<string, (ptr: number) => void>;
    asc = new Asc(exports);
    exports._start();
    const event = writeEvent(asc, log, decoded, block, tx);
    const fn = exports[handler];
    if (typeof fn !== "function") throw new Error(`no export ${handler}`);
    fn(event);
  }
}

export { LogLevel };
