/**
 * A fault-injecting JSON-RPC HTTP proxy for tests: listens on 127.0.0.1 (ephemeral port) and forwards every request
 * to an upstream node (an EIP-1193 provider, e.g. a Hardhat network connection, or an http(s) URL), unless a fault
 * is programmed:
 *
 * - `failNext(n, kind)`: the next n HTTP requests (optionally only those carrying given methods) fail with HTTP 500,
 *   a connection reset, or no answer at all (timeout: the socket is held open until the client gives up),
 * - `dropNextRawTx(n)`: eth_sendRawTransaction is answered with the transaction's hash but never forwarded,
 * - `holdNextRawTx(n)`: the next n distinct signed transactions are never forwarded, however often they are
 *   broadcast (a transaction the network never includes, e.g. underpriced); other bytes pass,
 * - `errorAfterForward(n, kind)`: eth_sendRawTransaction is forwarded, then the caller gets an error anyway,
 * - `spikeFees(wei)`: eth_gasPrice, eth_maxPriorityFeePerGas and every block's baseFeePerGas read `wei`.
 *
 * Every request is recorded (`calls`), so tests can count what the client sent.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { keccak256, toQuantity } from "ethers";

export interface Eip1193Like {
  request(args: { method: string; params?: unknown[] }): Promise<unknown>;
}

export type RequestFault = "http500" | "reset" | "timeout";
export type AfterForwardFault = "http500" | "reset" | "rpcError";

interface JsonRpcRequest {
  jsonrpc: "2.0";
  id: number | string | null;
  method: string;
  params?: unknown[];
}

type JsonRpcResponse =
  | { jsonrpc: "2.0"; id: JsonRpcRequest["id"]; result: unknown }
  | { jsonrpc: "2.0"; id: JsonRpcRequest["id"]; error: { code: number; message: string; data?: unknown } };

export interface RecordedCall {
  method: string;
  params: unknown[];
  /** What the proxy did with it. */
  outcome: "forwarded" | "failed" | "dropped" | "held" | "forwarded-then-failed";
}

const BLOCK_METHODS = new Set(["eth_getBlockByNumber", "eth_getBlockByHash"]);

