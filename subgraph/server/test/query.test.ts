import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SubgraphQueryEngine } from "../engine.js";
import { PostgresEntityStore } from "../store.js";
import { ALICE, BLOCK_1, BLOCK_2, BOB, TEST_SCHEMA, testStoreOptions } from "./fixtures.js";

let store: PostgresEntityStore;
let engine: SubgraphQueryEngine;

beforeAll(async () => {
  store = await PostgresEntityStore.open({ schemaSdl: TEST_SCHEMA, ...(await testStoreOptions("query_test")) });
  engine = new SubgraphQueryEngine(store, { name: "test/sg", deployment: "local-test" });
  await store.applyBlock(BLOCK_1);
  await store.applyBlock(BLOCK_2);
}, 60_000);
afterAll(() => store.close());

async function data(query: string, variables?: Record<string, unknown>): Promise<Record<string, unknown>> {
  const result = await engine.execute({ query, variables: variables ?? null });
  if (result.errors !== undefined) throw new Error(result.errors.map((e) => e.message).join("; "));
  return result.data!;
}

async function errors(query: string): Promise<string> {
  const result = await engine.execute({ query });
  expect(result.data).toBeUndefined();
  expect(result.errors).toBeDefined();
  return result.errors!.map((e) => e.message).join("; ");
}

/** The ids of `<collection>(<args>)`. */
async function ids(collection: string, args: string): Promise<string[]> {
  const d = await data(`{ r: ${collection}${args === "" ? "" : `(${args})`} { id } }`);
  return (d["r"] as { id: string }[]).map((r) => r.id);
}

describe("entity by id and collections", () => {
  it("returns an entity by id in graph-node's value forms, and null for a missing id", async () => {
    expect(
      await data(`{ index(id: "idx-b") { id symbol name totalSupply price vault decimals createdAt paused tags }
                    missing: index(id: "nope") { id } }`),
    ).toEqual({
      index: {
        id: "idx-b",
        symbol: "BBB",
        name: null,
        totalSupply: "9",
        price: "10.25",
        vault: "0x0b01",
        decimals: 18,
        createdAt: "1700000000000000",
        paused: true,
        tags: ["defi"],
      },
      missing: null,
    });
    expect(await data(`{ account(id: "${ALICE.toUpperCase().replace("0X", "0x")}") { id } }`)).toEqual({
      account: { id: ALICE },
    });
    expect(await data(`{ mint(id: "m4") { block } }`)).toEqual({ mint: { block: String(2 ** 40 + 3) } });
  });

  it("uses graph-node's collection names", async () => {
    const d = await data(`{ indexes { id } mints { id } indexDailySnapshots { id } accounts { id } proposals { id }
                            votes { id } stats(id: "global") { count } stats_collection { count } }`);
    expect(Object.keys(d)).toEqual([
      "indexes",
      "mints",
      "indexDailySnapshots",
      "accounts",
      "proposals",
      "votes",
      "stats",
      "stats_collection",
    ]);
  });

  it("orders by id by default (orderDirection alone changes nothing, as in graph-node)", async () => {
    expect(await ids("mints", "")).toEqual(["m1", "m2", "m3", "m4"]);
    expect(await ids("mints", "orderDirection: desc")).toEqual(["m1", "m2", "m3", "m4"]);
    expect(await ids("mints", "orderBy: id, orderDirection: desc")).toEqual(["m4", "m3", "m2", "m1"]);
  });
});

