import type { DatabaseConfig } from '../config.js';
import { openPostgresStorage } from './postgres.js';
import { openSqliteStorage } from './sqlite.js';
import type { Storage } from './storage.js';

export function openStorage(database: DatabaseConfig): Storage {
  if (database.kind === 'postgres') return openPostgresStorage(database.url, { poolSize: database.poolSize });
  return openSqliteStorage(database.file, { synchronous: database.synchronous });
}
