import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { describe } from 'vitest';
import type { Database } from '../src/storage/schema.js';
import { openSqliteStorage } from '../src/storage/sqlite.js';
import { defineStorageContract } from './storage-contract.js';

describe('storage contract on SQLite', () => {
  // A real file, not `:memory:`: several storages open the same database, as after a restart.
  defineStorageContract(
    async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'topay-contract-'));
      const file = path.join(dir, 'db.sqlite');
      return {
        open: async () => openSqliteStorage(file),
        drop: async () => rmSync(dir, { recursive: true, force: true }),
        raw: () => new Kysely<Database>({ dialect: new SqliteDialect({ database: new SQLite(file) }) }),
      };
    },
    { multiNode: false },
  );
});
