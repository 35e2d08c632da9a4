import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { benchmarkSubgraphServer } from "../bench.js";
import { startSubgraphServer, type RunningSubgraphServer } from "../index.js";
import { BLOCK_1, BLOCK_2, TEST_SCHEMA } from "./fixtures.js";

let server: RunningSubgraphServer;

beforeAll(async () => {
  server = await startSubgraphServer({ schemaSdl: TEST_SCHEMA, name: "tmai/test", port: 0, deployment: "local-http" });
  await server.store.applyBlock(BLOCK_1);
  await server.store.applyBlock(BLOCK_2);
}, 60_000);
afterAll(() => server.close());

const post = (url: string, body: unknown) =>
  fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

describe("HTTP server", { timeout: 60_000 }, () => {
  it("listens on 127.0.0.1 at graph-node's path", async () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/subgraphs/name/tmai/test`);
    expect(server.port).toBeGreaterThan(0);
  });

  it("refuses to listen on anything but loopback", async () => {
    await expect(startSubgraphServer({ schemaSdl: TEST_SCHEMA, name: "x", host: "0.0.0.0", port: 0 })).rejects.toThrow(
      /only listens on the loopback interface/,
    );
  });

  it("answers POSTed queries with variables", async () => {
    const response = await post(server.url, {
      query: "query($id: ID!) { index(id: $id) { symbol mints(first: 1) { id } } }",
      variables: { id: "idx-b" },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(await response.json()).toEqual({ data: { index: { symbol: "BBB", mints: [{ id: "m3" }] } } });
  });

  it("serves the same subgraph at /subgraphs/id/<deployment> and /graphql", async () => {
    const base = `http://127.0.0.1:${server.port}`;
    for (const path of ["/subgraphs/id/local-http", "/subgraphs/name/tmai/test/graphql"]) {
      const response = await post(base + path, { query: "{ _meta { deployment } }" });
      expect(await response.json()).toEqual({ data: { _meta: { deployment: "local-http" } } });
    }
  });

  it("answers GET with a page, OPTIONS for CORS, other methods with 405, other paths with 404", async () => {
    const page = await fetch(server.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/POST/);
    const options = await fetch(server.url, { method: "OPTIONS" });
    expect(options.status).toBe(204);
    expect(options.headers.get("access-control-allow-methods")).toMatch(/POST/);
    expect((await fetch(server.url, { method: "PUT", body: "{}" })).status).toBe(405);
    const missing = await post(`http://127.0.0.1:${server.port}/subgraphs/name/other`, { query: "{ mints { id } }" });
    expect(missing.status).toBe(404);
  });

  it("refuses malformed bodies with 400", async () => {
    const response = await fetch(server.url, { method: "POST", body: "{not json" });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { errors: { message: string }[] }).errors[0]!.message).toMatch(/bad request/);
    expect((await post(server.url, { variables: {} })).status).toBe(400);
  });

  it("serves the head and the error at /status", async () => {
    const response = await fetch(`http://127.0.0.1:${server.port}/status`);
    expect(await response.json()).toEqual({
      name: "tmai/test",
      deployment: "local-http",
      head: { number: 2, hash: "0x02", timestamp: 1700000013 },
      error: null,
    });
  });

  it("keeps answering while blocks are written, and every answer sees whole blocks", async () => {
    // Three separate SQL reads per request: the stats row, the derived mints and the head.
    const query = `{ a: stats(id: "a") { count } index(id: "idx-c") { mints(first: 1000) { id } } _meta { block { number } } }`;
    const writer = (async () => {
      for (let n = 3; n <= 60; n++) {
        await new Promise((resolve) => setImmediate(resolve));
        await server.store.applyBlock({
          number: n,
          hash: `0x${n.toString(16).padStart(2, "0")}`,
          timestamp: 1700000000 + n,
          changes: [
            { entity: "Stats", id: "a", data: { id: "a", count: n } },
            {
              entity: "Mint",
              id: `bulk-${n}`,
              data: { id: `bulk-${n}`, index: "idx-c", account: "0x01", amount: "1", block: "1" },
            },
          ],
        });
      }
    })();
    const seen = new Set<number>();
    const readers = Array.from({ length: 8 }, async () => {
      for (let i = 0; i < 25; i++) {
        const body = (await (await post(server.url, { query })).json()) as {
          data: { a: { count: number } | null; index: { mints: unknown[] }; _meta: { block: { number: number } } };
        };
        const head = body.data._meta.block.number;
        seen.add(head);
        expect(body.data.a?.count ?? 2).toBe(head);
        expect(body.data.index.mints.length).toBe(head - 2);
      }
    });
    await Promise.all([writer, ...readers]);
    expect((await server.store.head())!.number).toBe(60);
    expect(seen.size).toBeGreaterThan(5);
  });
});

describe("benchmark hook", () => {
  it("measures p50/p95 of a few queries over a seeded dataset", async () => {
    const result = await benchmarkSubgraphServer({ mints: 300, iterations: 5 });
    expect(result.entities).toBe(850);
    expect(result.queries.length).toBeGreaterThanOrEqual(4);
    for (const q of result.queries) expect(q.p95Ms).toBeGreaterThanOrEqual(q.p50Ms);
  }, 120_000);
});
