/**
 * The GraphQL API graph-node derives from a subgraph schema, generated for the local server: per entity a
 * single-entity field (`mint(id:)`) and a collection field (`mints(where:, orderBy:, orderDirection:, first:, skip:)`),
 * `<Entity>_filter` and `<Entity>_orderBy` inputs with graph-node's names, reference fields resolved to entities
 * (batched per request), derived and reference-list fields accepting the collection arguments, `_meta`, and the
 * `block:` / `subgraphError:` arguments (only the head can be queried). Resolvers run against one `read()` of the
 * store, so a request sees whole blocks only.
 */
import {
  GraphQLBoolean,
  GraphQLEnumType,
  GraphQLError,
  GraphQLID,
  GraphQLInputObjectType,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLScalarType,
  GraphQLSchema,
  GraphQLString,
  Kind,
  type GraphQLFieldConfig,
  type GraphQLFieldConfigArgumentMap,
  type GraphQLInputFieldConfigMap,
  type GraphQLInputType,
  type GraphQLOutputType,
  type ValueNode,
} from "graphql";
import type { FieldValue } from "../local/types.js";
import type { Queryable } from "./db.js";
import {
  filterKeys,
  orderByValues,
  QueryError,
  QueryTranslator,
  type CollectionArgs,
  type FilterInput,
} from "./query.js";
import type { EntityModel, FieldModel, ScalarName, SubgraphModel } from "./sdl.js";
import { PARAM_CASTS, qi, type SqlLayout } from "./sql-schema.js";
import type { ReadState } from "./store.js";

export type EntityRow = Record<string, FieldValue>;

/** What every resolver of one request shares. */
export interface RequestContext {
  db: Queryable;
  state: ReadState;
  /** Entities by id, per entity type. */
  loaders: Map<string, Batcher<EntityRow | null>>;
  /** Derived lists by parent id, per field and arguments. */
  derived: Map<string, Batcher<EntityRow[]>>;
}

function scalar(
  name: string,
  description: string,
  check: (value: string) => boolean,
  fromLiteral: (ast: ValueNode) => string | undefined,
  normalize: (value: string) => string = (v) => v,
): GraphQLScalarType {
  const parse = (value: unknown): string => {
    const text = typeof value === "number" && Number.isFinite(value) ? String(value) : value;
    if (typeof text !== "string" || !check(text))
      throw new GraphQLError(`${JSON.stringify(value)} is not a valid ${name}`);
    return normalize(text);
  };
  return new GraphQLScalarType({
    name,
    description,
    serialize: (value) => String(value),
    parseValue: parse,
    parseLiteral: (ast) => {
      const text = fromLiteral(ast);
      if (text === undefined) throw new GraphQLError(`a ${name} value must be given as a string`);
      return parse(text);
    },
  });
}

const INTEGER = /^-?\d+$/;
const stringOrInt = (ast: ValueNode) => (ast.kind === Kind.STRING || ast.kind === Kind.INT ? ast.value : undefined);
const stringOrNumber = (ast: ValueNode) =>
  ast.kind === Kind.STRING || ast.kind === Kind.INT || ast.kind === Kind.FLOAT ? ast.value : undefined;
const inInt8 = (v: string) => INTEGER.test(v) && BigInt(v) >= -(2n ** 63n) && BigInt(v) < 2n ** 63n;

export const BigIntScalar = scalar(
  "BigInt",
  "An integer of any size, as a decimal string",
  (v) => INTEGER.test(v),
  stringOrInt,
);
export const BigDecimalScalar = scalar(
  "BigDecimal",
  "A decimal number, as a string",
  (v) => /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(v),
  stringOrNumber,
);
export const BytesScalar = scalar(
  "Bytes",
  "Bytes as 0x-prefixed hex",
  (v) => /^(0x)?([0-9a-fA-F]{2})*$/.test(v),
  (ast) => (ast.kind === Kind.STRING ? ast.value : undefined),
  (v) => (v.startsWith("0x") ? v : `0x${v}`).toLowerCase(),
);
export const Int8Scalar = scalar("Int8", "A 64-bit integer, as a string", inInt8, stringOrInt);
export const TimestampScalar = scalar(
  "Timestamp",
  "Microseconds since the Unix epoch, as a string",
  inInt8,
  stringOrInt,
);

const SCALAR_TYPES: Record<ScalarName, GraphQLScalarType> = {
  ID: GraphQLID,
  String: GraphQLString,
  Bytes: BytesScalar,
  BigInt: BigIntScalar,
  BigDecimal: BigDecimalScalar,
  Int: GraphQLInt,
  Int8: Int8Scalar,
  Timestamp: TimestampScalar,
  Boolean: GraphQLBoolean,
};

