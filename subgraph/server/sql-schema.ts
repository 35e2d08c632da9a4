/**
 * The relational layout generated from the subgraph model: one table per entity type in a Postgres schema (default
 * `subgraph`), one typed column per stored field (numeric for BigInt/BigDecimal so comparisons and ordering are
 * numeric, bigint for Int8/Timestamp, text with the C collation for ID/String/enums and for Bytes as lower-case
 * 0x hex, arrays for lists; B-tree indexes on references, numbers, enums and booleans, GIN on lists), a `__block` column (the block that last wrote the row, for `_change_block`), and
 * a `_meta` table with the head block, the indexing error and a hash of the SDL.
 * Also the conversions between graph-node's JSON values (`FieldValue`) and SQL parameters/rows.
 */
import type { FieldValue } from "../local/types.js";
import type { EntityModel, FieldModel, ScalarName, SubgraphModel } from "./sdl.js";

/** Quotes an SQL identifier. */
export const qi = (name: string): string => `"${name.replace(/"/g, '""')}"`;

const SQL_TYPES: Record<ScalarName, string> = {
  ID: "text",
  String: "text",
  Bytes: "text",
  BigInt: "numeric",
  BigDecimal: "numeric",
  Int: "integer",
  Int8: "bigint",
  Timestamp: "bigint",
  Boolean: "boolean",
};

/** The cast for a parameter of this value type (`$1::numeric`). */
export const PARAM_CASTS: Record<ScalarName, string> = {
  ID: "text",
  String: "text",
  Bytes: "text",
  BigInt: "numeric",
  BigDecimal: "numeric",
  Int: "integer",
  Int8: "bigint",
  Timestamp: "bigint",
  Boolean: "boolean",
};

/** Value types whose rows are read back as text (numbers too large for JavaScript numbers). */
const READ_AS_TEXT = new Set<ScalarName>(["BigInt", "BigDecimal", "Int8", "Timestamp"]);

export const BLOCK_COLUMN = "__block";

export class SqlLayout {
  constructor(
    readonly model: SubgraphModel,
    readonly pgSchema: string,
  ) {}

  table(entity: EntityModel | string): string {
    return `${qi(this.pgSchema)}.${qi(typeof entity === "string" ? entity : entity.name)}`;
  }

  get metaTable(): string {
    return `${qi(this.pgSchema)}."_meta"`;
  }

  /** The DDL creating the schema, the meta table and every entity table with its indexes. */
  ddl(): string {
    const statements = [
      `CREATE SCHEMA IF NOT EXISTS ${qi(this.pgSchema)}`,
      `CREATE TABLE IF NOT EXISTS ${this.metaTable} (
        id integer PRIMARY KEY CHECK (id = 1),
        schema_hash text NOT NULL,
        head_number bigint, head_hash text, head_timestamp bigint,
        error jsonb)`,
    ];
    for (const e of this.model.entities.values()) {
      const columns = e.stored.map((f) => {
        const collate = SQL_TYPES[f.valueType] === "text" ? ' COLLATE "C"' : "";
        return `${qi(f.name)} ${SQL_TYPES[f.valueType]}${f.list ? "[]" : ""}${collate}${f.name === "id" ? " PRIMARY KEY" : ""}`;
      });
      columns.push(`${qi(BLOCK_COLUMN)} bigint NOT NULL`);
      statements.push(`CREATE TABLE IF NOT EXISTS ${this.table(e)} (${columns.join(", ")})`);
      e.stored.forEach((f, i) => {
        // Free-form strings and bytes are not indexed: a B-tree entry cannot exceed ~2.7 kB.
        if (f.name === "id" || (f.kind === "scalar" && (f.valueType === "String" || f.valueType === "Bytes"))) return;
        const name = qi(`${e.name.slice(0, 40)}_${i}_${f.list ? "gin" : "btree"}`);
        const using = f.list ? "USING gin" : "";
        statements.push(`CREATE INDEX IF NOT EXISTS ${name} ON ${this.table(e)} ${using} (${qi(f.name)})`);
      });
    }
    return statements.join(";\n");
  }

  /** The select list reading every stored field of `alias` under its own name, large numbers as text. */
  selectList(entity: EntityModel, alias: string): string {
    return entity.stored
      .map((f) => {
        const column = `${alias}.${qi(f.name)}`;
        if (!READ_AS_TEXT.has(f.valueType)) return `${column} AS ${qi(f.name)}`;
        return `${column}::text${f.list ? "[]" : ""} AS ${qi(f.name)}`;
      })
      .join(", ");
  }

  /** A row selected with `selectList`, as graph-node's JSON values. */
  decodeRow(entity: EntityModel, row: Record<string, unknown>): Record<string, FieldValue> {
    const out: Record<string, FieldValue> = {};
    for (const f of entity.stored) out[f.name] = (row[f.name] ?? null) as FieldValue;
    return out;
  }
}

export class ValueError extends Error {
  override name = "ValueError";
}

const INTEGER = /^-?\d+$/;
const DECIMAL = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const HEX = /^0x([0-9a-fA-F]{2})*$/;

/** Converts one scalar of graph-node's JSON form to an SQL parameter, checking its type. */
export function encodeScalar(type: ScalarName, value: FieldValue, what: string, enumValues?: string[]): unknown {
  const fail = (): never => {
    throw new ValueError(`${what}: ${JSON.stringify(value)} is not a valid ${enumValues ? "enum value" : type}`);
  };
  switch (type) {
    case "ID":
    case "String":
      if (typeof value !== "string") fail();
      if (enumValues !== undefined && !enumValues.includes(value as string)) fail();
      return value;
    case "Bytes":
      if (typeof value !== "string" || !HEX.test(value)) fail();
      return (value as string).toLowerCase();
    case "BigInt":
    case "Int8":
    case "Timestamp":
      if (typeof value === "number" && Number.isSafeInteger(value)) return String(value);
      if (typeof value !== "string" || !INTEGER.test(value)) fail();
      return value;
    case "BigDecimal":
      if (typeof value === "number" && Number.isFinite(value)) return String(value);
      if (typeof value !== "string" || !DECIMAL.test(value)) fail();
      return value;
    case "Int":
      if (typeof value !== "number" || !Number.isInteger(value) || value < -(2 ** 31) || value >= 2 ** 31) fail();
      return value;
    case "Boolean":
      if (typeof value !== "boolean") fail();
      return value;
  }
}

/** Converts a stored field's value (possibly a list, possibly null) to an SQL parameter. */
export function encodeField(
  model: SubgraphModel,
  entity: EntityModel,
  field: FieldModel,
  value: FieldValue | undefined,
): unknown {
  const what = `${entity.name}.${field.name}`;
  if (value === null || value === undefined) {
    if (field.nonNull) throw new ValueError(`${what} is non-nullable but the value is null`);
    return null;
  }
  const enumValues = field.kind === "enum" ? model.enums.get(field.typeName) : undefined;
  if (field.list) {
    if (!Array.isArray(value)) throw new ValueError(`${what}: expected a list, got ${JSON.stringify(value)}`);
    return value.map((v) => {
      if (v !== null) return encodeScalar(field.valueType, v, what, enumValues);
      if (field.itemNonNull) throw new ValueError(`${what}: the list has a null item but its items are non-nullable`);
      return null;
    });
  }
  if (Array.isArray(value)) throw new ValueError(`${what}: expected a single value, got a list`);
  return encodeScalar(field.valueType, value, what, enumValues);
}
