import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PGLITE_LOCK_FILE, type Queryable } from "../db.js";
import { PostgresEntityStore } from "../store.js";
import { ALICE, BLOCK_1, BLOCK_2, TEST_SCHEMA, testStoreOptions } from "./fixtures.js";

describe("PostgresEntityStore (PGlite in a data directory)", { timeout: 60_000 }, () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "subgraph-db-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("stores blocks, returns them with loadAll, and resumes from the head after a restart", async () => {
    const store = await PostgresEntityStore.open({ schemaSdl: TEST_SCHEMA, dataDir: dir });
    expect(await store.head()).toBeNull();
    expect((await store.loadAll()).get("Index")!.size).toBe(0);
    await store.applyBlock(BLOCK_1);
    await store.applyBlock(BLOCK_2);
    await store.close();

    const reopened = await PostgresEntityStore.open({ schemaSdl: TEST_SCHEMA, dataDir: dir });
    expect(await reopened.head()).toEqual({ number: 2, hash: "0x02", timestamp: 1700000013 });
    const all = await reopened.loadAll();
    expect(all.get("Index")!.get("idx-b")).toEqual({
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
    });
    expect(all.get("Mint")!.get("m4")).toEqual({
      id: "m4",
      index: "idx-a",
      account: ALICE,
      amount: "1000000000000000000000",
      block: String(2 ** 40 + 3),
    });
    expect(all.get("Account")!.get(ALICE)).toEqual({ id: ALICE, favourites: ["idx-a", "idx-c"] });
    expect(all.get("Vote")!.size).toBe(2);

    // Updates (the last write of a block wins) and removals.
    await reopened.applyBlock({
      number: 3,
      hash: "0x03",
      timestamp: 1700000025,
      changes: [
        { entity: "Stats", id: "global", data: { id: "global", count: 5 } },
        { entity: "Stats", id: "global", data: { id: "global", count: 6 } },
        { entity: "IndexDailySnapshot", id: "idx-a-1", data: null },
      ],
    });
    const after = await reopened.loadAll();
    expect(after.get("Stats")!.get("global")).toEqual({ id: "global", count: 6 });
    expect(after.get("IndexDailySnapshot")!.has("idx-a-1")).toBe(false);

    await reopened.setError({ block: 4, logIndex: 1, transactionHash: "0xabc", message: "boom" });
    await reopened.close();
    const third = await PostgresEntityStore.open({ schemaSdl: TEST_SCHEMA, dataDir: dir });
    expect(await third.indexingError()).toEqual({ block: 4, logIndex: 1, transactionHash: "0xabc", message: "boom" });
    await third.setError(null);
    expect(await third.indexingError()).toBeNull();
    await third.close();
  });

  it("refuses a data directory another store has open", async () => {
    const first = await PostgresEntityStore.open({ schemaSdl: TEST_SCHEMA, dataDir: dir });
    try {
      await expect(PostgresEntityStore.open({ schemaSdl: TEST_SCHEMA, dataDir: dir })).rejects.toThrow(
        /is in use by process \d+ \(this one\)/,
      );
    } finally {
      await first.close();
    }
    // A lock left by a process that is gone is taken over.
    await writeFile(join(dir, PGLITE_LOCK_FILE), "999999999");
    const again = await PostgresEntityStore.open({ schemaSdl: TEST_SCHEMA, dataDir: dir });
    expect((await again.head())!.number).toBe(3);
    await again.close();
  });

  it("refuses to open data indexed with another schema, unless asked to reset", async () => {
    const other = `${TEST_SCHEMA}\ntype Extra @entity { id: ID! }`;
    await expect(PostgresEntityStore.open({ schemaSdl: other, dataDir: dir })).rejects.toThrow(
      /another schema.graphql/,
    );
    const reset = await PostgresEntityStore.open({ schemaSdl: other, dataDir: dir, onSchemaChange: "reset" });
    expect(await reset.head()).toBeNull();
    expect((await reset.loadAll()).get("Index")!.size).toBe(0);
    await reset.close();
  });
});