/**
 * Collects the keys asked for in the same tick and fetches them with one call (as DataLoader does: the batch is
 * dispatched once the promises already resolved have run their continuations).
 */
export class Batcher<V> {
  private pending = new Map<string, { resolve: (value: V) => void; reject: (error: unknown) => void }[]>();
  private scheduled = false;

  constructor(
    private readonly fetch: (keys: string[]) => Promise<Map<string, V>>,
    private readonly missing: V,
  ) {}

  load(key: string): Promise<V> {
    return new Promise((resolve, reject) => {
      const waiting = this.pending.get(key) ?? [];
      waiting.push({ resolve, reject });
      this.pending.set(key, waiting);
      if (!this.scheduled) {
        this.scheduled = true;
        void Promise.resolve().then(() => process.nextTick(() => void this.dispatch()));
      }
    });
  }

  private async dispatch(): Promise<void> {
    const batch = this.pending;
    this.pending = new Map();
    this.scheduled = false;
    try {
      const found = await this.fetch([...batch.keys()]);
      for (const [key, waiting] of batch) for (const w of waiting) w.resolve(found.get(key) ?? this.missing);
    } catch (error) {
      for (const waiting of batch.values()) for (const w of waiting) w.reject(error);
    }
  }
}

export interface ApiOptions {
  /** The subgraph's name, for error messages. */
  name: string;
  /** Served as `_meta { deployment }`. */
  deployment: string;
}

