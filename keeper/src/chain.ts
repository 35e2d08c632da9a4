import {
  FetchRequest,
  formatUnits,
  JsonRpcProvider,
  Transaction,
  type Provider,
  type Signer,
  type TransactionRequest,
} from "ethers";
import { revertDataOf } from "../../bindings/decodeError.js";
import { errorFields } from "./errors.js";
import type { Logger } from "./log.js";
import type { ChainClient, SignAt, TxSender } from "./txSender.js";
import type { Submit } from "./types.js";

/** The TxSender's chain operations on an ethers provider. */
export function ethersChainClient(provider: Provider): ChainClient {
  return {
    minedNonce: (address) => provider.getTransactionCount(address, "latest"),
    blockNumber: () => provider.getBlockNumber(),
    broadcast: async (raw) => {
      await provider.broadcastTransaction(raw);
    },
    receipt: async (hash) => {
      const r = await provider.getTransactionReceipt(hash);
      return r === null
        ? null
        : { status: r.status ?? 0, blockNumber: r.blockNumber, feeWei: r.gasUsed * (r.gasPrice ?? 0n) };
    },
  };
}

/**
 * The keeper's JSON-RPC provider: every request is bounded by `timeoutMs` (ethers' default is 5 minutes), so an RPC
 * that hangs fails with a TIMEOUT error that the retries and the next pass handle.
 */
export function keeperProvider(url: string, timeoutMs: number): JsonRpcProvider {
  const request = new FetchRequest(url);
  request.timeout = timeoutMs;
  return new JsonRpcProvider(request, undefined, { staticNetwork: true, pollingInterval: 1000 });
}

/** The fee a transaction would pay per gas at most is above the keeper's cap: nothing was signed or sent. */
export class FeeAboveCapError extends Error {
  constructor(
    readonly feeWei: bigint,
    readonly capWei: bigint,
  ) {
    super(
      `max fee per gas ${formatUnits(feeWei, "gwei")} gwei is above the keeper's cap of ` +
        `${formatUnits(capWei, "gwei")} gwei (TMAI_KEEPER_MAX_FEE_GWEI): waiting for cheaper gas, nothing sent`,
    );
    this.name = "FeeAboveCapError";
  }
}

/**
 * Signs `request` at a given nonce. Populating estimates gas, so a call that would revert fails here, before
 * anything is journaled or sent. With `maxFeePerGasWei`, a transaction whose max fee per gas (EIP-1559
 * `maxFeePerGas`, or the legacy `gasPrice`) would exceed it is not signed: `FeeAboveCapError` is thrown instead.
 */
export function signerFor(wallet: Signer, request: TransactionRequest, maxFeePerGasWei?: bigint): SignAt {
  return async (nonce) => {
    const tx = await wallet.populateTransaction({ ...request, nonce });
    const fee = BigInt(tx.maxFeePerGas ?? tx.gasPrice ?? 0n);
    if (maxFeePerGasWei !== undefined && fee > maxFeePerGasWei) throw new FeeAboveCapError(fee, maxFeePerGasWei);
    return wallet.signTransaction(tx);
  };
}

/**
 * The keeper's `submit`: sends a submission once through the TxSender, signing it under the fee cap. A fee above the
 * cap is logged as a warning (nothing journaled, nothing sent) and rethrown, which fails that task (the pass goes
 * on with the others): the next pass re-reads the chain and tries again. So is a transaction whose gas estimate reverts (the revert decoded by name).
 */
export function keeperSubmit(wallet: Signer, sender: TxSender, maxFeePerGasWei: bigint, log: Logger): Submit {
  return async (s) => {
    try {
      return await sender.send(s.intent, signerFor(wallet, { to: s.to, data: s.data }, maxFeePerGasWei));
    } catch (err) {
      if (err instanceof FeeAboveCapError) {
        log.warn("gas price above the keeper's cap: not sending, will retry next pass", {
          intent: s.intent,
          maxFeeGwei: formatUnits(err.feeWei, "gwei"),
          capGwei: formatUnits(err.capWei, "gwei"),
        });
      } else if (revertDataOf(err) !== undefined) {
        log.warn("transaction would revert: not sent, will retry next pass", { intent: s.intent, ...errorFields(err) });
      }
      throw err;
    }
  };
}

/** Raises a fee by 12.5 % (and 1 wei): above the 10 % bump nodes require of a replacement at the same nonce. */
const bumped = (fee: bigint): bigint => fee + fee / 8n + 1n;

/**
 * The TxSender's `replace`: re-signs a stuck transaction (same nonce, call, value and gas limit) with fees raised by
 * at least 12.5 %, or to what the node now suggests if that is higher, never above `maxFeePerGasWei`. Undefined when
 * the cap leaves no room for the bump: the transaction keeps waiting as it is (and the logs say so).
 */
export function feeBumpReplacer(
  wallet: Signer,
  maxFeePerGasWei: bigint,
  log: Logger,
): (rawTx: string) => Promise<string | undefined> {
  return async (rawTx) => {
    const stuck = Transaction.from(rawTx);
    const fees = await wallet.provider!.getFeeData();
    const request: TransactionRequest = {
      type: stuck.type ?? undefined,
      chainId: stuck.chainId,
      nonce: stuck.nonce,
      to: stuck.to,
      data: stuck.data,
      value: stuck.value,
      gasLimit: stuck.gasLimit,
    };
    const max = (a: bigint, b: bigint | null): bigint => (b !== null && b > a ? b : a);
    if (stuck.type === 2) {
      const maxFee = max(bumped(stuck.maxFeePerGas ?? 0n), fees.maxFeePerGas);
      const tip = max(bumped(stuck.maxPriorityFeePerGas ?? 0n), fees.maxPriorityFeePerGas);
      if (maxFee > maxFeePerGasWei) return capped(log, stuck, maxFee, maxFeePerGasWei);
      request.maxFeePerGas = maxFee;
      request.maxPriorityFeePerGas = tip > maxFee ? maxFee : tip;
    } else {
      const gasPrice = max(bumped(stuck.gasPrice ?? 0n), fees.gasPrice);
      if (gasPrice > maxFeePerGasWei) return capped(log, stuck, gasPrice, maxFeePerGasWei);
      request.gasPrice = gasPrice;
    }
    return wallet.signTransaction(request);
  };
}

function capped(log: Logger, stuck: Transaction, needWei: bigint, capWei: bigint): undefined {
  log.warn("stuck transaction cannot be replaced: the fee it needs is above the keeper's cap; it keeps waiting", {
    hash: stuck.hash,
    nonce: stuck.nonce,
    needGwei: formatUnits(needWei, "gwei"),
    capGwei: formatUnits(capWei, "gwei"),
  });
  return undefined;
}
