/**
 * The host functions a compiled mapping imports, implemented in Node the way graph-node implements them.
 * Implemented: store.get/set/remove, ethereum.call/encode/decode, log.log, typeConversion.*, bigInt.*,
 * bigDecimal.*, crypto.keccak256, dataSource.create/address/network, abort. Anything else the module imports is
 * bound to a function that fails the handler with a message naming it (never a silent no-op).
 */
import { AbiCoder, FunctionFragment, getAddress, Interface, keccak256, ParamType } from "ethers";
import { Asc, fromHex, toHex, TypeId } from "./asc.js";
import * as decimal from "./bigDecimal.js";
import type { CallOutcome } from "./chain.js";
import { readEthValue, writeEthValue, type AbiValue } from "./ethValue.js";
import { readBigDecimal, readEntity, writeBigDecimal, writeEntity, type Entity } from "./storeValue.js";

/** graph-ts log levels. */
export const LogLevel = { CRITICAL: 0, ERROR: 1, WARNING: 2, INFO: 3, DEBUG: 4 } as const;

export interface HostContext {
  asc(): Asc;
  storeGet(entityType: string, id: string): Entity | null;
  storeSet(entityType: string, id: string, entity: Entity): void;
  storeRemove(entityType: string, id: string): void;
  /** eth_call at the block being processed. */
  ethCall(to: string, data: string): CallOutcome;
  createDataSource(template: string, params: string[]): void;
  dataSourceAddress(): string;
  network(): string;
  log(level: number, message: string): void;
}

/** A handler failure raised by a host function (critical log, abort, unimplemented import, reverted call). */
export class HostError extends Error {
  override name = "HostError";
}

/** Splits graph-cli's `name(inputs):(outputs)` call signature. */
export function parseCallSignature(signature: string): FunctionFragment {
  const open = signature.indexOf("(");
  let depth = 0;
  let close = -1;
  for (let i = open; i < signature.length; i++) {
    if (signature[i] === "(") depth++;
    else if (signature[i] === ")" && --depth === 0) {
      close = i;
      break;
    }
  }
  const name = signature.slice(0, open);
  const inputs = signature.slice(open + 1, close);
  const rest = signature.slice(close + 1);
  const outputs = rest.startsWith(":(") && rest.endsWith(")") ? rest.slice(2, -1) : "";
  if (open <= 0 || close < 0) throw new HostError(`cannot parse call signature "${signature}"`);
  return FunctionFragment.from(`function ${name}(${inputs}) view returns (${outputs})`);
}

function formatLog(asc: Asc, ptr: number): string {
  return asc.readString(ptr);
}

type HostFunction = (...args: number[]) => number | bigint | void;

