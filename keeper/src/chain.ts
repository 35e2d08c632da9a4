import type { Provider, Signer, TransactionRequest } from "ethers";
import type { ChainClient, SignAt } from "./txSender.js";

/** The TxSender's chain operations on an ethers provider. */
export function ethersChainClient(provider: Provider): ChainClient {
  return {
    minedNonce: (address) => provider.getTransactionCount(address, "latest"),
    broadcast: async (raw) => {
      await provider.broadcastTransaction(raw);
    },
    receipt: async (hash) => {
      const r = await provider.getTransactionReceipt(hash);
      return r === null ? null : { status: r.status ?? 0, blockNumber: r.blockNumber };
    },
  };
}

/**
 * Signs `request` at a given nonce. Populating estimates gas, so a call that would revert fails here, before
 * anything is journaled or sent.
 */
export function signerFor(wallet: Signer, request: TransactionRequest): SignAt {
  return async (nonce) => wallet.signTransaction(await wallet.populateTransaction({ ...request, nonce }));
}
