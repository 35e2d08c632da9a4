/**
 * Entity field values: as the runner keeps them (typed, like graph-node's store values), in WASM memory (graph-ts
 * `Value`), and in graph-node's JSON form (subgraph/local/types.ts `FieldValue`).
 */
import type { EntityData, FieldValue } from "../local/types.js";
import { Asc, fromHex, toHex, TypeId } from "./asc.js";
import * as decimal from "./bigDecimal.js";
import type { EntityType, FieldType, ScalarKind } from "./schema.js";

export type StoreValue =
  | { kind: "String"; value: string }
  | { kind: "Int"; value: number }
  | { kind: "BigDecimal"; value: decimal.Decimal }
  | { kind: "Boolean"; value: boolean }
  | { kind: "Array"; value: StoreValue[] }
  | { kind: "Null" }
  | { kind: "Bytes"; value: Uint8Array }
  | { kind: "BigInt"; value: bigint }
  | { kind: "Int8"; value: bigint }
  | { kind: "Timestamp"; value: bigint };

/** An entity's fields by name. */
export type Entity = Map<string, StoreValue>;

/** graph-ts ValueKind. */
const KIND = {
  STRING: 0,
  INT: 1,
  BIGDECIMAL: 2,
  BOOL: 3,
  ARRAY: 4,
  NULL: 5,
  BYTES: 6,
  BIGINT: 7,
  INT8: 8,
  TIMESTAMP: 9,
} as const;

export function readBigDecimal(asc: Asc, ptr: number): decimal.Decimal {
  return { digits: asc.readBigInt(asc.u32(ptr)), exp: asc.readBigInt(asc.u32(ptr + 4)) };
}

export function writeBigDecimal(asc: Asc, d: decimal.Decimal): number {
  const n = decimal.normalize(d);
  const digits = asc.writeBigInt(n.digits);
  const exp = asc.writeBigInt(n.exp);
  return asc.writeStruct([digits, exp], TypeId.BigDecimal);
}

export function readStoreValue(asc: Asc, ptr: number): StoreValue {
  const { kind, data } = asc.readValue(ptr);
  const p = Number(data & 0xffffffffn);
  switch (kind) {
    case KIND.STRING:
      return { kind: "String", value: asc.readString(p) };
    case KIND.INT:
      return { kind: "Int", value: Number(BigInt.asIntN(32, data)) };
    case KIND.BIGDECIMAL:
      return { kind: "BigDecimal", value: readBigDecimal(asc, p) };
    case KIND.BOOL:
      return { kind: "Boolean", value: data !== 0n };
    case KIND.ARRAY:
      return { kind: "Array", value: asc.readPointerArray(p).map((e) => readStoreValue(asc, e)) };
    case KIND.NULL:
      return { kind: "Null" };
    case KIND.BYTES:
      return { kind: "Bytes", value: asc.readBytes(p) };
    case KIND.BIGINT:
      return { kind: "BigInt", value: asc.readBigInt(p) };
    case KIND.INT8:
      return { kind: "Int8", value: BigInt.asIntN(64, data) };
    case KIND.TIMESTAMP:
      return { kind: "Timestamp", value: BigInt.asIntN(64, data) };
    default:
      throw new Error(`unknown store value kind ${kind}`);
  }
}

export function writeStoreValue(asc: Asc, v: StoreValue): number {
  const w = (kind: number, data: bigint): number => asc.writeValue(kind, data, TypeId.StoreValue);
  switch (v.kind) {
    case "String":
      return w(KIND.STRING, BigInt(asc.writeString(v.value)));
    case "Int":
      return w(KIND.INT, BigInt.asUintN(32, BigInt(v.value)));
    case "BigDecimal":
      return w(KIND.BIGDECIMAL, BigInt(writeBigDecimal(asc, v.value)));
    case "Boolean":
      return w(KIND.BOOL, v.value ? 1n : 0n);
    case "Array": {
      const items = v.value.map((e) => writeStoreValue(asc, e));
      return w(KIND.ARRAY, BigInt(asc.writePointerArray(items, TypeId.ArrayStoreValue)));
    }
    case "Null":
      return w(KIND.NULL, 0n);
    case "Bytes":
      return w(KIND.BYTES, BigInt(asc.writeBytes(v.value)));
    case "BigInt":
      return w(KIND.BIGINT, BigInt(asc.writeBigInt(v.value)));
    case "Int8":
      return w(KIND.INT8, v.value);
    case "Timestamp":
      return w(KIND.TIMESTAMP, v.value);
  }
}

