/** Asynchronous JSON-RPC reads the indexer needs (logs, blocks, transactions) as plain `chain.ts` data. */
import type { ChainBlock, ChainLog, ChainTransaction } from "./chain.js";

interface RawTx {
  hash: string;
  transactionIndex: string;
  from: string;
  to: string | null;
  value: string;
  gas: string;
  gasPrice?: string;
  input: string;
  nonce: string;
}

interface RawBlock {
  number: string;
  hash: string;
  parentHash: string;
  timestamp: string;
  miner: string;
  stateRoot: string;
  transactionsRoot: string;
  receiptsRoot: string;
  sha3Uncles: string;
  gasUsed: string;
  gasLimit: string;
  difficulty?: string;
  totalDifficulty?: string;
  size?: string;
  baseFeePerGas?: string;
  transactions: RawTx[];
}

interface RawLog {
  address: string;
  topics: string[];
  data: string;
  blockNumber: string;
  blockHash: string;
  transactionHash: string;
  transactionIndex: string;
  logIndex: string;
}

const hex = (n: number): string => `0x${n.toString(16)}`;

export class JsonRpc {
  private nextId = 1;
  constructor(readonly url: string) {}

  async request<T>(method: string, params: unknown[]): Promise<T> {
    let res: Response;
    try {
      res = await fetch(this.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: this.nextId++, method, params }),
      });
    } catch (err) {
      const cause = (err as { cause?: Error }).cause;
      throw new Error(`${method} to ${this.url} failed: ${cause?.message ?? (err as Error).message}`);
    }
    const body = (await res.json()) as { result?: T; error?: { code: number; message: string } };
    if (body.error !== undefined) throw new Error(`${method}: ${body.error.message} (code ${body.error.code})`);
    return body.result as T;
  }

  async blockNumber(): Promise<number> {
    return Number(await this.request<string>("eth_blockNumber", []));
  }

  async block(number: number): Promise<ChainBlock> {
    const b = await this.request<RawBlock | null>("eth_getBlockByNumber", [hex(number), true]);
    if (b === null) throw new Error(`the node has no block ${number}`);
    const transactions: ChainTransaction[] = b.transactions.map((t) => ({
      hash: t.hash,
      index: Number(t.transactionIndex),
      from: t.from,
      to: t.to,
      value: BigInt(t.value),
      gasLimit: BigInt(t.gas),
      gasPrice: BigInt(t.gasPrice ?? "0"),
      input: t.input,
      nonce: BigInt(t.nonce),
    }));
    return {
      number: Number(b.number),
      hash: b.hash,
      parentHash: b.parentHash,
      timestamp: Number(b.timestamp),
      author: b.miner,
      stateRoot: b.stateRoot,
      transactionsRoot: b.transactionsRoot,
      receiptsRoot: b.receiptsRoot,
      unclesHash: b.sha3Uncles,
      gasUsed: BigInt(b.gasUsed),
      gasLimit: BigInt(b.gasLimit),
      difficulty: BigInt(b.difficulty ?? "0"),
      totalDifficulty: BigInt(b.totalDifficulty ?? "0"),
      size: b.size === undefined ? null : BigInt(b.size),
      baseFeePerGas: b.baseFeePerGas === undefined ? null : BigInt(b.baseFeePerGas),
      transactions,
    };
  }

  async logs(addresses: string[], fromBlock: number, toBlock: number): Promise<ChainLog[]> {
    if (addresses.length === 0) return [];
    const raw = await this.request<RawLog[]>("eth_getLogs", [
      { address: addresses, fromBlock: hex(fromBlock), toBlock: hex(toBlock) },
    ]);
    return raw.map((l) => ({
      address: l.address,
      topics: l.topics,
      data: l.data,
      blockNumber: Number(l.blockNumber),
      blockHash: l.blockHash,
      transactionHash: l.transactionHash,
      transactionIndex: Number(l.transactionIndex),
      logIndex: Number(l.logIndex),
    }));
  }
}
