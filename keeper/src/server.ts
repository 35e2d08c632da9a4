/**
 * The keeper's HTTP endpoints, on 127.0.0.1 by default: `/healthz` (alive, the last successful pass, the RPC
 * reachable) and `/metrics` (Prometheus text format). Nothing else is served; nothing can be changed through it.
 */
import { createServer, type Server } from "node:http";
import type { KeeperMetrics } from "./metrics.js";

export interface Health {
  /** `ok`: a pass ended within `staleAfterSeconds` and the RPC answers. */
  status: "ok" | "starting" | "stale" | "rpc-unreachable";
  lastPassAt: string | null;
  secondsSinceLastPass: number | null;
  rpcReachable: boolean;
  blockNumber: number | null;
}

export interface KeeperServerOptions {
  host: string;
  port: number;
  metrics: KeeperMetrics;
  /** A pass older than this is stale (e.g. three intervals). */
  staleAfterSeconds: number;
  /** The latest block number, or a rejection when the RPC does not answer (bounded by its own timeout). */
  blockNumber: () => Promise<number>;
  now?: () => number;
}

/** The health as `/healthz` reports it. */
export async function health(o: KeeperServerOptions): Promise<Health> {
  const now = o.now ?? (() => Date.now() / 1000);
  const last = o.metrics.lastPass;
  const blockNumber = await o.blockNumber().catch(() => null);
  const since = last === undefined ? null : Math.round(now() - last);
  const status: Health["status"] =
    blockNumber === null
      ? "rpc-unreachable"
      : since === null
        ? "starting"
        : since > o.staleAfterSeconds
          ? "stale"
          : "ok";
  return {
    status,
    lastPassAt: last === undefined ? null : new Date(last * 1000).toISOString(),
    secondsSinceLastPass: since,
    rpcReachable: blockNumber !== null,
    blockNumber,
  };
}

/** Starts the server; resolves once it listens, with its URL (`port` 0 picks a free port: tests). */
export async function startKeeperServer(o: KeeperServerOptions): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method !== "GET") {
      res.writeHead(405, { allow: "GET" }).end();
      return;
    }
    if (path === "/healthz") {
      void health(o).then((h) => {
        // Starting counts as healthy (the first pass may take a while); stale or no RPC does not.
        const code = h.status === "ok" || h.status === "starting" ? 200 : 503;
        res.writeHead(code, { "content-type": "application/json" }).end(JSON.stringify(h));
      });
      return;
    }
    if (path === "/metrics") {
      void o.metrics.registry.metrics().then(
        (text) => res.writeHead(200, { "content-type": o.metrics.registry.contentType }).end(text),
        (err: Error) => res.writeHead(500, { "content-type": "text/plain" }).end(err.message),
      );
      return;
    }
    res.writeHead(404, { "content-type": "text/plain" }).end("not found: the keeper serves /healthz and /metrics\n");
  });
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(o.port, o.host, () => ok());
  });
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : o.port;
  return { server, url: `http://${o.host}:${port}` };
}
