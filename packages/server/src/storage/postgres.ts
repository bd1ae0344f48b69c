import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from './migrations.js';
import type { QueryRunner } from './prepared.js';
import type { Database } from './schema.js';
import { createKyselyStorage, type Storage } from './storage.js';

export interface PostgresOptions {
  /** Connections kept per node (`DATABASE_POOL_SIZE`); default 10. */
  poolSize?: number;
  /** A statement running longer fails instead of holding a connection; default 30 s. */
  statementTimeoutMs?: number;
  /** Connecting, or waiting for a free pooled connection, fails after this; default 5 s. */
  connectTimeoutMs?: number;
}

const INT8_OID = 20;

// count(*) and other bigints arrive as strings from pg, because they may exceed 2^53. Ours are row
// counts, so numbers are safe; a per-pool parser leaves pg's global type table alone for other users.
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID && format !== 'binary') return (value: string) => Number(value);
    return format === undefined ? pg.types.getTypeParser(oid) : pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/** The advisory lock every node takes before touching the schema (exported for the tests). */
export const MIGRATION_LOCK_KEY = 7_311_526_904_112_001n;
const MIGRATION_LOCK = sql.lit(MIGRATION_LOCK_KEY);

function poolConfig(url: string, options: PostgresOptions): pg.PoolConfig {
  const statementTimeout = options.statementTimeoutMs ?? 30_000;
  return {
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    idleTimeoutMillis: 30_000,
    // Server side: a runaway statement is cancelled, and a client that died inside a transaction
    // does not keep its row locks for ever.
    statement_timeout: statementTimeout,
    idle_in_transaction_session_timeout: 60_000,
    // Client side: a database that vanished (no RST, no answer) fails the query instead of hanging it.
    query_timeout: statementTimeout + 5_000,
    keepAlive: true,
    types,
    application_name: 'topay-support',
  };
}

/**
 * Prepared queries (storage/prepared.ts) on Postgres: the compiled text straight to the pool, without
 * Kysely's building. Not as named statements: a named statement selecting whole rows fails on every
 * connection once a migration adds a column ("cached plan must not change result type") until the
 * node restarts, which a rolling deploy would hit, and they measured no faster here.
 */
function postgresRunner(pool: pg.Pool, listeners: Set<(durationMs: number) => void>): QueryRunner {
  return {
    async rows<Row>(text: string, parameters: readonly unknown[]) {
      const started = performance.now();
      try {
        const result = await pool.query(text, [...parameters]);
        return result.rows as Row[];
      } finally {
        const duration = performance.now() - started;
        // Metrics only: a listener that throws must not turn a committed batch into a failed one.
        for (const listener of listeners) {
          try {
            listener(duration);
          } catch {}
        }
      }
    },
  };
}

/**
 * Opens a Postgres database through a `pg` pool. Nothing connects until the first query, so a wrong
 * URL shows up in `migrate()` (run on start) or `/readyz`, never as a hang.
 *
 * @example
 * const storage = openPostgresStorage('postgres://topay@db:5432/topay', { poolSize: 20 });
 * await storage.migrate();
 */
export function openPostgresStorage(url: string, options: PostgresOptions = {}): Storage {
  const pool = new pg.Pool(poolConfig(url, options));
  // An idle client whose server went away emits 'error' on the pool; without a listener that kills
  // the process. The pool drops that client, and the next query reconnects or fails on its own.
  pool.on('error', () => {});
  const listeners = new Set<(durationMs: number) => void>();
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    log(event) {
      for (const listener of listeners) listener(event.queryDurationMillis);
    },
  });
  const storage = createKyselyStorage(db, 'postgres', listeners, postgresRunner(pool, listeners));
  return {
    ...storage,
    async migrate() {
      // Kysely's Migrator locks only after creating its own bookkeeping tables with IF NOT EXISTS,
      // which can race on a fresh database (duplicate pg_type) when several nodes start at once;
      // Kysely 0.28 retries that, but we do not want correctness to rest on a version's retry. So the
      // whole run happens under one session-level advisory lock, on one connection of a separate
      // pool without timeouts: waiting for another node's migrations, or a long ALTER, is normal here.
      const migrationDb = new Kysely<Database>({
        dialect: new PostgresDialect({
          pool: new pg.Pool({
            connectionString: url,
            max: 1,
            connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
            keepAlive: true,
            types,
            application_name: 'topay-support migrate',
          }),
        }),
      });
      try {
        return await migrationDb.connection().execute(async (connection) => {
          await sql`select pg_advisory_lock(${MIGRATION_LOCK})`.execute(connection);
          try {
            return await migrateToLatest(connection);
          } finally {
            await sql`select pg_advisory_unlock(${MIGRATION_LOCK})`.execute(connection);
          }
        });
      } finally {
        await migrationDb.destroy();
      }
    },
  };
}
