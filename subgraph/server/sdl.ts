/**
 * Reads a subgraph schema (schema.graphql) into the model the store and the GraphQL server are generated from:
 * `@entity` object types with scalar, enum, entity-reference and `@derivedFrom` fields, enums, and the names of
 * `@fulltext` queries (which are refused at query time). Anything the local server cannot serve faithfully
 * (interfaces, aggregations/timeseries, nested lists, unknown types) is refused here with a readable error.
 */
import { Kind, parse, type ConstDirectiveNode, type FieldDefinitionNode, type TypeNode } from "graphql";
import { queryFieldNames } from "./naming.js";

export const SCALARS = [
  "ID",
  "String",
  "Bytes",
  "BigInt",
  "BigDecimal",
  "Int",
  "Int8",
  "Boolean",
  "Timestamp",
] as const;
export type ScalarName = (typeof SCALARS)[number];

export interface FieldModel {
  name: string;
  /** `[T]` (graph-node allows one level of lists). */
  list: boolean;
  /** `T!` for a single value, `[T]!` for a list. */
  nonNull: boolean;
  /** `[T!]`: the items of a list are non-null. */
  itemNonNull: boolean;
  kind: "scalar" | "enum" | "entity";
  /** The GraphQL type name: a scalar, an enum or an entity type. */
  typeName: string;
  /** How the value is stored and compared: the scalar itself, `String` for enums, the referenced entity's id type. */
  valueType: ScalarName;
  /** For `@derivedFrom(field: "...")`: the field of `typeName` that points back; such fields are never stored. */
  derivedFrom: string | null;
}

export interface EntityModel {
  name: string;
  immutable: boolean;
  /** Every field in declaration order, `id` first. */
  fields: FieldModel[];
  fieldByName: Map<string, FieldModel>;
  /** The stored fields (not derived). */
  stored: FieldModel[];
  idType: ScalarName;
  /** Root query field names (`mint`, `mints`). */
  single: string;
  collection: string;
}

export interface SubgraphModel {
  entities: Map<string, EntityModel>;
  enums: Map<string, string[]>;
  /** `@fulltext(name: ..., include: [{ entity: ... }])` queries declared on `_Schema_`. */
  fulltext: { name: string; entity: string }[];
}

export class SchemaError extends Error {
  override name = "SchemaError";
}

const isScalar = (name: string): name is ScalarName => (SCALARS as readonly string[]).includes(name);

function unwrap(
  type: TypeNode,
  field: string,
  entity: string,
): { typeName: string; list: boolean; nonNull: boolean; itemNonNull: boolean } {
  let nonNull = false;
  let t = type;
  if (t.kind === Kind.NON_NULL_TYPE) {
    nonNull = true;
    t = t.type;
  }
  if (t.kind === Kind.LIST_TYPE) {
    let inner = t.type;
    const itemNonNull = inner.kind === Kind.NON_NULL_TYPE;
    if (inner.kind === Kind.NON_NULL_TYPE) inner = inner.type;
    if (inner.kind !== Kind.NAMED_TYPE) throw new SchemaError(`${entity}.${field}: nested lists are not supported`);
    return { typeName: inner.name.value, list: true, nonNull, itemNonNull };
  }
  return { typeName: t.name.value, list: false, nonNull, itemNonNull: false };
}

function directive(node: { directives?: readonly ConstDirectiveNode[] }, name: string): ConstDirectiveNode | undefined {
  return node.directives?.find((d) => d.name.value === name);
}

function stringArgument(d: ConstDirectiveNode, name: string): string | undefined {
  const arg = d.arguments?.find((a) => a.name.value === name);
  return arg?.value.kind === Kind.STRING ? arg.value.value : undefined;
}

function booleanArgument(d: ConstDirectiveNode, name: string): boolean | undefined {
  const arg = d.arguments?.find((a) => a.name.value === name);
  return arg?.value.kind === Kind.BOOLEAN ? arg.value.value : undefined;
}

