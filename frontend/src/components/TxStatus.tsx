import type { TxState } from "../hooks/useTx.js";
import { shortAddress } from "../lib/format.js";

/** One transaction's progress: waiting for the signature, pending with its hash, confirmed, or failed in words. */
export function TxStatus({ state, label }: { state: TxState; label: string }) {
  if (state.status === "idle") return null;
  return (
    <div
      className={`tx tx-${state.status}`}
      role={state.status === "failed" ? "alert" : "status"}
      aria-live="polite"
      data-testid="tx-status"
    >
      {state.status === "signing" && <p>{label}: confirm in your wallet…</p>}
      {state.status === "pending" && (
        <p>
          {label}: pending, transaction <code title={state.hash}>{shortAddress(state.hash ?? "")}</code>
        </p>
      )}
      {state.status === "confirmed" && (
        <p>
          {label}: confirmed in block {state.blockNumber?.toString()} (transaction{" "}
          <code title={state.hash}>{shortAddress(state.hash ?? "")}</code>)
        </p>
      )}
      {state.status === "failed" && (
        <>
          <p>
            <strong>{label} failed.</strong> <span data-testid="tx-error">{state.error?.sentence}</span>
          </p>
          {state.error?.raw !== undefined && <p className="muted small">Contract error: {state.error.raw}</p>}
        </>
      )}
    </div>
  );
}
