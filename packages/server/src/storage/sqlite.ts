import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { createKyselyStorage } from './kysely-storage.js';
import type { Database } from './schema.js';
import type { Storage } from './types.js';

/**
 * Opens (creating when needed) the SQLite database at `file`. `:memory:` gives a private database,
 * which the unit tests use.
 */
export function openSqliteStorage(file: string): Storage {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  // WAL lets readers proceed while a write commits; foreign keys are off by default in SQLite.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const listeners = new Set<(durationMs: number) => void>();
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: sqlite }),
    log(event) {
      for (const listener of listeners) listener(event.queryDurationMillis);
    },
  });
  return createKyselyStorage(db, 'sqlite', listeners);
}