/** Host functions by name (graph-node matches imports by name). */
function implementations(ctx: HostContext): Record<string, HostFunction> {
  const asc = (): Asc => ctx.asc();
  const bigBinary =
    (op: (a: bigint, b: bigint) => bigint) =>
    (a: number, b: number): number =>
      asc().writeBigInt(op(asc().readBigInt(a), asc().readBigInt(b)));
  const decBinary =
    (op: (a: decimal.Decimal, b: decimal.Decimal) => decimal.Decimal) =>
    (a: number, b: number): number =>
      writeBigDecimal(asc(), op(readBigDecimal(asc(), a), readBigDecimal(asc(), b)));
  const coder = AbiCoder.defaultAbiCoder();
  return {
    abort: (message: number, file: number, line: number, column: number) => {
      const a = asc();
      const msg = message === 0 ? "(no message)" : a.readString(message);
      const where = file === 0 ? "" : ` at ${a.readString(file)}:${line}:${column}`;
      throw new HostError(`mapping aborted: ${msg}${where}`);
    },
    "log.log": (level: number, message: number) => {
      const text = formatLog(asc(), message);
      ctx.log(level, text);
      if (level === LogLevel.CRITICAL) throw new HostError(`critical: ${text}`);
    },
    "store.get": (entityType: number, id: number) => {
      const entity = ctx.storeGet(asc().readString(entityType), asc().readString(id));
      return entity === null ? 0 : writeEntity(asc(), entity);
    },
    "store.set": (entityType: number, id: number, data: number) => {
      ctx.storeSet(asc().readString(entityType), asc().readString(id), readEntity(asc(), data));
    },
    "store.remove": (entityType: number, id: number) => {
      ctx.storeRemove(asc().readString(entityType), asc().readString(id));
    },
    "ethereum.call": (callPtr: number) => {
      const a = asc();
      const contractName = a.readString(a.u32(callPtr));
      const address = getAddress(toHex(a.readBytes(a.u32(callPtr + 4))));
      const signature = a.readString(a.u32(callPtr + 12));
      const params = a.readPointerArray(a.u32(callPtr + 16)).map((p) => readEthValue(a, p));
      const fragment = parseCallSignature(signature);
      const iface = new Interface([fragment]);
      const data = iface.encodeFunctionData(fragment, params);
      const outcome = ctx.ethCall(address, data);
      if (!outcome.ok) return 0;
      let decoded;
      try {
        decoded = iface.decodeFunctionResult(fragment, outcome.data);
      } catch (err) {
        // An empty answer (no code at the address) is a revert to graph-node too; anything else is a bad ABI.
        if (outcome.data === "0x") return 0;
        throw new HostError(
          `${contractName}.${signature} at ${address}: cannot decode the answer ${outcome.data.slice(0, 66)}: ${(err as Error).message}`,
        );
      }
      const values = fragment.outputs.map((o, i) => writeEthValue(a, o, decoded[i] as AbiValue));
      return a.writePointerArray(values, TypeId.ArrayEthereumValue);
    },
    "ethereum.encode": () => {
      throw new HostError("ethereum.encode is not implemented by the local runner");
    },
    "ethereum.decode": (types: number, data: number) => {
      const a = asc();
      const type = ParamType.from(a.readString(types));
      try {
        const [value] = coder.decode([type], a.readBytes(data));
        return writeEthValue(a, type, value as AbiValue);
      } catch {
        return 0;
      }
    },
    "crypto.keccak256": (data: number) => asc().writeBytes(fromHex(keccak256(asc().readBytes(data)))),
    "typeConversion.bytesToString": (bytes: number) =>
      asc().writeString(
        Buffer.from(asc().readBytes(bytes))
          .toString("utf8")
          .replace(/\u0000/g, ""),
      ),
    "typeConversion.bytesToHex": (bytes: number) => asc().writeString(toHex(asc().readBytes(bytes))),
    "typeConversion.bigIntToString": (big: number) => asc().writeString(asc().readBigInt(big).toString()),
    "typeConversion.bigIntToHex": (big: number) => {
      const v = asc().readBigInt(big);
      return asc().writeString(v < 0n ? `-0x${(-v).toString(16)}` : `0x${v.toString(16)}`);
    },
    "typeConversion.stringToH160": (s: number) => asc().writeBytes(fromHex(asc().readString(s))),
    "bigInt.plus": bigBinary((a, b) => a + b),
    "bigInt.minus": bigBinary((a, b) => a - b),
    "bigInt.times": bigBinary((a, b) => a * b),
    "bigInt.dividedBy": bigBinary((a, b) => {
      if (b === 0n) throw new HostError("BigInt division by zero");
      return a / b;
    }),
    "bigInt.mod": bigBinary((a, b) => {
      if (b === 0n) throw new HostError("BigInt modulo by zero");
      return a % b;
    }),
    "bigInt.bitOr": bigBinary((a, b) => a | b),
    "bigInt.bitAnd": bigBinary((a, b) => a & b),
    "bigInt.pow": (x: number, exp: number) => asc().writeBigInt(asc().readBigInt(x) ** BigInt(exp & 0xff)),
    "bigInt.leftShift": (x: number, bits: number) => asc().writeBigInt(asc().readBigInt(x) << BigInt(bits & 0xff)),
    "bigInt.rightShift": (x: number, bits: number) => asc().writeBigInt(asc().readBigInt(x) >> BigInt(bits & 0xff)),
    "bigInt.fromString": (s: number) => {
      const text = asc().readString(s);
      if (!/^-?\d+$/.test(text)) throw new HostError(`BigInt.fromString: not an integer: "${text}"`);
      return asc().writeBigInt(BigInt(text));
    },
    "bigInt.dividedByDecimal": (x: number, y: number) =>
      writeBigDecimal(asc(), decimal.dividedBy({ digits: asc().readBigInt(x), exp: 0n }, readBigDecimal(asc(), y))),
    "bigDecimal.plus": decBinary(decimal.plus),
    "bigDecimal.minus": decBinary(decimal.minus),
    "bigDecimal.times": decBinary(decimal.times),
    "bigDecimal.dividedBy": decBinary((a, b) => {
      if (b.digits === 0n) throw new HostError("BigDecimal division by zero");
      return decimal.dividedBy(a, b);
    }),
    "bigDecimal.equals": (a: number, b: number) =>
      decimal.equals(readBigDecimal(asc(), a), readBigDecimal(asc(), b)) ? 1 : 0,
    "bigDecimal.toString": (d: number) => asc().writeString(decimal.toString(readBigDecimal(asc(), d))),
    "bigDecimal.fromString": (s: number) => writeBigDecimal(asc(), decimal.fromString(asc().readString(s))),
    "dataSource.create": (name: number, params: number) => {
      const a = asc();
      ctx.createDataSource(
        a.readString(name),
        a.readPointerArray(params).map((p) => a.readString(p)),
      );
    },
    "dataSource.address": () => asc().writeBytes(fromHex(ctx.dataSourceAddress())),
    "dataSource.network": () => asc().writeString(ctx.network()),
  };
}

/** The names the runner implements (for docs and tests). */
export const IMPLEMENTED_HOST_FUNCTIONS: readonly string[] = Object.keys(implementations({} as HostContext)).sort();

/** Import object for `module`: every import bound to its implementation or to a failing stub. */
export function hostImports(module: WebAssembly.Module, ctx: HostContext): WebAssembly.Imports {
  const impl = implementations(ctx);
  const imports: Record<string, Record<string, HostFunction>> = {};
  for (const imp of WebAssembly.Module.imports(module)) {
    if (imp.kind !== "function") throw new HostError(`mapping imports ${imp.kind} ${imp.module}.${imp.name}`);
    const fn =
      impl[imp.name] ??
      (() => {
        throw new HostError(`host function ${imp.name} is not implemented by the local runner (see docs/SUBGRAPH.md)`);
      });
    (imports[imp.module] ??= {})[imp.name] = fn;
  }
  return imports;
}