describe("orderBy, orderDirection, first, skip", () => {
  it("orders BigInt numerically (9 < 10 < 100)", async () => {
    expect(await ids("indexes", "orderBy: totalSupply")).toEqual(["idx-b", "idx-a", "idx-c"]);
    expect(await ids("indexes", "orderBy: totalSupply, orderDirection: desc")).toEqual(["idx-c", "idx-a", "idx-b"]);
    expect(await ids("mints", "orderBy: amount")).toEqual(["m1", "m3", "m2", "m4"]);
  });

  it("orders BigDecimal numerically (1.5 < 2 < 10.25)", async () => {
    expect(await ids("indexes", "orderBy: price")).toEqual(["idx-a", "idx-c", "idx-b"]);
  });

  it("orders Bytes, Strings, enums and booleans, with id as the tie-breaker", async () => {
    expect(await ids("indexes", "orderBy: vault")).toEqual(["idx-a", "idx-b", "idx-c"]);
    expect(await ids("indexes", "orderBy: symbol, orderDirection: desc")).toEqual(["idx-c", "idx-b", "idx-a"]);
    expect(await ids("indexes", "orderBy: paused")).toEqual(["idx-a", "idx-c", "idx-b"]);
    expect(await ids("votes", "orderBy: weight")).toEqual(["v1", "v2"]);
  });

  it("orders by a referenced entity's field (index__symbol)", async () => {
    expect(await ids("mints", "orderBy: index__symbol, orderDirection: desc")).toEqual(["m3", "m4", "m2", "m1"]);
    expect(await ids("mints", "orderBy: index__totalSupply")).toEqual(["m3", "m1", "m2", "m4"]);
  });

  it("pages with first and skip", async () => {
    expect(await ids("mints", "first: 2")).toEqual(["m1", "m2"]);
    expect(await ids("mints", "first: 2, skip: 2")).toEqual(["m3", "m4"]);
    expect(await ids("mints", "skip: 10")).toEqual([]);
    expect(await ids("mints", "first: 0")).toEqual([]);
    expect(await ids("mints", "first: 1000")).toHaveLength(4);
  });

  it("refuses first above 1000, negative first or skip, and unknown orderBy values", async () => {
    expect(await errors(`{ mints(first: 1001) { id } }`)).toMatch(
      /`first` argument must be between 0 and 1000, but is 1001/,
    );
    expect(await errors(`{ index(id: "idx-a") { mints(first: 5000) { id } } }`)).toMatch(/between 0 and 1000/);
    expect(await errors(`{ mints(first: -1) { id } }`)).toMatch(/between 0 and 1000/);
    expect(await errors(`{ mints(skip: -1) { id } }`)).toMatch(/skip/);
    expect(await errors(`{ mints(orderBy: nope) { id } }`)).toMatch(/Mint_orderBy/);
    expect(await errors(`{ indexes(orderBy: mints) { id } }`)).toMatch(/Index_orderBy/);
  });
});

