/**
 * Synchronous JSON-RPC for host functions: the mappings call `ethereum.call` synchronously inside WASM, while
 * JSON-RPC over HTTP is asynchronous in Node. A worker thread does the HTTP request; the calling thread blocks on
 * `Atomics.wait` until the worker has written the response into shared memory. The worker's code is a plain
 * JavaScript string (`eval: true`), so it runs the same under tsx, vitest and plain Node.
 */
import { Worker } from "node:worker_threads";

const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const control = new Int32Array(workerData.control);
const data = new Uint8Array(workerData.data);
const encoder = new TextEncoder();
function finish(status, text) {
  let bytes = encoder.encode(text);
  if (bytes.length > data.length) { status = 2; bytes = encoder.encode("response of " + bytes.length + " bytes exceeds the " + data.length + "-byte buffer"); }
  data.set(bytes, 0);
  Atomics.store(control, 1, bytes.length);
  Atomics.store(control, 0, status);
  Atomics.notify(control, 0);
}
parentPort.on("message", async (body) => {
  try {
    const res = await fetch(workerData.url, { method: "POST", headers: { "content-type": "application/json" }, body });
    const text = await res.text();
    if (!res.ok) finish(2, "HTTP " + res.status + " from " + workerData.url + ": " + text.slice(0, 200));
    else finish(1, text);
  } catch (err) {
    finish(2, "request to " + workerData.url + " failed: " + (err && err.cause ? err.cause.message : err && err.message));
  }
});
`;

export interface RpcError {
  code: number;
  message: string;
  data?: unknown;
}

/** The outcome of one request: its `result`, or the node's JSON-RPC `error`. */
export type RpcOutcome = { result: unknown } | { error: RpcError };

/** A blocking JSON-RPC client (one request at a time) for one node URL. Call `close()` when done. */
export class SyncRpc {
  private readonly worker: Worker;
  private readonly control: Int32Array;
  private readonly data: Uint8Array;
  private nextId = 1;

  constructor(
    readonly url: string,
    private readonly timeoutMs = 30_000,
    bufferBytes = 16 * 1024 * 1024,
  ) {
    const control = new SharedArrayBuffer(8);
    const data = new SharedArrayBuffer(bufferBytes);
    this.control = new Int32Array(control);
    this.data = new Uint8Array(data);
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { url, control, data } });
    this.worker.unref();
  }

  /** Sends `method(params)` and blocks until the node answers; throws on transport failures and timeouts. */
  request(method: string, params: unknown[]): RpcOutcome {
    const id = this.nextId++;
    Atomics.store(this.control, 0, 0);
    this.worker.postMessage(JSON.stringify({ jsonrpc: "2.0", id, method, params }));
    const waited = Atomics.wait(this.control, 0, 0, this.timeoutMs);
    if (waited === "timed-out") throw new Error(`${method} to ${this.url}: no answer within ${this.timeoutMs} ms`);
    const status = Atomics.load(this.control, 0);
    const length = Atomics.load(this.control, 1);
    const text = new TextDecoder().decode(this.data.slice(0, length));
    if (status !== 1) throw new Error(`${method}: ${text}`);
    const body = JSON.parse(text) as { result?: unknown; error?: RpcError };
    if (body.error !== undefined) return { error: body.error };
    return { result: body.result };
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