/** Parses and checks a subgraph schema. */
export function parseSubgraphSchema(sdl: string): SubgraphModel {
  const doc = parse(sdl);
  const enums = new Map<string, string[]>();
  const objectNodes: { name: string; immutable: boolean; fields: readonly FieldDefinitionNode[] }[] = [];
  const fulltext: { name: string; entity: string }[] = [];

  for (const def of doc.definitions) {
    switch (def.kind) {
      case Kind.ENUM_TYPE_DEFINITION:
        enums.set(
          def.name.value,
          (def.values ?? []).map((v) => v.name.value),
        );
        break;
      case Kind.OBJECT_TYPE_DEFINITION: {
        const name = def.name.value;
        if (name === "_Schema_") {
          for (const d of def.directives ?? []) {
            if (d.name.value !== "fulltext") continue;
            const ftName = stringArgument(d, "name") ?? "";
            const include = d.arguments?.find((a) => a.name.value === "include")?.value;
            let entity = "";
            if (include?.kind === Kind.LIST && include.values[0]?.kind === Kind.OBJECT) {
              const e = include.values[0].fields.find((f) => f.name.value === "entity")?.value;
              if (e?.kind === Kind.STRING) entity = e.value;
            }
            fulltext.push({ name: ftName, entity });
          }
          break;
        }
        const entityDirective = directive(def, "entity");
        if (entityDirective === undefined) throw new SchemaError(`type ${name}: only @entity types are supported`);
        if (booleanArgument(entityDirective, "timeseries") === true)
          throw new SchemaError(`type ${name}: timeseries entities are not supported by the local server`);
        if (def.interfaces !== undefined && def.interfaces.length > 0)
          throw new SchemaError(`type ${name}: interfaces are not supported by the local server`);
        objectNodes.push({
          name,
          immutable: booleanArgument(entityDirective, "immutable") === true,
          fields: def.fields ?? [],
        });
        break;
      }
      case Kind.INTERFACE_TYPE_DEFINITION:
        throw new SchemaError(`interface ${def.name.value}: interfaces are not supported by the local server`);
      default:
        throw new SchemaError(`unsupported definition in the subgraph schema: ${def.kind}`);
    }
  }

  const entityNames = new Set(objectNodes.map((o) => o.name));
  // First pass: id types.
  const idTypes = new Map<string, ScalarName>();
  for (const o of objectNodes) {
    const id = o.fields.find((f) => f.name.value === "id");
    if (id === undefined) throw new SchemaError(`type ${o.name}: an entity needs an id field`);
    const { typeName, list, nonNull } = unwrap(id.type, "id", o.name);
    if (list || !nonNull || !["ID", "String", "Bytes", "Int8"].includes(typeName))
      throw new SchemaError(`type ${o.name}: id must be ID!, String!, Bytes! or Int8!`);
    idTypes.set(o.name, typeName === "String" ? "ID" : (typeName as ScalarName));
  }

  const entities = new Map<string, EntityModel>();
  for (const o of objectNodes) {
    const fields: FieldModel[] = [];
    for (const f of o.fields) {
      const name = f.name.value;
      const { typeName, list, nonNull, itemNonNull } = unwrap(f.type, name, o.name);
      const derived = directive(f, "derivedFrom");
      const derivedFrom = derived === undefined ? null : (stringArgument(derived, "field") ?? null);
      if (derived !== undefined && derivedFrom === null)
        throw new SchemaError(`${o.name}.${name}: @derivedFrom needs a field argument`);
      let kind: FieldModel["kind"];
      let valueType: ScalarName;
      if (isScalar(typeName)) {
        kind = "scalar";
        valueType = typeName;
      } else if (enums.has(typeName)) {
        kind = "enum";
        valueType = "String";
      } else if (entityNames.has(typeName)) {
        kind = "entity";
        valueType = idTypes.get(typeName)!;
      } else {
        throw new SchemaError(`${o.name}.${name}: unknown type ${typeName}`);
      }
      if (derivedFrom !== null && kind !== "entity")
        throw new SchemaError(`${o.name}.${name}: @derivedFrom is only allowed on entity references`);
      fields.push({ name, list, nonNull, itemNonNull, kind, typeName, valueType, derivedFrom });
    }
    fields.sort((a, b) => (a.name === "id" ? -1 : b.name === "id" ? 1 : 0));
    const names = queryFieldNames(o.name);
    entities.set(o.name, {
      name: o.name,
      immutable: o.immutable,
      fields,
      fieldByName: new Map(fields.map((f) => [f.name, f])),
      stored: fields.filter((f) => f.derivedFrom === null),
      idType: idTypes.get(o.name)!,
      single: names.single,
      collection: names.collection,
    });
  }

  // Derived fields must point at a reference back to their entity.
  for (const e of entities.values()) {
    for (const f of e.fields) {
      if (f.derivedFrom === null) continue;
      const target = entities.get(f.typeName)!.fieldByName.get(f.derivedFrom);
      if (target === undefined || target.kind !== "entity" || target.derivedFrom !== null || target.typeName !== e.name)
        throw new SchemaError(
          `${e.name}.${f.name}: @derivedFrom(field: "${f.derivedFrom}") must name a stored reference to ${e.name} on ${f.typeName}`,
        );
    }
  }
  const rootNames = new Map<string, string>();
  for (const e of entities.values()) {
    for (const n of [e.single, e.collection]) {
      const other = rootNames.get(n);
      if (other !== undefined) throw new SchemaError(`query field ${n} of ${e.name} collides with ${other}`);
      rootNames.set(n, e.name);
    }
  }
  return { entities, enums, fulltext };
}
