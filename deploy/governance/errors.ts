/**
 * Failures as one readable line: contract reverts decoded by error name with the merged error ABI of the generated
 * bindings (bindings/decodeError.ts: every custom error of every contract of the protocol), RPC connection
 * failures, and anything else reduced to its first line.
 */
import { formatUnits } from "ethers";
import { decodeError, formatRevert, revertDataOf } from "../../bindings/decodeError.js";

/** An error whose message is meant for the user as is. */
export class GovernanceError extends Error {
  override name = "GovernanceError";
}

/**
 * The revert data carried by an error of ethers or of a Hardhat provider (`data`, possibly nested in `error`,
 * `info`, `cause` or `revert`); `"0x"` for a revert without data; undefined when the error is not a revert.
 */
export const revertData: (err: unknown) => string | undefined = revertDataOf;

/** A fraction with 18 decimals as a percentage: 5e16 -> "5". */
export function percent(wad: bigint): string {
  return formatUnits(wad * 100n, 18).replace(/\.0$/, "");
}

/** Plain words for the errors a governance action most often meets. */
const HINTS: Record<string, (args: readonly unknown[]) => string> = {
  FeeTooHigh: (a) => `${percent(a[0] as bigint)} % is above the cap of ${percent(a[1] as bigint)} %`,
  MintFeeBelowDailyStreamingFee: (a) =>
    `a mint fee of ${percent(a[0] as bigint)} % is below one day of streaming fee (${percent(a[1] as bigint)} %)`,
  AccessControlUnauthorizedAccount: (a) =>
    `${String(a[0])} does not hold ${BigInt(a[1] as string) === 0n ? "DEFAULT_ADMIN_ROLE" : `role ${String(a[1])}`}`,
};

/** `Name(arg: value, …)` of revert data, with a hint in words for the common ones. */
export function describeRevert(data: string): string {
  const text = formatRevert(data);
  const decoded = decodeError(data);
  const hint = decoded?.kind === "custom" ? HINTS[decoded.name] : undefined;
  return hint === undefined || decoded === undefined ? text : `${text}: ${hint(decoded.args)}`;
}

const TIMEOUT_CODES = new Set(["ETIMEDOUT", "UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "TIMEOUT"]);
const UNKNOWN_HOST_CODES = new Set(["ENOTFOUND", "EAI_AGAIN"]);
const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
  "UND_ERR_SOCKET",
  "NETWORK_ERROR",
]);

/**
 * Why the RPC could not be reached ("connection refused", "timed out", "unknown host", "HTTP 503"), or undefined
 * when `err` is not a connection failure. Follows `cause` (Hardhat's HHE703 / HHE704 and provider errors wrap
 * undici's).
 */
export function connectionFailure(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e !== null && typeof e === "object" && depth < 8; depth++) {
    const o = e as {
      code?: unknown;
      number?: unknown;
      _isHardhatError?: unknown;
      statusCode?: unknown;
      cause?: unknown;
    };
    if (o._isHardhatError === true && o.number === 703) return "connection refused";
    if (o._isHardhatError === true && o.number === 704) return "timed out";
    if (typeof o.statusCode === "number") return `HTTP ${o.statusCode}`;
    if (typeof o.code === "string") {
      if (TIMEOUT_CODES.has(o.code)) return "timed out";
      if (UNKNOWN_HOST_CODES.has(o.code)) return "unknown host";
      if (CONNECTION_CODES.has(o.code)) return "connection failed";
    }
    e = o.cause;
  }
  return undefined;
}

/** True when the RPC could not be reached (see `connectionFailure`). */
export function isConnectionFailure(err: unknown): boolean {
  return connectionFailure(err) !== undefined;
}

export { oneLine } from "../../bindings/decodeError.js";