export class FaultyRpcProxy {
  readonly calls: RecordedCall[] = [];
  /** HTTP requests failed by `failNext` (a batch counts once). */
  failedRequests = 0;
  private readonly requestFaults: { left: number; kind: RequestFault; methods?: Set<string> }[] = [];
  private drops = 0;
  private holdsLeft = 0;
  private readonly held = new Set<string>();
  private afterForward: { left: number; kind: AfterForwardFault } | undefined;
  private feeSpikeWei: bigint | undefined;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    private readonly upstream: Eip1193Like,
    readonly url: string,
  ) {}

  /** Starts the proxy in front of `upstream` on 127.0.0.1, on a port the OS picks. */
  static async start(upstream: Eip1193Like | string): Promise<FaultyRpcProxy> {
    const target = typeof upstream === "string" ? httpUpstream(upstream) : upstream;
    let proxy: FaultyRpcProxy | undefined;
    const server = createServer((req, res) => void proxy!.handle(req, res));
    await new Promise<void>((ok, fail) => {
      server.once("error", fail);
      server.listen(0, "127.0.0.1", () => ok());
    });
    const { port } = server.address() as AddressInfo;
    proxy = new FaultyRpcProxy(server, target, `http://127.0.0.1:${port}`);
    server.on("connection", (socket) => {
      proxy!.sockets.add(socket);
      socket.once("close", () => proxy!.sockets.delete(socket));
    });
    return proxy;
  }

  /**
   * Fails the next `count` HTTP requests (only those carrying one of `methods`, if given) with `kind`. Calls queue up:
   * `failNext(2, "http500"); failNext(1, "reset")` fails two requests with HTTP 500, then resets the third.
   */
  failNext(count: number, kind: RequestFault, methods?: string[]): void {
    this.requestFaults.push({ left: count, kind, methods: methods === undefined ? undefined : new Set(methods) });
  }

  /** Swallows the next `count` eth_sendRawTransaction: the hash is returned, the transaction never reaches the node. */
  dropNextRawTx(count: number): void {
    this.drops = count;
  }

  /** The next `count` distinct raw transactions are answered with their hash and never forwarded, on every broadcast. */
  holdNextRawTx(count: number): void {
    this.holdsLeft = count;
  }

  /** Forwards the next `count` eth_sendRawTransaction to the node, then answers the caller with an error. */
  errorAfterForward(count: number, kind: AfterForwardFault): void {
    this.afterForward = { left: count, kind };
  }

  /** Makes every fee the node reports (gas price, priority fee, base fee) read `wei`; `undefined` ends the spike. */
  spikeFees(wei: bigint | undefined): void {
    this.feeSpikeWei = wei;
  }

  /** Ends every programmed fault. */
  heal(): void {
    this.requestFaults.length = 0;
    this.drops = 0;
    this.holdsLeft = 0;
    this.held.clear();
    this.afterForward = undefined;
    this.feeSpikeWei = undefined;
  }

  /** The raw transactions the client asked to send, in order (forwarded or not). */
  rawTransactions(): string[] {
    return this.calls.filter((c) => c.method === "eth_sendRawTransaction").map((c) => String(c.params[0]));
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((ok) => this.server.close(() => ok()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body = "";
    for await (const chunk of req) body += String(chunk);
    let parsed: JsonRpcRequest | JsonRpcRequest[];
    try {
      parsed = JSON.parse(body) as JsonRpcRequest | JsonRpcRequest[];
    } catch {
      res.writeHead(400).end("not JSON");
      return;
    }
    const batch = Array.isArray(parsed) ? parsed : [parsed];

    const fault = this.requestFaults[0];
    if (fault !== undefined && (fault.methods === undefined || batch.some((r) => fault.methods!.has(r.method)))) {
      if (--fault.left <= 0) this.requestFaults.shift();
      this.failedRequests++;
      for (const r of batch) this.calls.push({ method: r.method, params: r.params ?? [], outcome: "failed" });
      if (fault.kind === "http500") res.writeHead(500, { "content-type": "text/plain" }).end("injected failure");
      else if (fault.kind === "reset") req.socket.destroy();
      // "timeout": never answer; the socket is destroyed when the client gives up or the proxy closes.
      return;
    }

    let failAfter: AfterForwardFault | undefined;
    const responses: JsonRpcResponse[] = [];
    for (const r of batch) {
      const { response, failedAfterForward } = await this.one(r);
      responses.push(response);
      failAfter ??= failedAfterForward;
    }
    if (failAfter === "http500") {
      res.writeHead(500, { "content-type": "text/plain" }).end("injected failure after forwarding");
    } else if (failAfter === "reset") {
      req.socket.destroy();
    } else {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(Array.isArray(parsed) ? responses : responses[0]));
    }
  }

  private async one(r: JsonRpcRequest): Promise<{ response: JsonRpcResponse; failedAfterForward?: AfterForwardFault }> {
    const params = r.params ?? [];
    const record = (outcome: RecordedCall["outcome"]): void => {
      this.calls.push({ method: r.method, params, outcome });
    };
    if (r.method === "eth_sendRawTransaction") {
      const hash = keccak256(String(params[0]));
      if (!this.held.has(hash) && this.holdsLeft > 0) {
        this.holdsLeft--;
        this.held.add(hash);
      }
      if (this.held.has(hash)) {
        record("held");
        return { response: { jsonrpc: "2.0", id: r.id, result: hash } };
      }
    }
    if (r.method === "eth_sendRawTransaction" && this.drops > 0) {
      this.drops--;
      record("dropped");
      return { response: { jsonrpc: "2.0", id: r.id, result: keccak256(String(params[0])) } };
    }
    if (this.feeSpikeWei !== undefined && (r.method === "eth_gasPrice" || r.method === "eth_maxPriorityFeePerGas")) {
      record("forwarded");
      return { response: { jsonrpc: "2.0", id: r.id, result: toQuantity(this.feeSpikeWei) } };
    }
    let response: JsonRpcResponse;
    try {
      let result = await this.upstream.request({ method: r.method, params });
      if (
        this.feeSpikeWei !== undefined &&
        BLOCK_METHODS.has(r.method) &&
        result !== null &&
        typeof result === "object"
      ) {
        result = { ...result, baseFeePerGas: toQuantity(this.feeSpikeWei) };
      }
      response = { jsonrpc: "2.0", id: r.id, result };
    } catch (err) {
      const e = err as { code?: unknown; message?: unknown; data?: unknown };
      response = {
        jsonrpc: "2.0",
        id: r.id,
        error: {
          code: typeof e.code === "number" ? e.code : -32603,
          message: String(e.message ?? err),
          ...(e.data === undefined ? {} : { data: e.data }),
        },
      };
    }
    const after = this.afterForward;
    if (r.method === "eth_sendRawTransaction" && after !== undefined && after.left > 0) {
      after.left--;
      record("forwarded-then-failed");
      if (after.kind === "rpcError") {
        return {
          response: { jsonrpc: "2.0", id: r.id, error: { code: -32000, message: "injected error after forwarding" } },
        };
      }
      return { response, failedAfterForward: after.kind };
    }
    record("forwarded");
    return { response };
  }
}

/** An upstream node reached over HTTP. */
function httpUpstream(url: string): Eip1193Like {
  let id = 0;
  return {
    async request({ method, params }) {
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: ++id, method, params: params ?? [] }),
      });
      const reply = (await res.json()) as JsonRpcResponse;
      if ("error" in reply) throw Object.assign(new Error(reply.error.message), reply.error);
      return reply.result;
    },
  };
}
