import type { DatabaseConfig } from '../config.js';
import { openSqliteStorage } from './sqlite.js';
import type { Storage } from './types.js';

export function openStorage(database: DatabaseConfig): Storage {
  if (database.kind === 'sqlite') return openSqliteStorage(database.file);
  // loadConfig refuses postgres:// until that storage exists; reaching here is a programming error.
  throw new Error('Postgres storage is not available in this version');
}
