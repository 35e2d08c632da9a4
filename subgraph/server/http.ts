/**
 * The HTTP side, at graph-node's paths: `POST /subgraphs/name/<name>` (and `/subgraphs/id/<deployment>`) with a JSON
 * body `{ query, variables, operationName }`; `GET` on those paths answers a short page saying so; `GET /status`
 * gives the head and the indexing error as JSON. CORS is open, as graph-node's, so a dApp on another local port
 * can query it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { GraphQLRequest, SubgraphQueryEngine } from "./engine.js";

const MAX_BODY = 1 << 20;

const CORS = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, POST, OPTIONS",
  "access-control-allow-headers": "content-type, authorization",
};

function send(res: ServerResponse, status: number, body: unknown, contentType = "application/json"): void {
  const text = contentType === "application/json" ? JSON.stringify(body) : String(body);
  res.writeHead(status, { "content-type": `${contentType}; charset=utf-8`, ...CORS });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error("request body too large"));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

export interface HttpServerOptions {
  engine: SubgraphQueryEngine;
  name: string;
  deployment: string;
  host: string;
  port: number;
}

export interface RunningHttpServer {
  server: Server;
  /** `http://127.0.0.1:8000/subgraphs/name/<name>` */
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const paths = new Set([`/subgraphs/name/${options.name}`, `/subgraphs/id/${options.deployment}`]);
  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { errors: [{ message: `internal error: ${String(error)}` }] });
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? "/", "http://localhost").pathname.replace(/\/(graphql)?$/, "") || "/";
    if (req.method === "OPTIONS") {
      res.writeHead(204, CORS);
      res.end();
      return;
    }
    if (path === "/status" && req.method === "GET") {
      const head = await options.engine.store.head();
      const error = await options.engine.store.indexingError();
      send(res, 200, { name: options.name, deployment: options.deployment, head, error });
      return;
    }
    if (!paths.has(path)) {
      send(res, 404, { errors: [{ message: `no subgraph at ${path}; query /subgraphs/name/${options.name}` }] });
      return;
    }
    if (req.method === "GET") {
      send(
        res,
        200,
        `<!doctype html><title>${options.name}</title><p>Local subgraph server for <b>${options.name}</b>: POST a JSON ` +
          `body <code>{"query": "..."}</code> to this URL.</p>`,
        "text/html",
      );
      return;
    }
    if (req.method !== "POST") {
      res.setHeader("allow", "GET, POST, OPTIONS");
      send(res, 405, { errors: [{ message: `${req.method} is not allowed; POST the query` }] });
      return;
    }
    let request: GraphQLRequest;
    try {
      const body: unknown = JSON.parse(await readBody(req));
      if (body === null || typeof body !== "object" || typeof (body as { query?: unknown }).query !== "string")
        throw new Error('the body must be a JSON object with a "query" string');
      request = body as GraphQLRequest;
    } catch (error) {
      send(res, 400, {
        errors: [{ message: `bad request: ${error instanceof Error ? error.message : String(error)}` }],
      });
      return;
    }
    send(res, 200, await options.engine.execute(request));
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    url: `http://${options.host}:${port}/subgraphs/name/${options.name}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
