import type { DatabaseConfig } from '../config.js';
import { openPostgresStorage } from './postgres.js';
import { openSqliteStorage } from './sqlite.js';
import type { Storage } from './storage.js';

/** `serving`: for a server that runs for long (SQLite then checkpoints on a thread of its own). */
export function openStorage(database: DatabaseConfig, options: { serving?: boolean } = {}): Storage {
  if (database.kind === 'postgres') return openPostgresStorage(database.url, { poolSize: database.poolSize });
  return openSqliteStorage(database.file, {
    synchronous: database.synchronous,
    checkpoints: options.serving ? 'background' : 'inline',
  });
}
