/**
 * Translates graph-node's collection arguments (`where`, `orderBy`, `orderDirection`, `first`, `skip`) into one
 * parameterised SQL query over the generated tables. The filter names are those graph-node generates
 * (`amount_gt`, `symbol_contains_nocase`, `index_` for nested filters, `and`/`or`, `_change_block`); the GraphQL
 * layer has already rejected any other name, and anything unexpected here throws instead of being ignored.
 */
import type { EntityModel, FieldModel, ScalarName, SubgraphModel } from "./sdl.js";
import { BLOCK_COLUMN, PARAM_CASTS, qi, type SqlLayout } from "./sql-schema.js";

export class QueryError extends Error {
  override name = "QueryError";
}

export const MAX_FIRST = 1000;
export const DEFAULT_FIRST = 100;

/** The operators graph-node generates for a field, by the type of value compared. */
export function scalarOperators(type: ScalarName, isEnum: boolean): string[] {
  if (isEnum || type === "Boolean") return ["", "not", "in", "not_in"];
  const ordered = ["", "not", "gt", "lt", "gte", "lte", "in", "not_in"];
  if (type === "Bytes") return [...ordered, "contains", "not_contains"];
  if (type === "String" || type === "ID")
    return [
      ...ordered,
      ...(type === "String"
        ? [
            "contains",
            "contains_nocase",
            "not_contains",
            "not_contains_nocase",
            "starts_with",
            "starts_with_nocase",
            "not_starts_with",
            "not_starts_with_nocase",
            "ends_with",
            "ends_with_nocase",
            "not_ends_with",
            "not_ends_with_nocase",
          ]
        : []),
    ];
  return ordered;
}

export const LIST_OPERATORS = ["", "not", "contains", "contains_nocase", "not_contains", "not_contains_nocase"];

/** One key of an `<Entity>_filter` input: the field it is about and its operator (`child` for `field_`). */
export interface FilterKey {
  field: FieldModel;
  op: string;
}

/** The filter keys of an entity, as graph-node names them. */
export function filterKeys(entity: EntityModel): Map<string, FilterKey> {
  const keys = new Map<string, FilterKey>();
  for (const field of entity.fields) {
    if (field.derivedFrom === null) {
      const ops = field.list
        ? LIST_OPERATORS
        : field.kind === "entity"
          ? // graph-node filters references to ID and Bytes ids as Strings.
            scalarOperators(field.valueType === "Int8" ? "Int8" : "String", false)
          : scalarOperators(field.valueType, field.kind === "enum");
      for (const op of ops) keys.set(op === "" ? field.name : `${field.name}_${op}`, { field, op });
    }
    if (field.kind === "entity") keys.set(`${field.name}_`, { field, op: "child" });
  }
  return keys;
}

/** The `<Entity>_orderBy` values: stored single-valued fields and `ref__child` for a child's scalar fields. */
export function orderByValues(
  model: SubgraphModel,
  entity: EntityModel,
): Map<string, { field: FieldModel; child?: FieldModel }> {
  const values = new Map<string, { field: FieldModel; child?: FieldModel }>();
  for (const field of entity.fields) {
    if (field.list || field.derivedFrom !== null) continue;
    values.set(field.name, { field });
    if (field.kind === "entity") {
      for (const child of model.entities.get(field.typeName)!.fields) {
        if (child.list || child.kind === "entity") continue;
        values.set(`${field.name}__${child.name}`, { field, child });
      }
    }
  }
  return values;
}

export type FilterInput = { readonly [key: string]: unknown };

export interface CollectionArgs {
  where?: FilterInput | null;
  orderBy?: string | null;
  orderDirection?: "asc" | "desc" | null;
  first?: number | null;
  skip?: number | null;
}

class Params {
  readonly values: unknown[] = [];
  add(value: unknown, cast: string): string {
    this.values.push(value);
    return `$${this.values.length}::${cast}`;
  }
}

