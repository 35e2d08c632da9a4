/**
 * The `EntityStore` on Postgres (PGlite in a data directory by default, a real server with `databaseUrl`): tables
 * generated from the subgraph schema, one transaction per block, the head and the indexing error in `_meta`.
 * Reopening the same data directory resumes from `head()`. The GraphQL server reads through `read()`, which never
 * overlaps a block being written.
 */
import { createHash } from "node:crypto";
import type { BlockChanges, EntityData, EntityStore, FieldValue, IndexedHead, IndexingError } from "../local/types.js";
import { openPglite, openPostgres, type Database, type Queryable } from "./db.js";
import { ReadWriteLock } from "./lock.js";
import { parseSubgraphSchema, type EntityModel, type SubgraphModel } from "./sdl.js";
import { BLOCK_COLUMN, encodeField, encodeScalar, PARAM_CASTS, qi, SqlLayout, ValueError } from "./sql-schema.js";

export interface StoreOptions {
  /** The subgraph schema (schema.graphql). */
  schemaSdl: string;
  /** PGlite's data directory (e.g. `deployments/subgraph-db/`); in memory when neither this nor `databaseUrl` is set. */
  dataDir?: string;
  /** A real Postgres instead of PGlite (`postgres://...`); takes precedence over `dataDir`. */
  databaseUrl?: string;
  /** The Postgres schema holding the tables (default `subgraph`). */
  pgSchema?: string;
  /**
   * What to do when the stored data was written for another SDL: `"error"` (default) refuses to open, `"reset"`
   * drops the stored entities and starts from no head.
   */
  onSchemaChange?: "error" | "reset";
}

/** The state a read sees: the head and the error, consistent with the rows. */
export interface ReadState {
  head: IndexedHead | null;
  error: IndexingError | null;
}

export class StoreError extends Error {
  override name = "StoreError";
}

interface MetaRow extends Record<string, unknown> {
  schema_hash: string;
  head_number: string | null;
  head_hash: string | null;
  head_timestamp: string | null;
  error: IndexingError | null;
}

/** Rows per INSERT statement are limited so a statement stays under Postgres' 65535 parameters. */
const MAX_PARAMS = 30_000;

export class PostgresEntityStore implements EntityStore {
  private readonly lock = new ReadWriteLock();
  private state: ReadState = { head: null, error: null };
  private closed = false;

  private constructor(
    readonly model: SubgraphModel,
    readonly layout: SqlLayout,
    private readonly db: Database,
  ) {}

  static async open(options: StoreOptions): Promise<PostgresEntityStore> {
    const model = parseSubgraphSchema(options.schemaSdl);
    const layout = new SqlLayout(model, options.pgSchema ?? "subgraph");
    const db =
      options.databaseUrl !== undefined ? await openPostgres(options.databaseUrl) : await openPglite(options.dataDir);
    try {
      const store = new PostgresEntityStore(model, layout, db);
      await store.init(createHash("sha256").update(options.schemaSdl).digest("hex"), options.onSchemaChange ?? "error");
      return store;
    } catch (error) {
      await db.close();
      throw error;
    }
  }

  get backend(): Database["kind"] {
    return this.db.kind;
  }

  private async init(schemaHash: string, onSchemaChange: "error" | "reset"): Promise<void> {
    const schema = qi(this.layout.pgSchema);
    const exists = await this.db.query(
      `SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = '_meta'`,
      [this.layout.pgSchema],
    );
    if (exists.length > 0) {
      const [meta] = await this.db.query<MetaRow>(`SELECT * FROM ${this.layout.metaTable} WHERE id = 1`);
      if (meta !== undefined && meta.schema_hash !== schemaHash) {
        if (onSchemaChange === "error")
          throw new StoreError(
            `the stored subgraph data (Postgres schema ${this.layout.pgSchema}) was indexed with another schema.graphql; ` +
              `delete it (or open with onSchemaChange: "reset") to index again`,
          );
        await this.db.exec(`DROP SCHEMA ${schema} CASCADE`);
      }
    }
    await this.db.exec(this.layout.ddl());
    await this.db.query(
      `INSERT INTO ${this.layout.metaTable} (id, schema_hash) VALUES (1, $1) ON CONFLICT (id) DO NOTHING`,
      [schemaHash],
    );
    const [meta] = await this.db.query<MetaRow>(`SELECT * FROM ${this.layout.metaTable} WHERE id = 1`);
    this.state = {
      head:
        meta?.head_number == null
          ? null
          : { number: Number(meta.head_number), hash: meta.head_hash ?? "", timestamp: Number(meta.head_timestamp) },
      error: meta?.error ?? null,
    };
  }

  private checkOpen(): void {
    if (this.closed) throw new StoreError("the entity store is closed");
  }

  async head(): Promise<IndexedHead | null> {
    this.checkOpen();
    return this.state.head;
  }

  async indexingError(): Promise<IndexingError | null> {
    this.checkOpen();
    return this.state.error;
  }

