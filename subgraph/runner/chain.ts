/** What the runner needs from the chain, in plain data (the indexer fetches it over JSON-RPC). */

export interface ChainTransaction {
  hash: string;
  index: number;
  from: string;
  to: string | null;
  value: bigint;
  gasLimit: bigint;
  gasPrice: bigint;
  input: string;
  nonce: bigint;
}

export interface ChainBlock {
  number: number;
  hash: string;
  parentHash: string;
  timestamp: number;
  author: string;
  stateRoot: string;
  transactionsRoot: string;
  receiptsRoot: string;
  unclesHash: string;
  gasUsed: bigint;
  gasLimit: bigint;
  difficulty: bigint;
  totalDifficulty: bigint;
  size: bigint | null;
  baseFeePerGas: bigint | null;
  /** The transactions of the block (at least those whose logs are handled). */
  transactions: ChainTransaction[];
}

export interface ChainLog {
  address: string;
  topics: string[];
  data: string;
  blockNumber: number;
  blockHash: string;
  transactionHash: string;
  transactionIndex: number;
  logIndex: number;
}

/** The outcome of an eth_call: the returned data, or a revert (with its data when the node gives it). */
export type CallOutcome = { ok: true; data: string } | { ok: false; revert: string };

/** A synchronous eth_call at a block (ethereum.call runs synchronously inside the WASM). */
export type SyncCaller = (to: string, data: string, blockNumber: number) => CallOutcome;
