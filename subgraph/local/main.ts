/**
 * The local subgraph service of `npm start`: the GraphQL server (subgraph/server, entities in PGlite) and the indexer
 * (subgraph/runner: the compiled mappings over the local node's logs) in one process, until SIGINT/SIGTERM.
 *
 * Environment: TMAI_RPC_URL, TMAI_MANIFEST (deployments/localhost.json), TMAI_SUBGRAPH_PORT (8000),
 * TMAI_SUBGRAPH_DB (a PGlite data directory; DATABASE_URL points at a real Postgres instead).
 * Needs `npm run subgraph:build` (npm start runs it).
 */
import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { readManifest } from "../../manifest/index.js";
import { Indexer } from "../runner/indexer.js";
import { startSubgraphServer } from "../server/index.js";

/** The name the dApp queries: http://127.0.0.1:<port>/subgraphs/name/tmai/index-protocol. */
export const LOCAL_SUBGRAPH_NAME = "tmai/index-protocol";

const SUBGRAPH_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..");

function log(msg: string, fields: Record<string, unknown> = {}): void {
  process.stdout.write(JSON.stringify({ time: new Date().toISOString(), service: "subgraph", msg, ...fields }) + "\n");
}

async function main(): Promise<void> {
  const rpcUrl = process.env.TMAI_RPC_URL ?? "http://127.0.0.1:8545";
  const manifest = await readManifest(process.env.TMAI_MANIFEST ?? "deployments/localhost.json");
  const port = Number(process.env.TMAI_SUBGRAPH_PORT ?? "8000");
  const server = await startSubgraphServer({
    schemaSdl: await readFile(join(SUBGRAPH_DIR, "schema.graphql"), "utf8"),
    name: LOCAL_SUBGRAPH_NAME,
    port,
    ...(process.env.DATABASE_URL !== undefined && process.env.DATABASE_URL !== ""
      ? { databaseUrl: process.env.DATABASE_URL }
      : { dataDir: process.env.TMAI_SUBGRAPH_DB ?? "deployments/subgraph-db" }),
    onSchemaChange: "reset",
  });
  log("serving", { url: server.url });
  const indexer = await Indexer.create({ rpcUrl, manifest, store: server.store, pollIntervalMs: 1000 });
  const abort = new AbortController();
  const stop = (signal: string): void => {
    log("stopping", { signal });
    abort.abort();
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  try {
    await indexer.run(abort.signal);
  } catch (err) {
    // Recorded in the store (served as _meta { hasIndexingErrors }); the server keeps answering what it has.
    log("indexing stopped", { error: (err as Error).message });
    await new Promise<void>((ok) => abort.signal.addEventListener("abort", () => ok()));
  } finally {
    await indexer.close();
    await server.close();
    log("stopped");
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`subgraph: ${(err as Error).message}\n`);
  process.exit(1);
});
