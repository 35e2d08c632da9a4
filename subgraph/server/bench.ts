/**
 * Benchmark hook of the local subgraph server: seeds a DeFi-shaped dataset (by default 10,000 mints plus indexes
 * and accounts) in an in-memory store, then measures the latency of a few typical dApp queries over HTTP
 * (p50/p95 in milliseconds). `bench/` can call `benchmarkSubgraphServer()`; `tsx subgraph/server/bench.ts` prints it
 * (against `DATABASE_URL` if set).
 */
import { pathToFileURL } from "node:url";
import type { EntityChange } from "../local/types.js";
import { startSubgraphServer } from "./index.js";

export const BENCH_SCHEMA = /* GraphQL */ `
  type Index @entity {
    id: ID!
    symbol: String!
    totalSupply: BigInt!
    price: BigDecimal!
    mints: [Mint!]! @derivedFrom(field: "index")
  }
  type Account @entity {
    id: Bytes!
    mints: [Mint!]! @derivedFrom(field: "account")
  }
  type Mint @entity(immutable: true) {
    id: ID!
    index: Index!
    account: Account!
    amount: BigInt!
    timestamp: Timestamp!
  }
`;

export interface BenchmarkOptions {
  /** Mints to seed (default 10,000); 50 indexes and 500 accounts are added. */
  mints?: number;
  /** Timed runs per query, after 10 warm-up runs (default 200). */
  iterations?: number;
  /** Benchmark a real Postgres instead of in-memory PGlite (its `subgraph` schema must be empty or absent). */
  databaseUrl?: string;
}

export interface QueryLatency {
  name: string;
  p50Ms: number;
  p95Ms: number;
}

export interface BenchmarkResult {
  entities: number;
  seedMs: number;
  backend: string;
  queries: QueryLatency[];
}

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/**
 * Latency of each `[name, query]` against a GraphQL endpoint: 10 warm-up requests, then `iterations` timed ones, one
 * at a time; p50 and p95 in milliseconds. A query answered with errors fails the run.
 */
export async function measureQueries(
  url: string,
  queries: readonly (readonly [string, string])[],
  iterations: number,
): Promise<QueryLatency[]> {
  const results: QueryLatency[] = [];
  for (const [name, query] of queries) {
    const body = JSON.stringify({ query });
    const run = async (): Promise<void> => {
      const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body });
      const json = (await response.json()) as { errors?: unknown };
      if (json.errors !== undefined) throw new Error(`${name}: ${JSON.stringify(json.errors)}`);
    };
    for (let i = 0; i < 10; i++) await run();
    const times: number[] = [];
    for (let i = 0; i < iterations; i++) {
      const start = performance.now();
      await run();
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    results.push({
      name,
      p50Ms: Math.round(percentile(times, 50) * 100) / 100,
      p95Ms: Math.round(percentile(times, 95) * 100) / 100,
    });
  }
  return results;
}

export async function benchmarkSubgraphServer(options: BenchmarkOptions = {}): Promise<BenchmarkResult> {
  const mints = options.mints ?? 10_000;
  const iterations = options.iterations ?? 200;
  const server = await startSubgraphServer({
    schemaSdl: BENCH_SCHEMA,
    name: "bench/subgraph",
    port: 0,
    ...(options.databaseUrl !== undefined ? { databaseUrl: options.databaseUrl } : {}),
  });
  try {
    const changes: EntityChange[] = [];
    for (let i = 0; i < 50; i++)
      changes.push({
        entity: "Index",
        id: `idx-${i}`,
        data: { id: `idx-${i}`, symbol: `SYM${i}`, totalSupply: String(i * 1_000_003), price: `${i}.${i}` },
      });
    const account = (i: number) => `0x${(i % 500).toString(16).padStart(40, "0")}`;
    for (let i = 0; i < 500; i++) changes.push({ entity: "Account", id: account(i), data: { id: account(i) } });
    for (let i = 0; i < mints; i++)
      changes.push({
        entity: "Mint",
        id: `mint-${i}`,
        data: {
          id: `mint-${i}`,
          index: `idx-${i % 50}`,
          account: account(i * 7),
          amount: String(BigInt(i) * 10n ** 15n + 1n),
          timestamp: String(1_700_000_000_000_000 + i * 1_000_000),
        },
      });
    const seedStart = performance.now();
    await server.store.applyBlock({ number: 1, hash: "0x01", timestamp: 1_700_000_000, changes });
    const seedMs = performance.now() - seedStart;

    const queries: [string, string][] = [
      ["mint by id", `{ mint(id: "mint-4242") { id amount index { symbol } account { id } } }`],
      [
        "mints filtered + ordered, 100 with references",
        `{ mints(first: 100, where: { amount_gt: "5000000000000000000" }, orderBy: amount, orderDirection: desc) { id amount timestamp index { id symbol } account { id } } }`,
      ],
      [
        "index with 50 latest derived mints",
        `{ index(id: "idx-7") { symbol totalSupply mints(first: 50, orderBy: timestamp, orderDirection: desc) { id amount account { id } } } }`,
      ],
      [
        "nested filter + child ordering",
        `{ mints(first: 100, where: { index_: { symbol_in: ["SYM1", "SYM2"] } }, orderBy: index__symbol) { id } }`,
      ],
      [
        "indexes page + _meta",
        `{ indexes(first: 50, orderBy: totalSupply) { id symbol price } _meta { block { number } } }`,
      ],
      [
        "50 indexes with their 10 latest mints each (2 SQL queries)",
        `{ indexes(first: 50) { id mints(first: 10, orderBy: timestamp, orderDirection: desc) { id amount } } }`,
      ],
    ];
    const results = await measureQueries(server.url, queries, iterations);
    return { entities: changes.length, seedMs: Math.round(seedMs), backend: server.store.backend, queries: results };
  } finally {
    await server.close();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const databaseUrl = process.env["DATABASE_URL"];
  const result = await benchmarkSubgraphServer(databaseUrl ? { databaseUrl } : {});
  console.log(`${result.entities} entities (${result.backend}), seeded in one block in ${result.seedMs} ms`);
  console.table(result.queries);
}
