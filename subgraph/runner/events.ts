/** Builds the `ethereum.Event` object a handler receives (graph-ts chain/ethereum.ts layouts) in a mapping's memory. */
import type { LogDescription } from "ethers";
import { Asc, fromHex, TypeId } from "./asc.js";
import type { ChainBlock, ChainLog, ChainTransaction } from "./chain.js";
import { writeEthValue, type AbiValue } from "./ethValue.js";

function writeBlock(asc: Asc, b: ChainBlock): number {
  const bytes = (hex: string): number => asc.writeBytes(fromHex(hex));
  const big = (v: bigint): number => asc.writeBigInt(v);
  return asc.writeStruct(
    [
      bytes(b.hash),
      bytes(b.parentHash),
      bytes(b.unclesHash),
      bytes(b.author),
      bytes(b.stateRoot),
      bytes(b.transactionsRoot),
      bytes(b.receiptsRoot),
      big(BigInt(b.number)),
      big(b.gasUsed),
      big(b.gasLimit),
      big(BigInt(b.timestamp)),
      big(b.difficulty),
      big(b.totalDifficulty),
      b.size === null ? 0 : big(b.size),
      b.baseFeePerGas === null ? 0 : big(b.baseFeePerGas),
    ],
    TypeId.EthereumBlock,
  );
}

function writeTransaction(asc: Asc, t: ChainTransaction): number {
  return asc.writeStruct(
    [
      asc.writeBytes(fromHex(t.hash)),
      asc.writeBigInt(BigInt(t.index)),
      asc.writeBytes(fromHex(t.from)),
      t.to === null ? 0 : asc.writeBytes(fromHex(t.to)),
      asc.writeBigInt(t.value),
      asc.writeBigInt(t.gasLimit),
      asc.writeBigInt(t.gasPrice),
      asc.writeBytes(fromHex(t.input)),
      asc.writeBigInt(t.nonce),
    ],
    TypeId.EthereumTransaction,
  );
}

/**
 * The event for `log` decoded as `decoded`. `transactionLogIndex` is the block's log index (post-merge nodes do not
 * return a per-transaction index); `logType` and `receipt` are null (no handler here asks for receipts).
 */
export function writeEvent(
  asc: Asc,
  log: ChainLog,
  decoded: LogDescription,
  block: ChainBlock,
  transaction: ChainTransaction,
): number {
  const params = decoded.fragment.inputs.map((input, i) => {
    const value = writeEthValue(asc, input, decoded.args[i] as AbiValue);
    return asc.writeStruct([asc.writeString(input.name), value], TypeId.EventParam);
  });
  const logIndex = asc.writeBigInt(BigInt(log.logIndex));
  return asc.writeStruct(
    [
      asc.writeBytes(fromHex(log.address)),
      logIndex,
      asc.writeBigInt(BigInt(log.logIndex)),
      0,
      writeBlock(asc, block),
      writeTransaction(asc, transaction),
      asc.writePointerArray(params, TypeId.ArrayEventParam),
      0,
    ],
    TypeId.EthereumEvent,
  );
}