/** Builds the executable GraphQL schema of a subgraph. */
export function buildApiSchema(model: SubgraphModel, layout: SqlLayout, options: ApiOptions): GraphQLSchema {
  const translator = new QueryTranslator(model, layout);
  const objectTypes = new Map<string, GraphQLObjectType>();
  const filterTypes = new Map<string, GraphQLInputObjectType>();
  const orderByTypes = new Map<string, GraphQLEnumType>();
  const enumTypes = new Map<string, GraphQLEnumType>();
  for (const [name, values] of model.enums)
    enumTypes.set(
      name,
      new GraphQLEnumType({ name, values: Object.fromEntries(values.map((v) => [v, { value: v }])) }),
    );

  const orderDirection = new GraphQLEnumType({
    name: "OrderDirection",
    values: { asc: { value: "asc" }, desc: { value: "desc" } },
  });
  const errorPolicy = new GraphQLEnumType({
    name: "_SubgraphErrorPolicy_",
    values: { allow: { value: "allow" }, deny: { value: "deny" } },
  });
  const blockHeight = new GraphQLInputObjectType({
    name: "Block_height",
    fields: { hash: { type: BytesScalar }, number: { type: GraphQLInt }, number_gte: { type: GraphQLInt } },
  });
  const blockChangedFilter = new GraphQLInputObjectType({
    name: "BlockChangedFilter",
    fields: { number_gte: { type: new GraphQLNonNull(GraphQLInt) } },
  });

  const valueType = (f: FieldModel): GraphQLInputType => {
    if (f.kind === "enum") return enumTypes.get(f.typeName)!;
    // graph-node types filters on references to ID and Bytes ids as String.
    if (f.kind === "entity") return f.valueType === "Int8" ? Int8Scalar : GraphQLString;
    return SCALAR_TYPES[f.valueType];
  };
  const outputScalar = (f: FieldModel): GraphQLOutputType =>
    f.kind === "enum" ? enumTypes.get(f.typeName)! : SCALAR_TYPES[f.valueType];

  for (const e of model.entities.values()) {
    orderByTypes.set(
      e.name,
      new GraphQLEnumType({
        name: `${e.name}_orderBy`,
        values: Object.fromEntries([...orderByValues(model, e).keys()].map((k) => [k, { value: k }])),
      }),
    );
    filterTypes.set(
      e.name,
      new GraphQLInputObjectType({
        name: `${e.name}_filter`,
        fields: (): GraphQLInputFieldConfigMap => {
          const fields: GraphQLInputFieldConfigMap = {};
          for (const [key, { field, op }] of filterKeys(e)) {
            if (op === "child") {
              fields[key] = { type: filterTypes.get(field.typeName)! };
            } else if (field.list || op === "in" || op === "not_in") {
              fields[key] = { type: new GraphQLList(new GraphQLNonNull(valueType(field))) };
            } else {
              fields[key] = { type: valueType(field) };
            }
          }
          fields["_change_block"] = { type: blockChangedFilter };
          fields["and"] = { type: new GraphQLList(filterTypes.get(e.name)!) };
          fields["or"] = { type: new GraphQLList(filterTypes.get(e.name)!) };
          return fields;
        },
      }),
    );
  }

  const collectionArgs = (entity: string): GraphQLFieldConfigArgumentMap => ({
    skip: { type: GraphQLInt, defaultValue: 0 },
    first: { type: GraphQLInt, defaultValue: 100 },
    orderBy: { type: orderByTypes.get(entity)! },
    orderDirection: { type: orderDirection },
    where: { type: filterTypes.get(entity)! },
  });
  const loader = (ctx: RequestContext, entity: EntityModel): Batcher<EntityRow | null> => {
    let l = ctx.loaders.get(entity.name);
    if (l === undefined) {
      l = new Batcher<EntityRow | null>(async (ids) => {
        const rows = await ctx.db.query(
          `SELECT ${layout.selectList(entity, "t")} FROM ${layout.table(entity)} t WHERE t.id = ANY($1::${PARAM_CASTS[entity.idType]}[])`,
          [ids],
        );
        return new Map(rows.map((r) => [String(r["id"]), layout.decodeRow(entity, r)]));
      }, null);
      ctx.loaders.set(entity.name, l);
    }
    return l;
  };
  const run = async (ctx: RequestContext, entity: EntityModel, q: { sql: string; params: unknown[] }) =>
    (await ctx.db.query(q.sql, q.params)).map((r) => layout.decodeRow(entity, r));

  const entityField = (owner: EntityModel, f: FieldModel): GraphQLFieldConfig<EntityRow, RequestContext> => {
    const target = model.entities.get(f.typeName)!;
    const object = () => objectTypes.get(target.name)!;
    if (f.derivedFrom !== null) {
      const back = target.fieldByName.get(f.derivedFrom)!;
      const scope = (row: EntityRow) => (alias: string, params: { add(v: unknown, cast: string): string }) => {
        const p = params.add(row["id"], PARAM_CASTS[owner.idType]);
        return back.list ? `${p} = ANY(${alias}.${qi(back.name)})` : `${alias}.${qi(back.name)} = ${p}`;
      };
      if (!f.list)
        return {
          type: object(),
          resolve: async (row, _args, ctx) =>
            (await run(ctx, target, translator.collection(target, { first: 1 }, scope(row))))[0] ?? null,
        };
      return {
        type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(object()))),
        args: collectionArgs(target.name),
        // The lists of every parent resolved in the same tick come from one query.
        resolve: (row, args: CollectionArgs, ctx) => {
          const key = `${owner.name}.${f.name}:${JSON.stringify(args)}`;
          let batcher = ctx.derived.get(key);
          if (batcher === undefined) {
            batcher = new Batcher<EntityRow[]>(async (parentIds) => {
              const q = translator.derivedPages(target, back, parentIds, args);
              const pages = new Map<string, EntityRow[]>();
              for (const r of await ctx.db.query(q.sql, q.params)) {
                const parent = String(r["__parent"]);
                const page = pages.get(parent) ?? [];
                page.push(layout.decodeRow(target, r));
                pages.set(parent, page);
              }
              return pages;
            }, []);
            ctx.derived.set(key, batcher);
          }
          return batcher.load(String(row["id"]));
        },
      };
    }
    if (f.list) {
      const list = new GraphQLList(new GraphQLNonNull(object()));
      return {
        type: f.nonNull ? new GraphQLNonNull(list) : list,
        args: collectionArgs(target.name),
        resolve: async (row, args: CollectionArgs, ctx) => {
          const ids = row[f.name];
          if (!Array.isArray(ids)) return null;
          const scope = (alias: string, params: { add(v: unknown, cast: string): string }) =>
            `${alias}.id = ANY(${params.add(ids, `${PARAM_CASTS[target.idType]}[]`)})`;
          return run(ctx, target, translator.collection(target, args, scope));
        },
      };
    }
    return {
      type: f.nonNull ? new GraphQLNonNull(object()) : object(),
      resolve: (row, _args, ctx) => {
        const id = row[f.name];
        return id === null || id === undefined ? null : loader(ctx, target).load(String(id));
      },
    };
  };

  for (const e of model.entities.values()) {
    objectTypes.set(
      e.name,
      new GraphQLObjectType<EntityRow, RequestContext>({
        name: e.name,
        fields: () => {
          const fields: Record<string, GraphQLFieldConfig<EntityRow, RequestContext>> = {};
          for (const f of e.fields) {
            if (f.kind === "entity") {
              fields[f.name] = entityField(e, f);
              continue;
            }
            let type: GraphQLOutputType = outputScalar(f);
            if (f.list) type = new GraphQLList(f.itemNonNull ? new GraphQLNonNull(type) : type);
            if (f.nonNull) type = new GraphQLNonNull(type);
            fields[f.name] = { type };
          }
          return fields;
        },
      }),
    );
  }

  const checkBlock = (
    block: { hash?: string | null; number?: number | null; number_gte?: number | null } | undefined,
    state: ReadState,
  ) => {
    if (block == null) return;
    const head = state.head;
    const indexed =
      head === null ? "has not indexed any block yet" : `has only indexed up to block number ${head.number}`;
    if (block.number_gte != null && (head === null || head.number < block.number_gte))
      throw new QueryError(
        `subgraph ${options.name} ${indexed} and data for block number ${block.number_gte} is therefore not yet available`,
      );
    if (block.number != null && head?.number !== block.number)
      throw new QueryError(
        head !== null && block.number < head.number
          ? `time-travel queries are not supported by the local subgraph server: block ${block.number} is before the head ${head.number}`
          : `subgraph ${options.name} ${indexed} and data for block number ${block.number} is therefore not yet available`,
      );
    if (block.hash != null && head?.hash.toLowerCase() !== block.hash)
      throw new QueryError(
        `time-travel queries are not supported by the local subgraph server: block ${block.hash} is not the head`,
      );
  };

  const rootArgs = {
    block: { type: blockHeight },
    subgraphError: { type: new GraphQLNonNull(errorPolicy), defaultValue: "deny" },
  };
  const queryFields: Record<string, GraphQLFieldConfig<unknown, RequestContext>> = {};
  for (const e of model.entities.values()) {
    const object = objectTypes.get(e.name)!;
    queryFields[e.single] = {
      type: object,
      // `id: ID!` whatever the id type, as graph-node.
      args: { id: { type: new GraphQLNonNull(GraphQLID) }, ...rootArgs },
      resolve: (_root, args: { id: string; block?: { number?: number } }, ctx) => {
        checkBlock(args.block, ctx.state);
        let id = String(args.id);
        if (e.idType === "Bytes") {
          if (!/^0x([0-9a-fA-F]{2})*$/.test(id)) throw new QueryError(`${JSON.stringify(id)} is not a valid Bytes id`);
          id = id.toLowerCase();
        }
        if (e.idType === "Int8" && !/^-?\d+$/.test(id))
          throw new QueryError(`${JSON.stringify(id)} is not a valid Int8 id`);
        return loader(ctx, e).load(id);
      },
    };
    queryFields[e.collection] = {
      type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(object))),
      args: { ...collectionArgs(e.name), ...rootArgs },
      resolve: (_root, args: CollectionArgs & { block?: { number?: number } }, ctx) => {
        checkBlock(args.block, ctx.state);
        return run(ctx, e, translator.collection(e, args));
      },
    };
  }
  for (const ft of model.fulltext) {
    const target = objectTypes.get(ft.entity);
    if (target === undefined || queryFields[ft.name] !== undefined) continue;
    queryFields[ft.name] = {
      type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(target))),
      args: {
        text: { type: new GraphQLNonNull(GraphQLString) },
        first: { type: GraphQLInt, defaultValue: 100 },
        skip: { type: GraphQLInt, defaultValue: 0 },
        where: { type: filterTypes.get(ft.entity)! },
        ...rootArgs,
      },
      resolve: () => {
        throw new QueryError(`fulltext search (${ft.name}) is not supported by the local subgraph server`);
      },
    };
  }

  const blockType = new GraphQLObjectType({
    name: "_Block_",
    fields: {
      hash: { type: BytesScalar },
      number: { type: new GraphQLNonNull(GraphQLInt) },
      timestamp: { type: GraphQLInt },
      parentHash: { type: BytesScalar },
    },
  });
  const metaType = new GraphQLObjectType({
    name: "_Meta_",
    fields: {
      block: { type: new GraphQLNonNull(blockType) },
      deployment: { type: new GraphQLNonNull(GraphQLString) },
      hasIndexingErrors: { type: new GraphQLNonNull(GraphQLBoolean) },
    },
  });
  queryFields["_meta"] = {
    type: metaType,
    args: { block: { type: blockHeight } },
    resolve: (_root, args: { block?: { number?: number } }, ctx) => {
      checkBlock(args.block, ctx.state);
      const head = ctx.state.head;
      return {
        block: {
          number: head?.number ?? 0,
          hash: head?.hash ?? null,
          timestamp: head?.timestamp ?? null,
          parentHash: null,
        },
        deployment: options.deployment,
        hasIndexingErrors: ctx.state.error !== null,
      };
    },
  };

  return new GraphQLSchema({
    query: new GraphQLObjectType({ name: "Query", fields: queryFields }),
    types: [...objectTypes.values()],
  });
}

export type { FilterInput };