describe("where", () => {
  it.each([
    ['totalSupply: "10"', ["idx-a"]],
    ['totalSupply_not: "10"', ["idx-b", "idx-c"]],
    ['totalSupply_gt: "9"', ["idx-a", "idx-c"]],
    ['totalSupply_gte: "10"', ["idx-a", "idx-c"]],
    ['totalSupply_lt: "10"', ["idx-b"]],
    ['totalSupply_lte: "10"', ["idx-a", "idx-b"]],
    ['totalSupply_in: ["9", "100"]', ["idx-b", "idx-c"]],
    ['totalSupply_not_in: ["9", "100"]', ["idx-a"]],
    ["totalSupply_gt: 9", ["idx-a", "idx-c"]],
    ['price_gt: "1.75"', ["idx-b", "idx-c"]],
    ['price: "2.000"', ["idx-c"]],
    ['price_lte: "10.25"', ["idx-a", "idx-b", "idx-c"]],
    ['vault: "0x0A"', ["idx-a"]],
    ['vault_gt: "0x0a"', ["idx-b", "idx-c"]],
    ['vault_in: ["0x0b01", "0x0c"]', ["idx-b", "idx-c"]],
    ['vault_contains: "0x01"', ["idx-b"]],
    ['vault_not_contains: "0x0b"', ["idx-a", "idx-c"]],
    ['symbol: "AAA"', ["idx-a"]],
    ['symbol_not: "AAA"', ["idx-b", "idx-c"]],
    ['symbol_gt: "AAA"', ["idx-b", "idx-c"]],
    ['symbol_contains: "B"', ["idx-b"]],
    ['symbol_contains_nocase: "b"', ["idx-b"]],
    ['symbol_not_contains: "B"', ["idx-a", "idx-c"]],
    ['symbol_not_contains_nocase: "b"', ["idx-a", "idx-c"]],
    ['symbol_starts_with: "CC"', ["idx-c"]],
    ['symbol_starts_with_nocase: "cc"', ["idx-c"]],
    ['symbol_not_starts_with: "CC"', ["idx-a", "idx-b"]],
    ['symbol_ends_with: "A"', ["idx-a"]],
    ['symbol_ends_with_nocase: "a"', ["idx-a"]],
    ['symbol_not_ends_with: "A"', ["idx-b", "idx-c"]],
    ['name_contains: "%"', []],
    ["name: null", ["idx-b"]],
    ["name_not: null", ["idx-a", "idx-c"]],
    ["paused: true", ["idx-b"]],
    ["paused_not: true", ["idx-a", "idx-c"]],
    ["paused_in: [false]", ["idx-a", "idx-c"]],
    ["decimals_gte: 18", ["idx-a", "idx-b", "idx-c"]],
    ['createdAt_gt: "1699999999999999"', ["idx-a", "idx-b", "idx-c"]],
    ['tags: ["defi"]', ["idx-b"]],
    ['tags_not: ["defi"]', ["idx-a", "idx-c"]],
    ['tags_contains: ["blue"]', ["idx-a"]],
    ['tags_contains_nocase: ["BLUE"]', ["idx-a"]],
    ['tags_not_contains: ["defi"]', ["idx-c"]],
    ['id_in: ["idx-a", "idx-c", "nope"]', ["idx-a", "idx-c"]],
    ['id_gt: "idx-a"', ["idx-b", "idx-c"]],
    ["symbol_in: []", []],
    ['or: [{ symbol: "AAA" }, { totalSupply_gt: "50" }]', ["idx-a", "idx-c"]],
    ['and: [{ totalSupply_gt: "5" }, { totalSupply_lt: "50" }]', ["idx-a", "idx-b"]],
    ['and: [{ symbol_not: "BBB" }], or: [{ paused: true }, { price: "1.5" }]', ["idx-a"]],
    ['or: [{ symbol_not: "BBB", paused: true }, { symbol_not: "BBB", price: "1.5" }]', ["idx-a"]],
    ['mints_: { or: [{ amount: "7" }, { amount: "50" }] }', ["idx-a", "idx-b"]],
    ['mints_: { amount_gt: "10" }', ["idx-a"]],
    ['mints_: { account: "' + BOB + '" }', ["idx-a"]],
    ["_change_block: { number_gte: 2 }", []],
    ["_change_block: { number_gte: 1 }", ["idx-a", "idx-b", "idx-c"]],
  ])("indexes(where: { %s })", async (where, expected) => {
    expect(await ids("indexes", `where: { ${where} }`)).toEqual(expected);
  });

  it.each([
    ['index: "idx-a"', ["m1", "m2", "m4"]],
    ['index_not: "idx-a"', ["m3"]],
    ['index_in: ["idx-b"]', ["m3"]],
    ['index_starts_with: "idx-"', ["m1", "m2", "m3", "m4"]],
    ['index_: { symbol: "BBB" }', ["m3"]],
    ['index_: { symbol_in: ["AAA"] }, amount_gte: "50"', ["m2", "m4"]],
    ['index_: { mints_: { amount: "7" } }', ["m3"]],
    [`account: "${ALICE}"`, ["m1", "m3", "m4"]],
    ['amount_gt: "999999999999999999999"', ["m4"]],
    ['block_gt: "1099511627777"', ["m3", "m4"]],
  ])("mints(where: { %s })", async (where, expected) => {
    expect(await ids("mints", `where: { ${where} }`)).toEqual(expected);
  });

  it("takes references to Bytes ids as Strings in any case, and ids as ID!", async () => {
    expect(await ids("mints", `where: { account: "${BOB.toUpperCase().replace("0X", "0x")}" }`)).toEqual(["m2"]);
    expect(await ids("mints", 'where: { account_starts_with: "0xBBBB" }')).toEqual(["m2"]);
    expect(await ids("votes", `where: { voter_in: ["${ALICE}"] }`)).toEqual(["v1"]);
    const d = await data(
      `query($id: ID!, $voter: String) { account(id: $id) { votes(where: { voter: $voter }) { id } } }`,
      {
        id: ALICE,
        voter: ALICE,
      },
    );
    expect(d).toEqual({ account: { votes: [{ id: "v1" }] } });
    expect(await errors(`{ account(id: "alice") { id } }`)).toMatch(/not a valid Bytes id/);
  });

  it("filters on enums, reference lists and derived fields of other types", async () => {
    expect(await ids("proposals", "where: { state: Active }")).toEqual(["p1"]);
    expect(await ids("proposals", "where: { state_in: [Pending, Executed] }")).toEqual([]);
    expect(await ids("accounts", 'where: { favourites_contains: ["idx-c"] }')).toEqual([ALICE]);
    expect(await ids("accounts", 'where: { favourites_: { symbol: "AAA" } }')).toEqual([ALICE]);
    expect(await ids("accounts", "where: { favourites: null }")).toEqual([BOB]);
    expect(await ids("accounts", "where: { votes_: { support: false } }")).toEqual([BOB]);
    expect(await ids("votes", 'where: { weight_gt: "1" }')).toEqual(["v2"]);
    expect(await ids("votes", 'where: { weight_in: ["0.50"] }')).toEqual(["v1"]);
  });

  it("takes variables", async () => {
    const d = await data(
      `query($min: BigInt!, $first: Int) { mints(where: { amount_gte: $min }, first: $first) { id } }`,
      {
        min: "50",
        first: 1,
      },
    );
    expect(d).toEqual({ mints: [{ id: "m2" }] });
  });

  it("refuses unknown filters and malformed values", async () => {
    expect(await errors(`{ indexes(where: { symbol_like: "A" }) { id } }`)).toMatch(
      /symbol_like.*not defined by type "Index_filter"/,
    );
    expect(await errors(`{ indexes(where: { totalSupply_contains: "1" }) { id } }`)).toMatch(/not defined/);
    expect(await errors(`{ indexes(where: { totalSupply: "1.5" }) { id } }`)).toMatch(/not a valid BigInt/);
    expect(await errors(`{ indexes(where: { vault: "0xabc" }) { id } }`)).toMatch(/not a valid Bytes/);
    expect(await errors(`{ indexes(where: { mints: ["m1"] }) { id } }`)).toMatch(/not defined/);
    // As graph-node: `or` next to field filters of the same object is refused, not silently combined.
    expect(await errors(`{ indexes(where: { symbol_not: "BBB", or: [{ paused: true }] }) { id } }`)).toMatch(
      /Cannot mix column filters with 'or' operator at the same level. Found column filter\(s\) 'symbol_not'/,
    );
  });
});

