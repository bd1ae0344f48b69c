import { type AddressInfo, createServer, type Socket } from 'node:net';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { MIGRATION_LOCK_KEY, openPostgresStorage } from '../src/storage/postgres.js';
import type { Database } from '../src/storage/schema.js';
import { createTestDatabase, postgresAvailable } from './postgres-database.js';
import { defineStorageContract } from './storage-contract.js';

const available = postgresAvailable('storage contract');

describe.skipIf(!available)('storage contract on Postgres', () => {
  defineStorageContract(
    async () => {
      const database = await createTestDatabase();
      return {
        // A small pool, so the concurrency tests also prove that waiting for a connection works.
        open: async () => openPostgresStorage(database.url, { poolSize: 4 }),
        drop: () => database.drop(),
        raw: () =>
          new Kysely<Database>({
            dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database.url, max: 1 }) }),
          }),
      };
    },
    { multiNode: true },
  );
});

describe.skipIf(!available)('Postgres storage specifics', () => {
  it('waits for the node that holds the migration lock, then finds nothing left to do', async () => {
    const database = await createTestDatabase();
    const holder = new pg.Client({ connectionString: database.url });
    await holder.connect();
    const storage = openPostgresStorage(database.url);
    try {
      await holder.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY.toString()]);
      let settled = false;
      const migrating = storage.migrate().finally(() => {
        settled = true;
      });
      // Waits until the migration is queued behind the lock (its advisory lock request shows, not granted),
      // rather than a pause that would pass just as well if it never asked for the lock.
      await expect
        .poll(async () => {
          const { rows } = await holder.query<{ waiting: string }>(
            "select count(*) as waiting from pg_locks where locktype = 'advisory' and not granted and database = (select oid from pg_database where datname = current_database())",
          );
          return Number(rows[0]?.waiting);
        })
        .toBe(1);
      expect(settled).toBe(false);
      await holder.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY.toString()]);
      expect((await migrating).length).toBeGreaterThan(0);
      expect(await storage.migrate()).toEqual([]);
    } finally {
      await holder.end();
      await storage.close();
      await database.drop();
    }
  });

  it('ends its pool on close, leaving no connection behind', async () => {
    const database = await createTestDatabase();
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    const connections = async () =>
      (
        await admin.query(
          "select count(*)::int as n from pg_stat_activity where datname = current_database() and application_name = 'topay-support'",
        )
      ).rows[0].n as number;
    try {
      const storage = openPostgresStorage(database.url, { poolSize: 3 });
      await storage.migrate();
      await Promise.all([1, 2, 3].map(() => storage.merchants.list()));
      expect(await connections()).toBeGreaterThan(0);
      await storage.close();
      await expect.poll(connections).toBe(0);
    } finally {
      await admin.end();
      await database.drop();
    }
  });

  it('fails fast instead of hanging when the database does not answer', async () => {
    // Accepts TCP connections and never says a word, like a database behind a dead network path.
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    const storage = openPostgresStorage(`postgres://u:secret-password@127.0.0.1:${port}/db`, {
      connectTimeoutMs: 300,
    });
    try {
      const started = Date.now();
      const error = await storage.ping().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).not.toContain('secret-password');
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      await storage.close();
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });
});
