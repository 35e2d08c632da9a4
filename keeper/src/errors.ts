/**
 * Failures in the keeper's logs as one readable phrase: a revert (a failed simulation, gas estimate or call) is
 * decoded by name with the merged error ABI of the generated bindings, so `0x4482de3e…` reads
 * `reverted: UniswapSolver.Unprofitable(amountOut: …, required: …)` and an error raised by one contract inside
 * another (PriceOracle through the router or the rebalancer) is named too; anything else is its message on one line.
 */
import { decodeError, formatRevert, oneLine, revertDataOf } from "../../bindings/decodeError.js";

/**
 * `reverted: Contract.Name(arg: value, …)` (the contract named when only one of ours declares the error),
 * `reverted: "reason"`, `panicked: …`, `reverted without a reason`, `reverted with an unknown error 0x…`, or the
 * error's message on one line when it is not a revert.
 */
export function describeError(err: unknown): string {
  const data = revertDataOf(err);
  if (data === undefined) return oneLine(err);
  const decoded = decodeError(data);
  return decoded?.kind === "custom" ? `reverted: ${decoded.qualified}` : formatRevert(data);
}

/** Log fields of a failure: `error` in words, and `revertData` (the raw bytes) when it is a revert with data. */
export function errorFields(err: unknown): { error: string; revertData?: string } {
  const data = revertDataOf(err);
  return data === undefined || data === "0x"
    ? { error: describeError(err) }
    : { error: describeError(err), revertData: data };
}
