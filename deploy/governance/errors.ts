/**
 * Failures as one readable line: contract reverts decoded by error name with the protocol's ABIs (every typechain
 * factory of types/ethers-contracts), RPC connection failures, and anything else reduced to its first line.
 */
import { ErrorFragment, formatUnits, Interface, type InterfaceAbi, type Result } from "ethers";
import * as typechain from "../../types/ethers-contracts/index.js";

/** An error whose message is meant for the user as is. */
export class GovernanceError extends Error {
  override name = "GovernanceError";
}

let knownErrors: Interface | undefined;

/** Every custom error of every contract the repository compiles (first definition of a selector wins). */
function errorInterface(): Interface {
  if (knownErrors !== undefined) return knownErrors;
  const bySelector = new Map<string, string>();
  for (const exported of Object.values(typechain)) {
    const abi = (exported as { abi?: unknown }).abi;
    if (!Array.isArray(abi)) continue;
    for (const fragment of new Interface(abi as InterfaceAbi).fragments) {
      if (!(fragment instanceof ErrorFragment)) continue;
      if (!bySelector.has(fragment.selector)) bySelector.set(fragment.selector, fragment.format("full"));
    }
  }
  knownErrors = new Interface([...bySelector.values()]);
  return knownErrors;
}

const HEX = /^0x(?:[0-9a-fA-F]{2})*$/;

/**
 * The revert data carried by an error of ethers or of a Hardhat provider (`data`, possibly nested in `error`,
 * `info`, `cause` or `payload`); `"0x"` for a revert without data; undefined when the error is not a revert.
 */
export function revertData(err: unknown): string | undefined {
  const seen = new Set<unknown>();
  const visit = (e: unknown, depth: number): string | undefined => {
    if (depth > 6 || e === null || typeof e !== "object" || seen.has(e)) return undefined;
    seen.add(e);
    const o = e as Record<string, unknown>;
    if (typeof o.data === "string" && HEX.test(o.data) && o.data.length >= 10) return o.data;
    for (const key of ["data", "error", "info", "cause", "revert"]) {
      const found = visit(o[key], depth + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  const found = visit(err, 0);
  if (found !== undefined) return found;
  const e = err as { code?: unknown; message?: unknown };
  if (e?.code === "CALL_EXCEPTION" || /revert/i.test(String(e?.message ?? ""))) return "0x";
  return undefined;
}

function formatValue(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(formatValue).join(", ")}]`;
  return String(value);
}

/** A fraction with 18 decimals as a percentage: 5e16 -> "5". */
export function percent(wad: bigint): string {
  return formatUnits(wad * 100n, 18).replace(/\.0$/, "");
}

/** Plain words for the errors a governance action most often meets. */
const HINTS: Record<string, (args: Result) => string> = {
  FeeTooHigh: (a) => `${percent(a[0] as bigint)} % is above the cap of ${percent(a[1] as bigint)} %`,
  MintFeeBelowDailyStreamingFee: (a) =>
    `a mint fee of ${percent(a[0] as bigint)} % is below one day of streaming fee (${percent(a[1] as bigint)} %)`,
  AccessControlUnauthorizedAccount: (a) =>
    `${String(a[0])} does not hold ${BigInt(a[1] as string) === 0n ? "DEFAULT_ADMIN_ROLE" : `role ${String(a[1])}`}`,
};

/** Solidity's panic codes, in words. */
const PANICS: Record<number, string> = {
  0x01: "assertion failed",
  0x11: "arithmetic overflow or underflow",
  0x12: "division by zero",
  0x21: "invalid enum value",
  0x32: "array index out of bounds",
  0x41: "out of memory",
};

/** `Name(arg: value, …)` of revert data, with a hint in words for the common ones. */
export function describeRevert(data: string): string {
  if (data === "0x") return "reverted without a reason";
  let parsed: ReturnType<Interface["parseError"]>;
  try {
    parsed = errorInterface().parseError(data);
  } catch {
    parsed = null;
  }
  if (parsed === null) {
    return `reverted with an unknown error ${data.slice(0, 10)}${data.length > 10 ? ` (data ${shorten(data)})` : ""}`;
  }
  if (parsed.name === "Error" && parsed.signature === "Error(string)") return `reverted: "${String(parsed.args[0])}"`;
  if (parsed.name === "Panic" && parsed.signature === "Panic(uint256)") {
    const code = Number(parsed.args[0] as bigint);
    return `panicked: ${PANICS[code] ?? "code"} (0x${code.toString(16).padStart(2, "0")})`;
  }
  const args = parsed.fragment.inputs.map((input, i) => {
    const value = formatValue(
      (parsed.args[i] as unknown as { toArray?: () => unknown[] })?.toArray?.() ?? parsed.args[i],
    );
    return input.name === "" ? value : `${input.name}: ${value}`;
  });
  const call = `${parsed.name}(${args.join(", ")})`;
  const hint = HINTS[parsed.name];
  return hint === undefined ? call : `${call}: ${hint(parsed.args)}`;
}

function shorten(hex: string): string {
  return hex.length > 74 ? `${hex.slice(0, 74)}…` : hex;
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

/** An error's message on one line (ethers' `shortMessage` preferred over its long form with the request). */
export function oneLine(err: unknown): string {
  const e = err as { shortMessage?: unknown; message?: unknown };
  const text =
    typeof e?.shortMessage === "string" ? e.shortMessage : typeof e?.message === "string" ? e.message : String(err);
  return (
    text
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l !== "")
      .join(" ") || "unknown error"
  );
}