/** A graph-ts Entity (TypedMap<string, Value>) read from memory. */
export function readEntity(asc: Asc, ptr: number): Entity {
  const entity: Entity = new Map();
  for (const entry of asc.readPointerArray(asc.u32(ptr))) {
    entity.set(asc.readString(asc.u32(entry)), readStoreValue(asc, asc.u32(entry + 4)));
  }
  return entity;
}

export function writeEntity(asc: Asc, entity: Entity): number {
  const entries: number[] = [];
  for (const [key, value] of entity) {
    const k = asc.writeString(key);
    const v = writeStoreValue(asc, value);
    entries.push(asc.writeStruct([k, v], TypeId.TypedMapEntryStringStoreValue));
  }
  const array = asc.writePointerArray(entries, TypeId.ArrayTypedMapEntryStringStoreValue);
  return asc.writeStruct([array], TypeId.TypedMapStringStoreValue);
}

/** graph-node's JSON form of a value. */
export function toFieldValue(v: StoreValue): FieldValue {
  switch (v.kind) {
    case "String":
    case "Int":
    case "Boolean":
      return v.value;
    case "BigDecimal":
      return decimal.toString(v.value);
    case "Array":
      return v.value.map(toFieldValue);
    case "Null":
      return null;
    case "Bytes":
      return toHex(v.value);
    case "BigInt":
    case "Int8":
    case "Timestamp":
      return v.value.toString();
  }
}

export function toEntityData(entity: Entity): EntityData {
  const data: EntityData = {};
  for (const [key, value] of entity) data[key] = toFieldValue(value);
  return data;
}

function scalarFromField(kind: ScalarKind, v: FieldValue, where: string): StoreValue {
  const fail = (): never => {
    throw new Error(`${where}: cannot read ${JSON.stringify(v)} as ${kind}`);
  };
  switch (kind) {
    case "String":
      return typeof v === "string" ? { kind, value: v } : fail();
    case "Int":
      return typeof v === "number" ? { kind, value: v } : fail();
    case "Boolean":
      return typeof v === "boolean" ? { kind, value: v } : fail();
    case "BigDecimal":
      return typeof v === "string" ? { kind, value: decimal.fromString(v) } : fail();
    case "Bytes":
      return typeof v === "string" ? { kind, value: fromHex(v) } : fail();
    case "BigInt":
    case "Int8":
    case "Timestamp":
      return typeof v === "string" ? { kind, value: BigInt(v) } : fail();
  }
}

/** A stored entity (JSON form, e.g. after a restart) back to typed values, by the schema. */
export function fromEntityData(type: EntityType, data: EntityData): Entity {
  const entity: Entity = new Map();
  for (const [key, value] of Object.entries(data)) {
    const field: FieldType | undefined = type.fields.get(key);
    if (field === undefined) throw new Error(`${type.name}.${key} is not in the schema`);
    const where = `${type.name}.${key}`;
    if (value === null) entity.set(key, { kind: "Null" });
    else if (field.list) {
      if (!Array.isArray(value)) throw new Error(`${where}: expected a list`);
      entity.set(key, { kind: "Array", value: value.map((e) => scalarFromField(field.kind, e, where)) });
    } else entity.set(key, scalarFromField(field.kind, value, where));
  }
  return entity;
}

function matches(field: FieldType, v: StoreValue): boolean {
  if (v.kind === "Null") return !field.nonNull;
  if (field.list) return v.kind === "Array" && v.value.every((e) => e.kind === field.kind);
  return v.kind === field.kind;
}

/** graph-node's checks on store.set: known fields, required fields present, values of the field's type. */
export function validateEntity(type: EntityType, id: string, entity: Entity): void {
  const where = `${type.name}[${id}]`;
  for (const [key, value] of entity) {
    const field = type.fields.get(key);
    if (field === undefined) throw new Error(`${where}: unknown field \`${key}\``);
    if (field.derived) throw new Error(`${where}: \`${key}\` is derived and cannot be set`);
    if (!matches(field, value)) {
      throw new Error(`${where}: field \`${key}\` has a ${value.kind} value, the schema says ${field.kind}`);
    }
  }
  for (const field of type.fields.values()) {
    if (field.nonNull && !field.derived && (entity.get(field.name)?.kind ?? "Null") === "Null") {
      throw new Error(`${where}: missing value for non-nullable field \`${field.name}\``);
    }
  }
}
