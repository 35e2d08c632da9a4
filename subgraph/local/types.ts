/**
 * The seam between the local indexer (subgraph/runner: the compiled mappings run under Node over the node's logs)
 * and the local GraphQL server (subgraph/server: entities in an embedded Postgres, PGlite, served at graph-node's
 * path). The runner keeps the working set of entities in memory (mappings read the store synchronously) and hands
 * the server's store one block of changes at a time; the store persists them so a restart resumes.
 */

/**
 * A field value in graph-node's JSON form, as a GraphQL query returns it: `ID`, `String`, `Bytes` (0x-prefixed
 * lower-case hex), `BigInt`, `BigDecimal` and `Int8` as strings; `Int` as a number; `Boolean`; a reference to another
 * entity as its id; lists of these; `null` for an unset optional field. `@derivedFrom` fields are never stored.
 */
export type FieldValue = string | number | boolean | null | FieldValue[];

/** An entity's stored fields by name (`id` included). */
export type EntityData = Record<string, FieldValue>;

/** One entity written (`data`) or removed (`data: null`) by a block's handlers; the last write of a block wins. */
export interface EntityChange {
  entity: string;
  id: string;
  data: EntityData | null;
}

/** A block the indexer has processed, with every entity change its handlers made, in order. */
export interface BlockChanges {
  number: number;
  /** 0x-prefixed block hash. */
  hash: string;
  /** Unix seconds. */
  timestamp: number;
  changes: EntityChange[];
}

/** Where the indexer stands; served as `_meta` and by the status endpoint. */
export interface IndexedHead {
  number: number;
  hash: string;
  timestamp: number;
}

/** A handler failure: the indexer stops at this block and reports it (it never skips a log silently). */
export interface IndexingError {
  block: number;
  logIndex: number | null;
  transactionHash: string | null;
  message: string;
}

/** The persistent side of the local subgraph, written by the indexer and read by the GraphQL server. */
export interface EntityStore {
  /** Every stored entity (by entity type, then id): the indexer's working set after a restart. */
  loadAll(): Promise<Map<string, Map<string, EntityData>>>;
  /** The last block applied, or null before the first. */
  head(): Promise<IndexedHead | null>;
  /** Applies one block's changes and makes it the head, atomically (all or nothing). Blocks come in order. */
  applyBlock(block: BlockChanges): Promise<void>;
  /** Records a fatal indexing error (served as `_meta { hasIndexingErrors }`), or clears it with null. */
  setError(error: IndexingError | null): Promise<void>;
  close(): Promise<void>;
}
