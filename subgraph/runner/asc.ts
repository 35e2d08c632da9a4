/**
 * Reading and writing AssemblyScript objects in a mapping's linear memory (AssemblyScript 0.19 as graph-cli compiles
 * it: `--runtime stub --exportRuntime`, so objects are allocated with the exported `__new` and never collected).
 *
 * Layouts (pointer = start of the payload; the runtime header ends with rtId at ptr-8 and rtSize at ptr-4):
 * String: UTF-16LE payload of rtSize bytes. ArrayBuffer: rtSize bytes. Typed arrays (Uint8Array, Bytes, Address,
 * BigInt): { buffer, dataStart, byteLength }. Array<T>: { buffer, dataStart, byteLength, length }. Classes: fields in
 * declaration order, aligned to their size (graph-ts `Value`: kind i32 at 0, data u64 at 8).
 * Class ids come from the module's exported `id_of_type` (graph-ts global.ts, the ids graph-node uses).
 */

/** graph-ts `TypeId` discriminants (global/global.ts) used by the runner. */
export const TypeId = {
  String: 0,
  ArrayBuffer: 1,
  Uint8Array: 6,
  BigDecimal: 12,
  ArrayUint8Array: 14,
  ArrayEthereumValue: 15,
  ArrayStoreValue: 16,
  ArrayString: 18,
  ArrayEventParam: 19,
  ArrayTypedMapEntryStringStoreValue: 21,
  SmartContractCall: 22,
  EventParam: 23,
  EthereumTransaction: 24,
  EthereumBlock: 25,
  EthereumValue: 30,
  StoreValue: 31,
  EthereumEvent: 33,
  TypedMapEntryStringStoreValue: 34,
  TypedMapStringStoreValue: 36,
} as const;

export type TypeIdValue = (typeof TypeId)[keyof typeof TypeId];

export interface MappingExports {
  memory: WebAssembly.Memory;
  __new(size: number, id: number): number;
  id_of_type(typeId: number): number;
  _start(): void;
}

/** Signed little-endian two's complement bytes (graph-ts BigInt) to a bigint. */
export function bigIntFromSignedLe(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n;
  let value = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i] as number);
  const top = bytes[bytes.length - 1] as number;
  if ((top & 0x80) !== 0) value -= 1n << BigInt(bytes.length * 8);
  return value;
}

/** The shortest signed little-endian two's complement bytes of `value` (at least one byte). */
export function bigIntToSignedLe(value: bigint): Uint8Array {
  const out: number[] = [];
  let v = value;
  for (;;) {
    const byte = Number(v & 0xffn);
    v >>= 8n;
    out.push(byte);
    const signBit = (byte & 0x80) !== 0;
    if ((v === 0n && !signBit) || (v === -1n && signBit)) break;
  }
  return Uint8Array.from(out);
}

export function toHex(bytes: Uint8Array): string {
  return "0x" + Buffer.from(bytes).toString("hex");
}

export function fromHex(hex: string): Uint8Array {
  const clean = hex.startsWith("0x") ? hex.slice(2) : hex;
  if (clean.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(clean)) throw new Error(`not hex bytes: "${hex}"`);
  return Uint8Array.from(Buffer.from(clean, "hex"));
}

/** One mapping instance's memory. Views are taken afresh on every access: `__new` may grow the memory. */
export class Asc {
  private readonly ids = new Map<number, number>();

  constructor(private readonly exports: MappingExports) {}

  private view(): DataView {
    return new DataView(this.exports.memory.buffer);
  }

  private bytes(): Uint8Array {
    return new Uint8Array(this.exports.memory.buffer);
  }

  classId(typeId: TypeIdValue): number {
    let id = this.ids.get(typeId);
    if (id === undefined) {
      id = this.exports.id_of_type(typeId);
      this.ids.set(typeId, id);
    }
    return id;
  }

  alloc(size: number, typeId: TypeIdValue): number {
    return this.exports.__new(size, this.classId(typeId));
  }

  u32(ptr: number): number {
    return this.view().getUint32(ptr, true);
  }

  i32(ptr: number): number {
    return this.view().getInt32(ptr, true);
  }

  u64(ptr: number): bigint {
    return this.view().getBigUint64(ptr, true);
  }

  setU32(ptr: number, value: number): void {
    this.view().setUint32(ptr, value, true);
  }

  setU64(ptr: number, value: bigint): void {
    this.view().setBigUint64(ptr, BigInt.asUintN(64, value), true);
  }

  readString(ptr: number): string {
    if (ptr === 0) throw new Error("null string pointer");
    const size = this.u32(ptr - 4);
    return Buffer.from(this.bytes().slice(ptr, ptr + size)).toString("utf16le");
  }

  writeString(text: string): number {
    const encoded = Buffer.from(text, "utf16le");
    const ptr = this.alloc(encoded.length, TypeId.String);
    this.bytes().set(encoded, ptr);
    return ptr;
  }

  /** A typed array (Uint8Array, Bytes, Address, BigInt): a copy of its bytes. */
  readBytes(ptr: number): Uint8Array {
    if (ptr === 0) throw new Error("null bytes pointer");
    const dataStart = this.u32(ptr + 4);
    const length = this.u32(ptr + 8);
    return this.bytes().slice(dataStart, dataStart + length);
  }

  writeBytes(data: Uint8Array): number {
    const buffer = this.alloc(data.length, TypeId.ArrayBuffer);
    this.bytes().set(data, buffer);
    const ptr = this.alloc(12, TypeId.Uint8Array);
    this.setU32(ptr, buffer);
    this.setU32(ptr + 4, buffer);
    this.setU32(ptr + 8, data.length);
    return ptr;
  }

  readBigInt(ptr: number): bigint {
    return bigIntFromSignedLe(this.readBytes(ptr));
  }

  writeBigInt(value: bigint): number {
    return this.writeBytes(bigIntToSignedLe(value));
  }

  /** Elements of an Array of references (pointers). */
  readPointerArray(ptr: number): number[] {
    if (ptr === 0) throw new Error("null array pointer");
    const dataStart = this.u32(ptr + 4);
    const length = this.i32(ptr + 12);
    const out: number[] = [];
    for (let i = 0; i < length; i++) out.push(this.u32(dataStart + 4 * i));
    return out;
  }

  writePointerArray(pointers: number[], typeId: TypeIdValue): number {
    const buffer = this.alloc(pointers.length * 4, TypeId.ArrayBuffer);
    pointers.forEach((p, i) => this.setU32(buffer + 4 * i, p));
    const ptr = this.alloc(16, typeId);
    this.setU32(ptr, buffer);
    this.setU32(ptr + 4, buffer);
    this.setU32(ptr + 8, pointers.length * 4);
    this.setU32(ptr + 12, pointers.length);
    return ptr;
  }

  /** An object whose fields are all 4-byte pointers or 32-bit values, in order. */
  writeStruct(fields: number[], typeId: TypeIdValue): number {
    const ptr = this.alloc(fields.length * 4, typeId);
    fields.forEach((f, i) => this.setU32(ptr + 4 * i, f));
    return ptr;
  }

  /** A graph-ts `Value` / `ethereum.Value`: { kind: i32, data: u64 }. */
  writeValue(kind: number, data: bigint, typeId: TypeIdValue): number {
    const ptr = this.alloc(16, typeId);
    this.setU32(ptr, kind);
    this.setU64(ptr + 8, data);
    return ptr;
  }

  readValue(ptr: number): { kind: number; data: bigint } {
    return { kind: this.i32(ptr), data: this.u64(ptr + 8) };
  }
}