describe("nested and derived fields", () => {
  it("resolves references to entities and derived fields to lists with collection arguments", async () => {
    const d = await data(`{
      index(id: "idx-a") {
        symbol
        mints(where: { amount_lt: "100" }, orderBy: amount, orderDirection: desc) { id amount account { id } index { symbol } }
        top: mints(first: 1, orderBy: amount, orderDirection: desc) { id }
        snapshots(orderBy: tvl) { day tvl }
      }
    }`);
    expect(d).toEqual({
      index: {
        symbol: "AAA",
        mints: [
          { id: "m2", amount: "50", account: { id: BOB }, index: { symbol: "AAA" } },
          { id: "m1", amount: "5", account: { id: ALICE }, index: { symbol: "AAA" } },
        ],
        top: [{ id: "m4" }],
        snapshots: [
          { day: 2, tvl: "99.75" },
          { day: 1, tvl: "100.5" },
        ],
      },
    });
  });

  it("pages derived lists per parent when several parents are resolved together", async () => {
    expect(await data(`{ indexes { id mints(first: 1, skip: 1, orderBy: amount) { id } } }`)).toEqual({
      indexes: [
        { id: "idx-a", mints: [{ id: "m2" }] },
        { id: "idx-b", mints: [] },
        { id: "idx-c", mints: [] },
      ],
    });
    expect(
      await data(`{ accounts { mints(where: { amount_lt: "100" }, orderBy: amount, orderDirection: desc) { id } }
                    a: accounts(first: 1) { mints(first: 0) { id } } }`),
    ).toEqual({
      accounts: [{ mints: [{ id: "m3" }, { id: "m1" }] }, { mints: [{ id: "m2" }] }],
      a: [{ mints: [] }],
    });
  });

  it("resolves reference lists with arguments, and derived fields through two levels", async () => {
    const d = await data(`{
      account(id: "${ALICE}") {
        favourites(orderBy: symbol, orderDirection: desc) { symbol }
        votes { support proposal { state description votes(orderBy: weight) { voter { id } } } }
        mints(where: { index_: { symbol: "BBB" } }) { id }
      }
    }`);
    expect(d).toEqual({
      account: {
        favourites: [{ symbol: "CCC" }, { symbol: "AAA" }],
        votes: [
          {
            support: true,
            proposal: {
              state: "Active",
              description: "Add AAA",
              votes: [{ voter: { id: ALICE } }, { voter: { id: BOB } }],
            },
          },
        ],
        mints: [{ id: "m3" }],
      },
    });
  });

  it("answers __typename and introspection", async () => {
    const d = await data(`{ mints(first: 1) { __typename } __type(name: "Mint_filter") { inputFields { name } } }`);
    expect(d["mints"]).toEqual([{ __typename: "Mint" }]);
    const names = (d["__type"] as { inputFields: { name: string }[] }).inputFields.map((f) => f.name);
    expect(names).toEqual(
      expect.arrayContaining(["amount_gt", "index_", "index_contains_nocase", "and", "or", "_change_block"]),
    );
  });
});

