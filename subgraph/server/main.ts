/**
 * Starts the local subgraph server alone, over what an indexer already stored (it does not index):
 *
 *   tsx subgraph/server/main.ts --schema subgraph/schema.graphql --name tmai/index-protocol \
 *     [--port 8000] [--data-dir deployments/subgraph-db]
 *
 * `DATABASE_URL`, when set, selects a real Postgres instead of PGlite's data directory.
 */
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { startSubgraphServer } from "./index.js";

const { values } = parseArgs({
  options: {
    schema: { type: "string" },
    name: { type: "string" },
    port: { type: "string", default: "8000" },
    "data-dir": { type: "string", default: "deployments/subgraph-db" },
  },
});
if (values.schema === undefined || values.name === undefined) {
  console.error(
    "usage: tsx subgraph/server/main.ts --schema <schema.graphql> --name <name> [--port 8000] [--data-dir dir]",
  );
  process.exit(2);
}
const databaseUrl = process.env["DATABASE_URL"];
const server = await startSubgraphServer({
  schemaSdl: await readFile(values.schema, "utf8"),
  name: values.name,
  port: Number(values.port),
  ...(databaseUrl ? { databaseUrl } : { dataDir: values["data-dir"] }),
});
const head = await server.store.head();
console.log(`subgraph ${values.name} at ${server.url} (${server.store.backend}, head ${head?.number ?? "none"})`);
const stop = () => void server.close().then(() => process.exit(0));
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
