/**
 * Executes graph-node-dialect GraphQL requests against the store: parse, refuse what the local server does not
 * serve (mutations, subscriptions), validate against the generated schema, then resolve inside one `read()` of
 * the store. A response with errors carries no data, so a client never takes a partial answer for a whole one.
 */
import {
  execute,
  getOperationAST,
  GraphQLError,
  parse,
  validate,
  type DocumentNode,
  type GraphQLSchema,
} from "graphql";
import { buildApiSchema, type RequestContext } from "./graphql-schema.js";
import type { PostgresEntityStore } from "./store.js";

export interface GraphQLRequest {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

export interface GraphQLResponseError {
  message: string;
  locations?: { line: number; column: number }[];
  path?: (string | number)[];
}

export interface GraphQLResponse {
  data?: Record<string, unknown>;
  errors?: GraphQLResponseError[];
}

const toError = (e: GraphQLError): GraphQLResponseError => ({
  message: e.message,
  ...(e.locations !== undefined ? { locations: e.locations.map((l) => ({ line: l.line, column: l.column })) } : {}),
  ...(e.path !== undefined ? { path: [...e.path] } : {}),
});

export class SubgraphQueryEngine {
  readonly schema: GraphQLSchema;
  private readonly documents = new Map<string, DocumentNode>();

  constructor(
    readonly store: PostgresEntityStore,
    readonly options: { name: string; deployment: string },
  ) {
    this.schema = buildApiSchema(store.model, store.layout, options);
  }

  /** Parses and validates a query once; repeated queries (a dApp polls the same few) skip both. */
  private document(query: string, operationName: string | undefined): DocumentNode | GraphQLResponse {
    const cached = this.documents.get(query);
    if (cached !== undefined) return cached;
    let document: DocumentNode;
    try {
      document = parse(query);
    } catch (e) {
      return { errors: [toError(e instanceof GraphQLError ? e : new GraphQLError(String(e)))] };
    }
    // Mutations and subscriptions are refused with a clear message before validation's generic one.
    const kind = getOperationAST(document, operationName)?.operation;
    if (kind === "subscription")
      return {
        errors: [
          {
            message: "subscriptions are not supported by the local subgraph server; poll with queries",
          },
        ],
      };
    if (kind === "mutation") return { errors: [{ message: "a subgraph is read-only: mutations are not supported" }] };
    const errors = validate(this.schema, document);
    if (errors.length > 0) return { errors: errors.map(toError) };
    if (this.documents.size > 500) this.documents.clear();
    this.documents.set(query, document);
    return document;
  }

  async execute(request: GraphQLRequest): Promise<GraphQLResponse> {
    if (typeof request.query !== "string" || request.query.trim() === "")
      return { errors: [{ message: "the request has no query" }] };
    const document = this.document(request.query, request.operationName ?? undefined);
    if (!("kind" in document)) return document;
    return this.store.read(async (db, state) => {
      const context: RequestContext = { db, state, loaders: new Map(), derived: new Map() };
      const result = await execute({
        schema: this.schema,
        document,
        variableValues: request.variables ?? undefined,
        operationName: request.operationName ?? undefined,
        contextValue: context,
      });
      if (result.errors !== undefined && result.errors.length > 0) return { errors: result.errors.map(toError) };
      return { data: result.data as Record<string, unknown> };
    });
  }
}