describe("_meta and block arguments", () => {
  it("serves the head, the deployment and the error flag", async () => {
    expect(await data(`{ _meta { block { number hash timestamp parentHash } deployment hasIndexingErrors } }`)).toEqual(
      {
        _meta: {
          block: { number: 2, hash: "0x02", timestamp: 1700000013, parentHash: null },
          deployment: "local-test",
          hasIndexingErrors: false,
        },
      },
    );
  });

  it("accepts block arguments that designate the head", async () => {
    expect(await ids("mints", "block: { number: 2 }")).toHaveLength(4);
    expect(await ids("mints", "block: { number_gte: 1 }")).toHaveLength(4);
    expect(await ids("mints", 'block: { hash: "0x02" }, subgraphError: allow')).toHaveLength(4);
    expect(await data(`{ _meta(block: { number_gte: 2 }) { block { number } } }`)).toEqual({
      _meta: { block: { number: 2 } },
    });
  });

  it("refuses time travel and blocks not yet indexed", async () => {
    expect(await errors(`{ mints(block: { number: 1 }) { id } }`)).toMatch(/time-travel queries are not supported/);
    expect(await errors(`{ mint(id: "m1", block: { hash: "0x01" }) { id } }`)).toMatch(
      /time-travel queries are not supported/,
    );
    expect(await errors(`{ mints(block: { number_gte: 3 }) { id } }`)).toMatch(/only indexed up to block number 2/);
    expect(await errors(`{ _meta(block: { number: 9 }) { deployment } }`)).toMatch(/not yet available/);
  });
});

describe("outside the dialect", () => {
  it("refuses subscriptions, mutations, unknown fields and syntax errors, without data", async () => {
    expect(await errors(`subscription { mints { id } }`)).toMatch(/subscriptions are not supported/);
    expect(await errors(`mutation { createMint { id } }`)).toMatch(/mutations are not supported/);
    expect(await errors(`{ mintz { id } }`)).toMatch(/Cannot query field "mintz"/);
    expect(await errors(`{ mints { id `)).toMatch(/Syntax Error/);
    expect(await errors(`{ mints { id } } { other: mints { id } }`)).toMatch(/anonymous operation/);
  });

  it("refuses fulltext queries declared in the schema", async () => {
    const ftStore = await PostgresEntityStore.open({
      schemaSdl: `type _Schema_ @fulltext(name: "search", language: en, algorithm: rank, include: [{ entity: "Doc", fields: [{ name: "text" }] }])
                  type Doc @entity { id: ID! text: String! }`,
    });
    try {
      const ft = new SubgraphQueryEngine(ftStore, { name: "ft", deployment: "ft" });
      const r = await ft.execute({ query: `{ search(text: "x") { id } }` });
      expect(r.data).toBeUndefined();
      expect(r.errors![0]!.message).toMatch(/fulltext search \(search\) is not supported/);
    } finally {
      await ftStore.close();
    }
  }, 60_000);

  it("reports the indexing error in _meta", async () => {
    await store.setError({ block: 3, logIndex: 0, transactionHash: null, message: "handler failed" });
    expect(await data(`{ _meta { hasIndexingErrors } }`)).toEqual({ _meta: { hasIndexingErrors: true } });
    await store.setError(null);
    expect(await data(`{ _meta { hasIndexingErrors } }`)).toEqual({ _meta: { hasIndexingErrors: false } });
  });
});
