/**
 * The local subgraph server: `startSubgraphServer(...)` opens the entity store (PGlite in `dataDir`, or the
 * Postgres at `databaseUrl`), builds the GraphQL API from the SDL and serves it on 127.0.0.1 at graph-node's path.
 * The indexer writes through the returned `store` (an `EntityStore`); `close()` stops the server and the store.
 */
import { createHash } from "node:crypto";
import { SubgraphQueryEngine } from "./engine.js";
import { startHttpServer } from "./http.js";
import { PostgresEntityStore, type StoreOptions } from "./store.js";

export interface SubgraphServerOptions {
  schemaSdl: string;
  /** The subgraph name in the URL, e.g. `tmai/index-protocol` → `/subgraphs/name/tmai/index-protocol`. */
  name: string;
  /** 127.0.0.1 (default); only loopback addresses are accepted. */
  host?: string;
  /** Default 8000 (graph-node's); 0 picks a free port. */
  port?: number;
  /** PGlite's data directory (e.g. `deployments/subgraph-db/`); in memory if neither this nor `databaseUrl`. */
  dataDir?: string;
  /** A real Postgres instead (`DATABASE_URL`). */
  databaseUrl?: string;
  /** Served as `_meta { deployment }` and at `/subgraphs/id/<deployment>`; defaults to a hash of the SDL. */
  deployment?: string;
  onSchemaChange?: StoreOptions["onSchemaChange"];
}

export interface RunningSubgraphServer {
  /** The `EntityStore` the indexer writes to (also readable: `head()`, `loadAll()`, `indexingError()`). */
  store: PostgresEntityStore;
  engine: SubgraphQueryEngine;
  url: string;
  port: number;
  close(): Promise<void>;
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);

export async function startSubgraphServer(options: SubgraphServerOptions): Promise<RunningSubgraphServer> {
  const host = options.host ?? "127.0.0.1";
  if (!LOOPBACK.has(host))
    throw new Error(`the local subgraph server only listens on the loopback interface (127.0.0.1), not ${host}`);
  const store = await PostgresEntityStore.open({
    schemaSdl: options.schemaSdl,
    ...(options.dataDir !== undefined ? { dataDir: options.dataDir } : {}),
    ...(options.databaseUrl !== undefined ? { databaseUrl: options.databaseUrl } : {}),
    ...(options.onSchemaChange !== undefined ? { onSchemaChange: options.onSchemaChange } : {}),
  });
  const deployment =
    options.deployment ?? `local-${createHash("sha256").update(options.schemaSdl).digest("hex").slice(0, 16)}`;
  try {
    const engine = new SubgraphQueryEngine(store, { name: options.name, deployment });
    const http = await startHttpServer({
      engine,
      name: options.name,
      deployment,
      host,
      port: options.port ?? 8000,
    });
    return {
      store,
      engine,
      url: http.url,
      port: http.port,
      close: async () => {
        await http.close();
        await store.close();
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}

export { PostgresEntityStore } from "./store.js";
export { SubgraphQueryEngine } from "./engine.js";
export { parseSubgraphSchema } from "./sdl.js";
export { queryFieldNames } from "./naming.js";
