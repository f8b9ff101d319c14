// One small interface over the two databases the service runs on:
//   embedded  PGlite (PostgreSQL compiled to Wasm) with its files in a folder, the default
//   postgres  a PostgreSQL server through `pg`, when DATABASE_URL is set
// Both speak the same SQL, so the migrations and every query are shared. Only parameterised
// queries go through `query`; `exec` runs the migration files (no parameters, several statements).
import { readdir, readFile, mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const MIGRATIONS = fileURLToPath(new URL('../migrations/', import.meta.url));

/**
 * @typedef {(sql: string, params?: unknown[]) => Promise<any[]>} Query
 * @typedef {{ kind: 'embedded' | 'postgres', query: Query,
 *             tx: <T>(fn: (q: Query) => Promise<T>) => Promise<T>, close: () => Promise<void> }} Database
 */

/** Opens the database named by `url` (`postgres://…`) or the embedded one in `dataDir`. */
export async function openDatabase({ url, dataDir }) {
  const db = url ? await openPostgres(url) : await openEmbedded(dataDir);
  await migrate(db);
  return db;
}

async function openEmbedded(dataDir) {
  const { PGlite } = await import('@electric-sql/pglite');
  await mkdir(dataDir, { recursive: true });
  const pg = await PGlite.create(dataDir);
  const run = (conn) => async (sql, params = []) => (await conn.query(sql, params)).rows;
  return {
    kind: 'embedded',
    query: run(pg),
    exec: (sql) => pg.exec(sql),
    // PGlite has one connection; its transaction() holds it until the callback settles.
    tx: (fn) => pg.transaction((t) => fn(run(t), (sql) => t.exec(sql))),
    close: () => pg.close(),
  };
}

async function openPostgres(url) {
  const { default: pg } = await import('pg');
  // int8 (sequence numbers, counts) as JS numbers: they stay far below 2^53.
  pg.types.setTypeParser(20, (v) => Number(v));
  const pool = new pg.Pool({ connectionString: url, max: Number(process.env.HS_PG_POOL ?? 10) });
  // A broken idle connection must not crash the process; the next query gets a fresh one.
  pool.on('error', () => {});
  const run = (conn) => async (sql, params = []) => (await conn.query(sql, params)).rows;
  return {
    kind: 'postgres',
    query: run(pool),
    async tx(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const out = await fn(run(client), (sql) => client.query(sql));
        await client.query('COMMIT');
        return out;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {});
        throw e;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/** Applies the files of migrations/ not yet applied, in name order, in one transaction. */
async function migrate(db) {
  const files = (await readdir(MIGRATIONS)).filter((f) => f.endsWith('.sql')).sort();
  await db.tx(async (q, exec) => {
    // Several processes may start at once on one PostgreSQL: one migrates, the others wait.
    await q('SELECT pg_advisory_xact_lock(8787001)');
    await exec('CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const done = new Set((await q('SELECT version FROM schema_migrations')).map((r) => r.version));
    for (const f of files) {
      if (done.has(f)) continue;
      await exec(await readFile(path.join(MIGRATIONS, f), 'utf8'));
      await q('INSERT INTO schema_migrations (version) VALUES ($1)', [f]);
    }
  });
}
