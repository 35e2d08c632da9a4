/** The entity types of schema.graphql as the runner needs them: field kinds, nullability, immutability. */
import { readFileSync } from "node:fs";
import { Kind, parse, type TypeNode } from "graphql";

export type ScalarKind = "String" | "Int" | "BigDecimal" | "Boolean" | "Bytes" | "BigInt" | "Int8" | "Timestamp";

export interface FieldType {
  name: string;
  /** Stored kind; a reference to an entity stores that entity's id kind (String for ID, Bytes for Bytes). */
  kind: ScalarKind;
  list: boolean;
  nonNull: boolean;
  derived: boolean;
  /** The referenced entity type, for references. */
  reference: string | null;
}

export interface EntityType {
  name: string;
  immutable: boolean;
  fields: Map<string, FieldType>;
}

export type Schema = Map<string, EntityType>;

const SCALARS: Record<string, ScalarKind> = {
  ID: "String",
  String: "String",
  Int: "Int",
  BigDecimal: "BigDecimal",
  Boolean: "Boolean",
  Bytes: "Bytes",
  BigInt: "BigInt",
  Int8: "Int8",
  Timestamp: "Timestamp",
};

function unwrap(type: TypeNode): { named: string; list: boolean; nonNull: boolean } {
  let nonNull = false;
  let list = false;
  let t = type;
  if (t.kind === Kind.NON_NULL_TYPE) {
    nonNull = true;
    t = t.type;
  }
  if (t.kind === Kind.LIST_TYPE) {
    list = true;
    t = t.type;
    if (t.kind === Kind.NON_NULL_TYPE) t = t.type;
  }
  if (t.kind !== Kind.NAMED_TYPE) throw new Error("nested lists are not supported");
  return { named: t.name.value, list, nonNull };
}

/** Parses the subgraph schema (only `@entity` object types matter). */
export function parseSchema(sdl: string): Schema {
  const doc = parse(sdl);
  const raw: { name: string; immutable: boolean; fields: { name: string; type: TypeNode; derived: boolean }[] }[] = [];
  for (const def of doc.definitions) {
    if (def.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
    const entity = def.directives?.find((d) => d.name.value === "entity");
    if (entity === undefined) continue;
    const immutableArg = entity.arguments?.find((a) => a.name.value === "immutable");
    const immutable = immutableArg?.value.kind === Kind.BOOLEAN && immutableArg.value.value;
    raw.push({
      name: def.name.value,
      immutable,
      fields: (def.fields ?? []).map((f) => ({
        name: f.name.value,
        type: f.type,
        derived: f.directives?.some((d) => d.name.value === "derivedFrom") ?? false,
      })),
    });
  }
  const idKind = new Map<string, ScalarKind>();
  for (const e of raw) {
    const id = e.fields.find((f) => f.name === "id");
    if (id === undefined) throw new Error(`entity ${e.name} has no id field`);
    idKind.set(e.name, SCALARS[unwrap(id.type).named] ?? "String");
  }
  const schema: Schema = new Map();
  for (const e of raw) {
    const fields = new Map<string, FieldType>();
    for (const f of e.fields) {
      const { named, list, nonNull } = unwrap(f.type);
      const scalar = SCALARS[named];
      const refKind = idKind.get(named);
      if (scalar === undefined && refKind === undefined) throw new Error(`${e.name}.${f.name}: unknown type ${named}`);
      fields.set(f.name, {
        name: f.name,
        kind: scalar ?? (refKind as ScalarKind),
        list,
        nonNull,
        derived: f.derived,
        reference: scalar === undefined ? named : null,
      });
    }
    schema.set(e.name, { name: e.name, immutable: e.immutable, fields });
  }
  return schema;
}

export function loadSchema(path: string): Schema {
  return parseSchema(readFileSync(path, "utf8"));
}
