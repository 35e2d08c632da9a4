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

/** The lock file PGlite's data directory gets while a process has it open. */
export const PGLITE_LOCK_FILE = "tmai-subgraph.lock";

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
};

/**
 * Takes `<dataDir>/tmai-subgraph.lock` for this process. PGlite does not lock its data directory, and two
 * instances writing the same one would corrupt it; a lock left by a process that is gone is taken over.
 */
async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const { mkdir, open, readFile, unlink } = await import("node:fs/promises");
  const { join } = await import("node:path");
  await mkdir(dataDir, { recursive: true });
  const path = join(dataDir, PGLITE_LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const file = await open(path, "wx");
      await file.writeFile(String(process.pid));
      await file.close();
      return () => unlink(path).catch(() => undefined);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number((await readFile(path, "utf8").catch(() => "")).trim());
      if (Number.isInteger(holder) && holder > 0 && isAlive(holder))
        throw new Error(
          `the subgraph data directory ${dataDir} is in use by process ${holder}${holder === process.pid ? " (this one)" : ""}`,
        );
      await unlink(path).catch(() => undefined);
    }
  }
  throw new Error(`could not lock the subgraph data directory ${dataDir}`);
}

/** Opens PGlite in `dataDir` (created if missing, locked while open), or in memory when `dataDir` is undefined. */
export async function openPglite(dataDir: string | undefined): Promise<Database> {
  const { PGlite } = await import("@electric-sql/pglite");
  const unlock = dataDir !== undefined ? await lockDataDir(dataDir) : async () => undefined;
  let db: InstanceType<typeof PGlite>;
  try {
    db = await PGlite.create(dataDir ?? "memory://");
  } catch (error) {
    await unlock();
    throw error;
  }
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
      try {
        await db.close();
      } finally {
        await unlock();
      }
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
