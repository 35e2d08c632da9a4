/**
 * A transaction's life for the screens: signing (the wallet asks), pending (sent, with its hash), confirmed (mined
 * and successful) or failed (reverted in simulation, rejected, or reverted on chain), with the revert decoded into a sentence
 * by lib/errors.ts.
 */
import { useCallback, useState } from "react";
import { useConfig } from "wagmi";
import { getAccount, simulateContract, waitForTransactionReceipt, writeContract } from "wagmi/actions";
import type { Hash } from "viem";
import { describeError, type DecodedFailure } from "../lib/errors.js";
import { sentenceContext } from "../lib/tokens.js";

export interface TxState {
  status: "idle" | "signing" | "pending" | "confirmed" | "failed";
  hash?: Hash;
  blockNumber?: bigint;
  error?: DecodedFailure;
}

type WriteParameters = Parameters<typeof writeContract>[1];

export function useTx() {
  const config = useConfig();
  const [state, setState] = useState<TxState>({ status: "idle" });
  const send = useCallback(
    async (request: WriteParameters): Promise<boolean> => {
      setState({ status: "signing" });
      try {
        // Simulated first, as the wallet would estimate it: a call that would revert fails here with its custom
        // error, before asking for a signature.
        await simulateContract(config, { ...request, account: getAccount(config).address } as never);
        const hash = await writeContract(config, request);
        setState({ status: "pending", hash });
        const receipt = await waitForTransactionReceipt(config, { hash });
        if (receipt.status !== "success") {
          setState({ status: "failed", hash, error: { sentence: "The transaction reverted on chain." } });
          return false;
        }
        setState({ status: "confirmed", hash, blockNumber: receipt.blockNumber });
        return true;
      } catch (err) {
        setState((s) => ({ status: "failed", hash: s.hash, error: describeError(err, sentenceContext) }));
        return false;
      }
    },
    [config],
  );
  const reset = useCallback(() => setState({ status: "idle" }), []);
  return { state, send, reset };
}