const likeEscape = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export class QueryTranslator {
  private readonly keys = new Map<string, Map<string, FilterKey>>();
  private readonly orders = new Map<string, Map<string, { field: FieldModel; child?: FieldModel }>>();
  private aliasCounter = 0;

  constructor(
    readonly model: SubgraphModel,
    readonly layout: SqlLayout,
  ) {
    for (const e of model.entities.values()) {
      this.keys.set(e.name, filterKeys(e));
      this.orders.set(e.name, orderByValues(model, e));
    }
  }

  private alias(): string {
    this.aliasCounter = (this.aliasCounter + 1) % 1_000_000;
    return `t${this.aliasCounter}`;
  }

  /** The pieces of a page query: row alias, conditions, ORDER BY list, page bounds, parameters. */
  private page(entity: EntityModel, args: CollectionArgs, scope?: (alias: string, params: Params) => string) {
    const first = args.first ?? DEFAULT_FIRST;
    const skip = args.skip ?? 0;
    if (!Number.isInteger(first) || first < 0 || first > MAX_FIRST)
      throw new QueryError(`The \`first\` argument must be between 0 and ${MAX_FIRST}, but is ${first}`);
    if (!Number.isInteger(skip) || skip < 0)
      throw new QueryError(`The \`skip\` argument must be at least 0, but is ${skip}`);
    const params = new Params();
    const t = this.alias();
    const conditions: string[] = [];
    if (scope !== undefined) conditions.push(scope(t, params));
    if (args.where != null) conditions.push(this.filter(entity, args.where, t, params));
    // As graph-node: `orderBy X` sorts by X then id, both in `orderDirection`; without `orderBy` the order is by id
    // ascending whatever `orderDirection` says.
    const direction = args.orderBy != null && args.orderDirection === "desc" ? "DESC" : "ASC";
    const order: string[] = [];
    if (args.orderBy != null && args.orderBy !== "id") {
      const o = this.orders.get(entity.name)!.get(args.orderBy);
      if (o === undefined) throw new QueryError(`${entity.name} cannot be ordered by ${args.orderBy}`);
      if (o.child === undefined) {
        order.push(`${t}.${qi(o.field.name)} ${direction}`);
      } else {
        const c = this.alias();
        order.push(
          `(SELECT ${c}.${qi(o.child.name)} FROM ${this.layout.table(o.field.typeName)} ${c} WHERE ${c}.id = ${t}.${qi(o.field.name)}) ${direction}`,
        );
      }
    }
    order.push(`${t}.id ${direction}`);
    return { t, conditions, order: order.join(", "), first, skip, params };
  }

  /**
   * The SQL selecting a page of `entity`. `scope` adds the condition tying the rows to a parent (reference lists),
   * written against the row alias.
   */
  collection(
    entity: EntityModel,
    args: CollectionArgs,
    scope?: (alias: string, params: Params) => string,
  ): { sql: string; params: unknown[] } {
    const { t, conditions, order, first, skip, params } = this.page(entity, args, scope);
    const sql =
      `SELECT ${this.layout.selectList(entity, t)} FROM ${this.layout.table(entity)} ${t}` +
      (conditions.length > 0 ? ` WHERE ${conditions.join(" AND ")}` : "") +
      ` ORDER BY ${order} LIMIT ${first} OFFSET ${skip}`;
    return { sql, params: params.values };
  }

  /**
   * One query for the pages of a derived list of several parents at once: for each of `parentIds` (a LATERAL
   * subquery, so each page uses the index on `back` and stops at its LIMIT), the rows of `entity` whose `back`
   * reference (single or list) points at it, with the parent's id as `__parent` (text). Rows come grouped by
   * parent, each group in page order.
   */
  derivedPages(
    entity: EntityModel,
    back: FieldModel,
    parentIds: string[],
    args: CollectionArgs,
  ): { sql: string; params: unknown[] } {
    const cast = PARAM_CASTS[back.valueType];
    const p = this.alias();
    let ids = "";
    const scope = (t: string, params: Params) => {
      ids = params.add(parentIds, `${cast}[]`);
      return back.list ? `${t}.${qi(back.name)} @> ARRAY[${p}.parent]` : `${t}.${qi(back.name)} = ${p}.parent`;
    };
    const { t, conditions, order, first, skip, params } = this.page(entity, args, scope);
    const sql =
      `SELECT s.* FROM unnest(${ids}) WITH ORDINALITY AS ${p}(parent, ord) CROSS JOIN LATERAL (` +
      `SELECT ${this.layout.selectList(entity, t)}, ${p}.parent::text AS "__parent", ${p}.ord AS "__ord", ` +
      `row_number() OVER (ORDER BY ${order}) AS "__rn" ` +
      `FROM ${this.layout.table(entity)} ${t} WHERE ${conditions.join(" AND ")} ` +
      `ORDER BY ${order} LIMIT ${first} OFFSET ${skip}) s ORDER BY s."__ord", s."__rn"`;
    return { sql, params: params.values };
  }

  /** The SQL condition of a `where` object on the row alias `t` (its keys are ANDed). */
  filter(entity: EntityModel, where: FilterInput, t: string, params: Params): string {
    const parts: string[] = [];
    if (where["or"] !== undefined) {
      // graph-node refuses `or` next to field filters of the same object (repeat them inside each `or` clause).
      const columns = Object.keys(where).filter(
        (k) => where[k] !== undefined && k !== "or" && k !== "and" && k !== "_change_block",
      );
      if (columns.length > 0)
        throw new QueryError(
          `Cannot mix column filters with 'or' operator at the same level. Found column filter(s) ${columns
            .map((c) => `'${c}'`)
            .join(", ")} alongside 'or' operator.`,
        );
    }
    for (const [key, value] of Object.entries(where)) {
      if (value === undefined) continue;
      if (key === "and" || key === "or") {
        if (!Array.isArray(value)) throw new QueryError(`\`${key}\` takes a list of filters`);
        const subs = value.map((v: FilterInput) => this.filter(entity, v, t, params));
        parts.push(
          subs.length === 0 ? (key === "and" ? "TRUE" : "FALSE") : `(${subs.join(key === "and" ? " AND " : " OR ")})`,
        );
        continue;
      }
      if (key === "_change_block") {
        const n = (value as { number_gte?: unknown } | null)?.number_gte;
        if (typeof n !== "number") throw new QueryError("_change_block needs number_gte");
        parts.push(`${t}.${qi(BLOCK_COLUMN)} >= ${params.add(n, "bigint")}`);
        continue;
      }
      const k = this.keys.get(entity.name)!.get(key);
      if (k === undefined) throw new QueryError(`unknown filter ${key} on ${entity.name}`);
      parts.push(k.op === "child" ? this.child(entity, k.field, value, t, params) : this.compare(k, value, t, params));
    }
    return parts.length === 0 ? "TRUE" : parts.length === 1 ? parts[0]! : `(${parts.join(" AND ")})`;
  }

  private child(entity: EntityModel, field: FieldModel, value: unknown, t: string, params: Params): string {
    if (value === null || typeof value !== "object") throw new QueryError(`${field.name}_ takes a filter object`);
    const target = this.model.entities.get(field.typeName)!;
    const c = this.alias();
    let link: string;
    if (field.derivedFrom !== null) {
      const back = target.fieldByName.get(field.derivedFrom)!;
      link = back.list ? `${t}.id = ANY(${c}.${qi(back.name)})` : `${c}.${qi(back.name)} = ${t}.id`;
    } else {
      link = field.list ? `${c}.id = ANY(${t}.${qi(field.name)})` : `${c}.id = ${t}.${qi(field.name)}`;
    }
    const sub = this.filter(target, value as FilterInput, c, params);
    return `EXISTS (SELECT 1 FROM ${this.layout.table(target)} ${c} WHERE ${link} AND ${sub})`;
  }

  private compare({ field, op }: FilterKey, raw: unknown, t: string, params: Params): string {
    const column = `${t}.${qi(field.name)}`;
    // Bytes are stored as lower-case hex; references to Bytes ids arrive as Strings in any case.
    const lower = (v: unknown) => (field.valueType === "Bytes" && typeof v === "string" ? v.toLowerCase() : v);
    const value = Array.isArray(raw) ? raw.map(lower) : lower(raw);
    const cast = PARAM_CASTS[field.valueType];
    if (field.list) {
      if (value === null) {
        if (op === "") return `${column} IS NULL`;
        if (op === "not") return `${column} IS NOT NULL`;
        throw new QueryError(`${field.name}_${op} does not take null`);
      }
      if (!Array.isArray(value)) throw new QueryError(`${field.name}_${op} takes a list`);
      const nocase = op.endsWith("_nocase");
      const p = nocase
        ? params.add(
            value.map((v) => String(v).toLowerCase()),
            "text[]",
          )
        : params.add(value, `${cast}[]`);
      const subject = nocase ? `(SELECT coalesce(array_agg(lower(x::text)), '{}') FROM unnest(${column}) x)` : column;
      switch (op) {
        case "":
          return `${column} = ${p}`;
        case "not":
          return `${column} <> ${p}`;
        case "contains":
        case "contains_nocase":
          return `${subject} @> ${p}`;
        case "not_contains":
        case "not_contains_nocase":
          return `NOT (${subject} @> ${p})`;
      }
      throw new QueryError(`unsupported list filter ${field.name}_${op}`);
    }
    if (value === null) {
      if (op === "") return `${column} IS NULL`;
      if (op === "not") return `${column} IS NOT NULL`;
      throw new QueryError(`${field.name}_${op} does not take null`);
    }
    switch (op) {
      case "":
        return `${column} = ${params.add(value, cast)}`;
      case "not":
        return `${column} <> ${params.add(value, cast)}`;
      case "gt":
        return `${column} > ${params.add(value, cast)}`;
      case "lt":
        return `${column} < ${params.add(value, cast)}`;
      case "gte":
        return `${column} >= ${params.add(value, cast)}`;
      case "lte":
        return `${column} <= ${params.add(value, cast)}`;
      case "in":
      case "not_in": {
        if (!Array.isArray(value)) throw new QueryError(`${field.name}_${op} takes a list`);
        const test = `${column} = ANY(${params.add(value, `${cast}[]`)})`;
        return op === "in" ? test : `NOT (${test})`;
      }
    }
    if (typeof value !== "string") throw new QueryError(`${field.name}_${op} takes a string`);
    if (field.valueType === "Bytes" && field.kind === "scalar") {
      const hex = value.toLowerCase().replace(/^0x/, "");
      const test = `position(decode(${params.add(hex, "text")}, 'hex') IN decode(substr(${column}, 3), 'hex')) > 0`;
      if (op === "contains") return test;
      if (op === "not_contains") return `NOT (${test})`;
      throw new QueryError(`unsupported Bytes filter ${field.name}_${op}`);
    }
    const negate = op.startsWith("not_");
    const base = (negate ? op.slice(4) : op).replace(/_nocase$/, "");
    const like = op.endsWith("_nocase") ? "ILIKE" : "LIKE";
    const pattern =
      base === "contains"
        ? `%${likeEscape(value)}%`
        : base === "starts_with"
          ? `${likeEscape(value)}%`
          : base === "ends_with"
            ? `%${likeEscape(value)}`
            : null;
    if (pattern === null) throw new QueryError(`unsupported filter ${field.name}_${op}`);
    return `${column} ${negate ? "NOT " : ""}${like} ${params.add(pattern, "text")}`;
  }
}

export type { Params };