describe("applyBlock is all or nothing", { timeout: 60_000 }, () => {
  let store: PostgresEntityStore;
  beforeAll(async () => {
    store = await PostgresEntityStore.open({ schemaSdl: TEST_SCHEMA, ...(await testStoreOptions("atomic_test")) });
    await store.applyBlock(BLOCK_1);
  }, 60_000);
  afterAll(() => store.close());

  const bad = (changes: Parameters<PostgresEntityStore["applyBlock"]>[0]["changes"]) => ({
    number: 2,
    hash: "0x02",
    timestamp: 2,
    changes: [{ entity: "Stats", id: "s", data: { id: "s", count: 1 } }, ...changes],
  });

  it.each([
    ["an unknown entity", [{ entity: "Nope", id: "x", data: { id: "x" } }], /unknown entity type Nope/],
    ["an unknown field", [{ entity: "Stats", id: "t", data: { id: "t", count: 1, extra: 1 } }], /has no field extra/],
    ["an Int out of range", [{ entity: "Stats", id: "t", data: { id: "t", count: 2 ** 31 } }], /not a valid Int/],
    ["a null non-nullable field", [{ entity: "Stats", id: "t", data: { id: "t", count: null } }], /non-nullable/],
    [
      "a malformed BigInt",
      [{ entity: "Mint", id: "m", data: { id: "m", index: "idx-a", account: ALICE, amount: "1.5", block: "1" } }],
      /not a valid BigInt/,
    ],
    ["malformed Bytes", [{ entity: "Account", id: "0xzz", data: { id: "0xzz" } }], /not a valid Bytes/],
    [
      "an unknown enum value",
      [{ entity: "Proposal", id: "p", data: { id: "p", state: "Nope", description: "" } }],
      /enum value/,
    ],
  ])("a block with %s leaves nothing", async (_what, changes, message) => {
    await expect(store.applyBlock(bad(changes))).rejects.toThrow(message);
    expect((await store.head())!.number).toBe(1);
    expect((await store.loadAll()).get("Stats")!.size).toBe(0);
  });

  it("a block failing inside the database transaction leaves nothing", async () => {
    // A well-formed decimal that Postgres' numeric cannot hold: refused by the database, mid-transaction.
    await expect(
      store.applyBlock(
        bad([{ entity: "IndexDailySnapshot", id: "d", data: { id: "d", index: "idx-a", day: 1, tvl: "1e999999" } }]),
      ),
    ).rejects.toThrow(/overflow/);
    expect((await store.head())!.number).toBe(1);
    expect((await store.loadAll()).get("Stats")!.size).toBe(0);
  });

  it("a block waits for reads in progress, so a read sees one block only", async () => {
    const events: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const count = async (db: Queryable) =>
      Number((await db.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${store.layout.table("Stats")}`))[0]!.n);
    const read = store.read(async (db, state) => {
      const before = await count(db);
      events.push(`read start, head ${state.head!.number}`);
      await gate;
      const after = await count(db);
      events.push(`read end, ${before} then ${after} rows`);
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    const write = store
      .applyBlock({
        number: 5,
        hash: "0x05",
        timestamp: 5,
        changes: [{ entity: "Stats", id: "w", data: { id: "w", count: 1 } }],
      })
      .then(() => events.push("block 5 written"));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(events).toEqual(["read start, head 1"]);
    release();
    await Promise.all([read, write]);
    expect(events).toEqual(["read start, head 1", "read end, 0 then 0 rows", "block 5 written"]);
    await store.read(async (db, state) => {
      expect(state.head!.number).toBe(5);
      expect(await count(db)).toBe(1);
    });
  });

  it("refuses blocks out of order", async () => {
    await expect(store.applyBlock({ ...BLOCK_1, changes: [] })).rejects.toThrow(/not after the head/);
  });
});

describe.skipIf(!process.env["SUBGRAPH_TEST_DATABASE_URL"])(
  "PostgresEntityStore on a real Postgres (DATABASE_URL)",
  () => {
    it("stores blocks and resumes from the head after a reconnect", async () => {
      const options = { schemaSdl: TEST_SCHEMA, ...(await testStoreOptions("restart_test")) };
      const store = await PostgresEntityStore.open(options);
      expect(store.backend).toBe("postgres");
      await store.applyBlock(BLOCK_1);
      await store.applyBlock(BLOCK_2);
      await store.close();
      const reopened = await PostgresEntityStore.open(options);
      expect(await reopened.head()).toEqual({ number: 2, hash: "0x02", timestamp: 1700000013 });
      const all = await reopened.loadAll();
      expect(all.get("Mint")!.get("m4")!["amount"]).toBe("1000000000000000000000");
      expect(all.get("Account")!.get(ALICE)).toEqual({ id: ALICE, favourites: ["idx-a", "idx-c"] });
      await reopened.close();
    }, 60_000);
  },
);
