/**
 * Revert data in words, for every Node consumer (keeper logs, governance CLI, tests): `Name(arg: value, …)`
 * decoded with `allErrorsAbi`, the merged error ABI of every contract of the protocol, so an error raised by one
 * contract inside another (PriceOracle through IndexRouter, the timelock through the governor, a token's ERC-20
 * error through a vault) is named too. Hand-written (not generated); the dApp decodes the same data with viem's
 * `decodeErrorResult({ abi: allErrorsAbi, data })`.
 */
import { Interface, type Result } from "ethers";
import { allErrorsAbi, errorDeclaredBy } from "./abis.js";

export interface DecodedError {
  /** `custom`: one of our contracts' errors; `error`: Solidity's Error(string); `panic`: Panic(uint256). */
  kind: "custom" | "error" | "panic";
  name: string;
  /** `Name(type,…)`. */
  signature: string;
  selector: string;
  /** Decoded arguments, in order. */
  args: unknown[];
  /** Parameter names (empty string for an unnamed one). */
  argNames: string[];
  /** The deployable contracts whose ABI declares the error (empty for Error(string) and Panic(uint256)). */
  declaredBy: readonly string[];
  /** `Name(arg: value, …)`. */
  text: string;
  /** `Contract.Name(arg: value, …)` when exactly one of our contracts declares the error, else `text`. */
  qualified: string;
}

let errorInterface: Interface | undefined;

/** An ethers Interface over `allErrorsAbi` (built once). */
export function errorsInterface(): Interface {
  errorInterface ??= new Interface(allErrorsAbi);
  return errorInterface;
}

function plain(value: unknown): unknown {
  const asResult = value as Partial<Result> | null;
  if (Array.isArray(value)) return (typeof asResult?.toArray === "function" ? asResult.toArray() : value).map(plain);
  return value;
}

function formatValue(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(formatValue).join(", ")}]`;
  return String(value);
}

/**
 * Decodes revert data with every error the protocol's contracts declare (and Error(string), Panic(uint256)).
 * Undefined for empty data, an unknown selector or data that does not decode.
 */
export function decodeError(data: string): DecodedError | undefined {
  if (!/^0x(?:[0-9a-fA-F]{2})*$/.test(data) || data.length < 10) return undefined;
  let parsed: ReturnType<Interface["parseError"]>;
  try {
    parsed = errorsInterface().parseError(data);
  } catch {
    return undefined;
  }
  if (parsed === null) return undefined;
  const kind =
    parsed.signature === "Error(string)" ? "error" : parsed.signature === "Panic(uint256)" ? "panic" : "custom";
  const args = parsed.fragment.inputs.map((_, i) => plain(parsed.args[i]));
  const argNames = parsed.fragment.inputs.map((input) => input.name);
  const text = `${parsed.name}(${args
    .map((value, i) => (argNames[i] === "" ? formatValue(value) : `${argNames[i]}: ${formatValue(value)}`))
    .join(", ")})`;
  const declaredBy = kind === "custom" ? (errorDeclaredBy[parsed.selector] ?? []) : [];
  return {
    kind,
    name: parsed.name,
    signature: parsed.signature,
    selector: parsed.selector,
    args,
    argNames,
    declaredBy,
    text,
    qualified: declaredBy.length === 1 ? `${declaredBy[0]}.${text}` : text,
  };
}

/** Solidity's panic codes, in words. */
export const PANICS: Readonly<Record<number, string>> = {
  0x01: "assertion failed",
  0x11: "arithmetic overflow or underflow",
  0x12: "division by zero",
  0x21: "invalid enum value",
  0x22: "invalid storage byte array",
  0x31: "pop on an empty array",
  0x32: "array index out of bounds",
  0x41: "out of memory",
  0x51: "call to an uninitialised function",
};

/**
 * Revert data as one phrase: `Name(arg: value, …)` for a custom error (`Contract.Name(…)` with `qualified` when
 * only one contract declares it), `reverted: "reason"`, `panicked: <what> (0x11)`, `reverted without a reason`
 * for `0x`, or `reverted with an unknown error 0x12345678 (data …)`.
 */
export function formatRevert(data: string, options: { qualified?: boolean } = {}): string {
  if (data === "0x") return "reverted without a reason";
  const decoded = decodeError(data);
  if (decoded === undefined) {
    const more = data.length > 10 ? ` (data ${data.length > 74 ? `${data.slice(0, 74)}…` : data})` : "";
    return `reverted with an unknown error ${data.slice(0, 10)}${more}`;
  }
  if (decoded.kind === "error") return `reverted: "${String(decoded.args[0])}"`;
  if (decoded.kind === "panic") {
    const code = Number(decoded.args[0] as bigint);
    return `panicked: ${PANICS[code] ?? "code"} (0x${code.toString(16).padStart(2, "0")})`;
  }
  return options.qualified === true ? decoded.qualified : decoded.text;
}

const HEX = /^0x(?:[0-9a-fA-F]{2})*$/;

/**
 * The revert data carried by an error of ethers or of a Hardhat provider (`data`, possibly nested in `error`,
 * `info`, `cause` or `revert`); `"0x"` for a revert without data; undefined when the error is not a revert.
 */
export function revertDataOf(err: unknown): string | undefined {
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

/** An error's message on one line (ethers' `shortMessage` preferred over its long form with the request). */
export function oneLine(err: unknown): string {
  const e = err as { shortMessage?: unknown; message?: unknown } | null | undefined;
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
