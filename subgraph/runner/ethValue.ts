/** ABI values (ethers) to and from graph-ts `ethereum.Value` objects in a mapping's memory. */
import { getAddress, Indexed, ParamType, Result } from "ethers";
import { Asc, fromHex, toHex, TypeId } from "./asc.js";

/** graph-ts ethereum.ValueKind. */
export const EthKind = {
  ADDRESS: 0,
  FIXED_BYTES: 1,
  BYTES: 2,
  INT: 3,
  UINT: 4,
  BOOL: 5,
  STRING: 6,
  FIXED_ARRAY: 7,
  ARRAY: 8,
  TUPLE: 9,
} as const;

/** A decoded ABI value of ethers' `AbiCoder` / `Interface.parseLog`. */
export type AbiValue = string | bigint | boolean | Result | AbiValue[] | Indexed;

function items(value: AbiValue, where: string): AbiValue[] {
  if (Array.isArray(value)) return value as AbiValue[];
  throw new Error(`${where}: expected a list, got ${typeof value}`);
}

/** Writes `value` of ABI type `type` as an ethereum.Value; indexed dynamic values are their topic (bytes32). */
export function writeEthValue(asc: Asc, type: ParamType, value: AbiValue): number {
  const w = (kind: number, ptr: number): number => asc.writeValue(kind, BigInt(ptr), TypeId.EthereumValue);
  if (value instanceof Indexed) return w(EthKind.FIXED_BYTES, asc.writeBytes(fromHex(value.hash ?? "0x")));
  const where = `${type.format("sighash")}`;
  if (type.baseType === "address") return w(EthKind.ADDRESS, asc.writeBytes(fromHex(String(value))));
  if (type.baseType === "bool") return asc.writeValue(EthKind.BOOL, value === true ? 1n : 0n, TypeId.EthereumValue);
  if (type.baseType === "string") return w(EthKind.STRING, asc.writeString(String(value)));
  if (type.baseType === "bytes") return w(EthKind.BYTES, asc.writeBytes(fromHex(String(value))));
  if (/^bytes\d+$/.test(type.baseType)) return w(EthKind.FIXED_BYTES, asc.writeBytes(fromHex(String(value))));
  if (/^u?int\d*$/.test(type.baseType)) {
    if (typeof value !== "bigint") throw new Error(`${where}: expected a bigint`);
    return w(type.baseType.startsWith("u") ? EthKind.UINT : EthKind.INT, asc.writeBigInt(value));
  }
  if (type.isArray()) {
    const child = type.arrayChildren;
    const ptrs = items(value, where).map((v) => writeEthValue(asc, child, v));
    return w(
      type.arrayLength === -1 ? EthKind.ARRAY : EthKind.FIXED_ARRAY,
      asc.writePointerArray(ptrs, TypeId.ArrayEthereumValue),
    );
  }
  if (type.isTuple()) {
    const values = items(value, where);
    const ptrs = type.components.map((c, i) => writeEthValue(asc, c, values[i] as AbiValue));
    return w(EthKind.TUPLE, asc.writePointerArray(ptrs, TypeId.ArrayEthereumValue));
  }
  throw new Error(`unsupported ABI type ${where}`);
}

/** Reads an ethereum.Value as an ethers-encodable value (call parameters). */
export function readEthValue(asc: Asc, ptr: number): unknown {
  const { kind, data } = asc.readValue(ptr);
  const p = Number(data & 0xffffffffn);
  switch (kind) {
    case EthKind.ADDRESS:
      return getAddress(toHex(asc.readBytes(p)));
    case EthKind.FIXED_BYTES:
    case EthKind.BYTES:
      return toHex(asc.readBytes(p));
    case EthKind.INT:
    case EthKind.UINT:
      return asc.readBigInt(p);
    case EthKind.BOOL:
      return data !== 0n;
    case EthKind.STRING:
      return asc.readString(p);
    case EthKind.FIXED_ARRAY:
    case EthKind.ARRAY:
    case EthKind.TUPLE:
      return asc.readPointerArray(p).map((e) => readEthValue(asc, e));
    default:
      throw new Error(`unknown ethereum value kind ${kind}`);
  }
}
