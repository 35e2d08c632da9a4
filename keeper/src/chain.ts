import {
  FetchRequest,
  formatUnits,
  JsonRpcProvider,
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
