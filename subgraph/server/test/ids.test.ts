import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SubgraphQueryEngine } from "../engine.js";
import { PostgresEntityStore } from "../store.js";

/** Int8 and Bytes ids, references to them, and a derived field across them. */
const SCHEMA = /* GraphQL */ `
  type Pool @entity {
    id: Bytes!
    ticks: [Tick!]! @derivedFrom(field: "pool")
    "A derived single field: one of the ticks pointing here (the first by id)."
    someTick: Tick @derivedFrom(field: "pool")
    "Derived from a list of references."
    crossing: [Tick!]! @derivedFrom(field: "crosses")
  }
  type Tick @entity(immutable: true) {
    id: Int8!
    pool: Pool!
    at: Timestamp!
    crosses: [Pool!]
    notes: [String]
  }
`;
const POOL = "0x00000000000000000000000000000000000000ab";
const OTHER = "0x00000000000000000000000000000000000000cd";

let store: PostgresEntityStore;
let engine: SubgraphQueryEngine;

beforeAll(async () => {
  store = await PostgresEntityStore.open({ schemaSdl: SCHEMA });
  engine = new SubgraphQueryEngine(store, { name: "ids", deployment: "ids" });
  await store.applyBlock({
    number: 1,
    hash: "0x01",
    timestamp: 1,
    changes: [
      { entity: "Pool", id: POOL, data: { id: POOL } },
      { entity: "Pool", id: OTHER, data: { id: OTHER } },
      ...[9, 10, 100, -5].map((n) => ({
        entity: "Tick",
        id: String(n),
        data: {
          id: String(n),
          pool: POOL,
          at: String(1_700_000_000_000_000 + n),
          crosses: n > 9 ? [POOL, OTHER] : [OTHER],
          notes: n === 9 ? ["nine", null] : null,
        },
      })),
    ],
  });
}, 60_000);
afterAll(() => store.close());

async function data(query: string): Promise<unknown> {
  const result = await engine.execute({ query });
  if (result.errors !== undefined) throw new Error(result.errors.map((e) => e.message).join("; "));
  return result.data;
}

describe("Int8 and Bytes ids", { timeout: 60_000 }, () => {
  it("orders and filters Int8 ids numerically", async () => {
    expect(await data(`{ ticks { id } }`)).toEqual({ ticks: [{ id: "-5" }, { id: "9" }, { id: "10" }, { id: "100" }] });
    expect(await data(`{ ticks(where: { id_gt: "9" }) { id } }`)).toEqual({ ticks: [{ id: "10" }, { id: "100" }] });
    expect(await data(`{ ticks(where: { at_lt: "1700000000000000" }) { id at } }`)).toEqual({
      ticks: [{ id: "-5", at: "1699999999999995" }],
    });
  });

  it("loads by Int8 and Bytes ids and follows references both ways", async () => {
    expect(await data(`{ tick(id: "100") { id pool { id } } }`)).toEqual({ tick: { id: "100", pool: { id: POOL } } });
    expect(
      await data(
        `{ pool(id: "${POOL.toUpperCase().replace("0X", "0x")}") { ticks(first: 2, orderBy: id, orderDirection: desc) { id } } }`,
      ),
    ).toEqual({
      pool: { ticks: [{ id: "100" }, { id: "10" }] },
    });
    expect(await data(`{ ticks(where: { pool_: { id: "${POOL}" } }, first: 1) { id } }`)).toEqual({
      ticks: [{ id: "-5" }],
    });
  });

  it("resolves and filters a field derived from a list of references", async () => {
    expect(await data(`{ pool(id: "${POOL}") { crossing { id } } }`)).toEqual({
      pool: { crossing: [{ id: "10" }, { id: "100" }] },
    });
    expect(await data(`{ pools(where: { crossing_: { id: "-5" } }) { id } }`)).toEqual({ pools: [{ id: OTHER }] });
    expect(await data(`{ pools { id crossing(orderBy: id, orderDirection: desc, first: 3) { id } } }`)).toEqual({
      pools: [
        { id: POOL, crossing: [{ id: "100" }, { id: "10" }] },
        { id: OTHER, crossing: [{ id: "100" }, { id: "10" }, { id: "9" }] },
      ],
    });
    expect(
      await data(`{ ticks(where: { crosses_contains: ["${POOL.toUpperCase().replace("0X", "0x")}"] }) { id } }`),
    ).toEqual({
      ticks: [{ id: "10" }, { id: "100" }],
    });
  });

  it("keeps null items of lists whose items are nullable, and refuses them elsewhere", async () => {
    expect(await data(`{ tick(id: "9") { notes } }`)).toEqual({ tick: { notes: ["nine", null] } });
    await expect(
      store.applyBlock({
        number: 2,
        hash: "0x02",
        timestamp: 2,
        changes: [{ entity: "Tick", id: "7", data: { id: "7", pool: POOL, at: "1", crosses: [null] } }],
      }),
    ).rejects.toThrow(/items are non-nullable/);
  });

  it("resolves a single-valued derived field", async () => {
    expect(await data(`{ pool(id: "${POOL}") { someTick { id } } }`)).toEqual({ pool: { someTick: { id: "-5" } } });
  });

  it("refuses ids that are not Int8", async () => {
    const result = await engine.execute({ query: `{ tick(id: "abc") { id } }` });
    expect(result.errors![0]!.message).toMatch(/not a valid Int8 id/);
  });

  it("loadAll keys Int8 ids by their decimal text", async () => {
    const all = await store.loadAll();
    expect([...all.get("Tick")!.keys()].sort()).toEqual(["-5", "10", "100", "9"]);
    expect(all.get("Tick")!.get("10")).toEqual({
      id: "10",
      pool: POOL,
      at: "1700000000000010",
      crosses: [POOL, OTHER],
      notes: null,
    });
  });
});
