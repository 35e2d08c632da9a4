/**
 * The two Postgres backends behind one small interface: PGlite (Postgres compiled to WASM, in-process, persisted in a
 * data directory, or in memory) and a real server through `pg` when a `DATABASE_URL` is given.
 */

export type Row = Record<string, unknown>;

export interface Queryable {
  query<R extends Row = Row>(sql: string, params?: unknown[]): Promise<R[]>;
}

export interface Database extends Queryable {
  /** Runs statements without parameters (several may be separated by `;`). */
  exec(sql: string): Promise<void>;
  /** Runs `fn` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  readonly kind: "pglite" | "postgres";
}

/** Opens PGlite in `dataDir` (created if missing), or in memory when `dataDir` is undefined. */
export async function openPglite(dataDir: string | undefined): Promise<Database> {
  const { PGlite } = await import("@electric-sql/pglite");
  if (dataDir !== undefined) {
    const { mkdir } = await import("node:fs/promises");
    await mkdir(dataDir, { recursive: true });
  }
  const db = await PGlite.create(dataDir ?? "memory://");
  return {
    kind: "pglite",
    async query<R extends Row>(sql: string, params?: unknown[]): Promise<R[]> {
      return (await db.query<R>(sql, params)).rows;
    },
    async exec(sql: string): Promise<void> {
      await db.exec(sql);
    },
    transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      return db.transaction(async (tx) =>
        fn({
          async query<R extends Row>(sql: string, params?: unknown[]): Promise<R[]> {
            return (await tx.query<R>(sql, params)).rows;
          },
        }),
      );
    },
    async close(): Promise<void> {
      await db.close();
    },
  };
}

/** Connects to a real Postgres (`postgres://user:pass@host:port/db`). */
export async function openPostgres(databaseUrl: string): Promise<Database> {
  const pg = await import("pg");
  const pool = new pg.default.Pool({ connectionString: databaseUrl, max: 4 });
  const run = async <R extends Row>(client: { query: typeof pool.query }, sql: string, params?: unknown[]) =>
    (await client.query<R>(sql, params)).rows;
  return {
    kind: "postgres",
    query: <R extends Row>(sql: string, params?: unknown[]) => run<R>(pool, sql, params),
    async exec(sql: string): Promise<void> {
      await pool.query(sql);
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const result = await fn({
          query: <R extends Row>(sql: string, params?: unknown[]) => run<R>(client, sql, params),
        });
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async close(): Promise<void> {
      await pool.end();
    },
  };
}