  /** Runs `fn` with no block being written meanwhile; `state` is the head and error matching what it reads. */
  read<T>(fn: (db: Queryable, state: ReadState) => Promise<T>): Promise<T> {
    this.checkOpen();
    return this.lock.read(() => fn(this.db, this.state));
  }

  async loadAll(): Promise<Map<string, Map<string, EntityData>>> {
    return this.read(async (db) => {
      const all = new Map<string, Map<string, EntityData>>();
      for (const e of this.model.entities.values()) {
        const rows = await db.query(`SELECT ${this.layout.selectList(e, "t")} FROM ${this.layout.table(e)} t`);
        all.set(e.name, new Map(rows.map((r) => [String(r["id"]), this.layout.decodeRow(e, r)])));
      }
      return all;
    });
  }

  async applyBlock(block: BlockChanges): Promise<void> {
    this.checkOpen();
    const checkOrder = () => {
      const head = this.state.head;
      if (head !== null && block.number <= head.number)
        throw new StoreError(`block ${block.number} is not after the head ${head.number}`);
    };
    checkOrder();
    // The last change of each entity wins; check every value before writing anything.
    const last = new Map<string, { entity: EntityModel; id: unknown; data: EntityData | null }>();
    for (const change of block.changes) {
      const entity = this.model.entities.get(change.entity);
      if (entity === undefined) throw new ValueError(`block ${block.number}: unknown entity type ${change.entity}`);
      const id = encodeScalar(entity.idType, change.id, `${entity.name}.id`);
      if (change.data !== null) {
        for (const key of Object.keys(change.data))
          if (!entity.fieldByName.has(key)) throw new ValueError(`${entity.name} has no field ${key}`);
        if (change.data["id"] !== undefined && change.data["id"] !== change.id)
          throw new ValueError(`${entity.name} ${change.id}: data.id is ${JSON.stringify(change.data["id"])}`);
      }
      last.set(`${entity.name}\u0000${String(id)}`, { entity, id, data: change.data });
    }
    const upserts = new Map<EntityModel, unknown[][]>();
    const deletes = new Map<EntityModel, unknown[]>();
    for (const { entity, id, data } of last.values()) {
      if (data === null) {
        const ids = deletes.get(entity) ?? [];
        ids.push(id);
        deletes.set(entity, ids);
        continue;
      }
      const row = entity.stored.map((f) =>
        f.name === "id" ? id : encodeField(this.model, entity, f, data[f.name] as FieldValue | undefined),
      );
      row.push(block.number);
      const rows = upserts.get(entity) ?? [];
      rows.push(row);
      upserts.set(entity, rows);
    }

    await this.lock.write(async () => {
      checkOrder(); // again, under the lock: another applyBlock may have run meanwhile
      await this.db.transaction(async (tx) => {
        for (const [entity, ids] of deletes) {
          await tx.query(
            `DELETE FROM ${this.layout.table(entity)} WHERE id = ANY($1::${PARAM_CASTS[entity.idType]}[])`,
            [ids],
          );
        }
        for (const [entity, rows] of upserts) await this.upsert(tx, entity, rows);
        await tx.query(
          `UPDATE ${this.layout.metaTable} SET head_number = $1, head_hash = $2, head_timestamp = $3 WHERE id = 1`,
          [block.number, block.hash, block.timestamp],
        );
      });
      // Still under the lock, so no read sees the new rows with the old head.
      this.state = { ...this.state, head: { number: block.number, hash: block.hash, timestamp: block.timestamp } };
    });
  }

  private async upsert(tx: Queryable, entity: EntityModel, rows: unknown[][]): Promise<void> {
    const columns = [...entity.stored.map((f) => qi(f.name)), qi(BLOCK_COLUMN)];
    const casts = [...entity.stored.map((f) => `${PARAM_CASTS[f.valueType]}${f.list ? "[]" : ""}`), "bigint"];
    const update = columns.filter((c) => c !== '"id"').map((c) => `${c} = EXCLUDED.${c}`);
    const perStatement = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
    for (let start = 0; start < rows.length; start += perStatement) {
      const chunk = rows.slice(start, start + perStatement);
      const params: unknown[] = [];
      const values = chunk.map(
        (row) =>
          `(${row
            .map((v, i) => {
              params.push(v);
              return `$${params.length}::${casts[i]}`;
            })
            .join(", ")})`,
      );
      await tx.query(
        `INSERT INTO ${this.layout.table(entity)} (${columns.join(", ")}) VALUES ${values.join(", ")}
         ON CONFLICT (id) DO UPDATE SET ${update.join(", ")}`,
        params,
      );
    }
  }

  async setError(error: IndexingError | null): Promise<void> {
    this.checkOpen();
    await this.lock.write(async () => {
      await this.db.query(`UPDATE ${this.layout.metaTable} SET error = $1::jsonb WHERE id = 1`, [
        error === null ? null : JSON.stringify(error),
      ]);
      this.state = { ...this.state, error };
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.lock.write(async () => {
      this.closed = true;
      await this.db.close();
    });
  }
}
