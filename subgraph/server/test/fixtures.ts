/** A small DeFi-shaped subgraph schema and a seeded dataset for the server's tests (not the real subgraph). */
import type { BlockChanges, EntityChange } from "../../local/types.js";

export const TEST_SCHEMA = /* GraphQL */ `
  enum ProposalState {
    Pending
    Active
    Executed
  }

  type Index @entity {
    id: ID!
    symbol: String!
    name: String
    totalSupply: BigInt!
    price: BigDecimal!
    vault: Bytes!
    decimals: Int!
    createdAt: Timestamp!
    paused: Boolean!
    tags: [String!]!
    mints: [Mint!]! @derivedFrom(field: "index")
    snapshots: [IndexDailySnapshot!]! @derivedFrom(field: "index")
  }

  type Mint @entity(immutable: true) {
    id: ID!
    index: Index!
    account: Account!
    amount: BigInt!
    block: Int8!
  }

  type IndexDailySnapshot @entity {
    id: ID!
    index: Index!
    day: Int!
    tvl: BigDecimal!
  }

  type Account @entity {
    id: Bytes!
    mints: [Mint!]! @derivedFrom(field: "account")
    votes: [Vote!]! @derivedFrom(field: "voter")
    favourites: [Index!]
  }

  type Proposal @entity {
    id: ID!
    state: ProposalState!
    description: String!
    votes: [Vote!]! @derivedFrom(field: "proposal")
  }

  type Vote @entity(immutable: true) {
    id: ID!
    proposal: Proposal!
    voter: Account!
    support: Boolean!
    weight: BigDecimal!
  }

  type Stats @entity {
    id: ID!
    count: Int!
  }
`;

export const ALICE = "0xaaaa000000000000000000000000000000000001";
export const BOB = "0xbbbb000000000000000000000000000000000002";

const index = (id: string, symbol: string, totalSupply: string, price: string, vault: string, extra: object = {}) => ({
  entity: "Index",
  id,
  data: {
    id,
    symbol,
    name: `${symbol} index`,
    totalSupply,
    price,
    vault,
    decimals: 18,
    createdAt: "1700000000000000",
    paused: false,
    tags: ["defi"],
    ...extra,
  },
});

/** Block 1: three indexes (supplies 9, 10, 100: numeric order differs from text order), two accounts. */
export const BLOCK_1: BlockChanges = {
  number: 1,
  hash: "0x01",
  timestamp: 1700000001,
  changes: [
    index("idx-a", "AAA", "10", "1.5", "0x0a", { tags: ["defi", "blue"] }),
    index("idx-b", "BBB", "9", "10.25", "0x0b01", { name: null, paused: true }),
    index("idx-c", "CCC", "100", "2", "0x0c", { tags: [] }),
    { entity: "Account", id: ALICE, data: { id: ALICE, favourites: ["idx-a", "idx-c"] } },
    { entity: "Account", id: BOB, data: { id: BOB, favourites: null } },
  ] as EntityChange[],
};

/** Block 2: mints, snapshots, a proposal with votes. */
export const BLOCK_2: BlockChanges = {
  number: 2,
  hash: "0x02",
  timestamp: 1700000013,
  changes: [
    ...[
      ["m1", "idx-a", ALICE, "5"],
      ["m2", "idx-a", BOB, "50"],
      ["m3", "idx-b", ALICE, "7"],
      ["m4", "idx-a", ALICE, "1000000000000000000000"],
    ].map(([id, idx, account, amount], i) => ({
      entity: "Mint",
      id: id!,
      data: { id: id!, index: idx!, account: account!, amount: amount!, block: String(2 ** 40 + i) },
    })),
    { entity: "IndexDailySnapshot", id: "idx-a-1", data: { id: "idx-a-1", index: "idx-a", day: 1, tvl: "100.5" } },
    { entity: "IndexDailySnapshot", id: "idx-a-2", data: { id: "idx-a-2", index: "idx-a", day: 2, tvl: "99.75" } },
    { entity: "Proposal", id: "p1", data: { id: "p1", state: "Active", description: "Add AAA" } },
    { entity: "Vote", id: "v1", data: { id: "v1", proposal: "p1", voter: ALICE, support: true, weight: "0.5" } },
    { entity: "Vote", id: "v2", data: { id: "v2", proposal: "p1", voter: BOB, support: false, weight: "12" } },
    { entity: "Stats", id: "global", data: { id: "global", count: 4 } },
  ] as EntityChange[],
};

/**
 * Where the query tests keep their store: PGlite in memory, or — when `SUBGRAPH_TEST_DATABASE_URL` is set — a fresh
 * Postgres schema `pgSchema` on that server (dropped first), so the same tests check the `pg` backend.
 */
export async function testStoreOptions(pgSchema: string): Promise<{ databaseUrl?: string; pgSchema?: string }> {
  const url = process.env["SUBGRAPH_TEST_DATABASE_URL"];
  if (url === undefined || url === "") return {};
  const pg = await import("pg");
  const client = new pg.default.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${pgSchema}" CASCADE`);
  } finally {
    await client.end();
  }
  return { databaseUrl: url, pgSchema };
}
