import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { type Arg, prepare } from '../src/storage/prepared.js';
import { openSqliteDatabase } from '../src/storage/sqlite.js';

// Prepared queries (storage/prepared.ts) skip Kysely's building and, on SQLite, its driver: the same
// answers as the built query, and the same isolation from a transaction another caller holds open.

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function scratch() {
  const dir = mkdtempSync(path.join(tmpdir(), 'topay-prepared-'));
  dirs.push(dir);
  const opened = openSqliteDatabase(path.join(dir, 'db.sqlite'));
  await sql`create table notes (id text primary key, owner text not null, body text not null, rank integer not null)`.execute(
    opened.db,
  );
  for (const [id, owner, rank] of [
    ['a', 'ann', 2],
    ['b', 'ann', 1],
    ['c', 'bob', 3],
  ] as const) {
    await sql`insert into notes (id, owner, body, rank) values (${id}, ${owner}, ${`note ${id}`}, ${rank})`.execute(
      opened.db,
    );
  }
  // The scratch table is not in the app's schema type: build through an untyped view of the same db.
  const db = opened.db.withTables<{ notes: { id: string; owner: string; body: string; rank: number } }>();
  return { ...opened, db };
}

describe('prepared queries', () => {
  it('bind arguments by name wherever they appear, and keep the constants compiled in', async () => {
    const { db, runner } = await scratch();
    const query = prepare(runner, (arg: Arg<{ owner: string; above: number }>) =>
      db
        .selectFrom('notes')
        .select(['id', 'rank'])
        .where('rank', '>', arg('above'))
        .where('owner', '=', arg('owner'))
        .orderBy('rank')
        .limit(5),
    );
    expect(await query({ owner: 'ann', above: 0 })).toEqual([
      { id: 'b', rank: 1 },
      { id: 'a', rank: 2 },
    ]);
    expect(await query({ above: 1, owner: 'ann' })).toEqual([{ id: 'a', rank: 2 }]);
    expect(await query({ owner: 'nobody', above: 0 })).toEqual([]);
    await db.destroy();
  });

  it('wait for a transaction held open by another caller and never see its uncommitted writes', async () => {
    const { db, runner } = await scratch();
    const body = prepare(runner, (arg: Arg<{ id: string }>) =>
      db.selectFrom('notes').select('body').where('id', '=', arg('id')),
    );
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let written!: () => void;
    const wrote = new Promise<void>((resolve) => {
      written = resolve;
    });
    const transaction = db.transaction().execute(async (trx) => {
      await trx.updateTable('notes').set({ body: 'changed' }).where('id', '=', 'a').execute();
      written();
      await held;
      throw new Error('rolled back on purpose');
    });
    await wrote;
    const read = body({ id: 'a' });
    let answered = false;
    void read.then(() => {
      answered = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(answered).toBe(false);
    release();
    await expect(transaction).rejects.toThrow('rolled back on purpose');
    expect(await read).toEqual([{ body: 'note a' }]);
    await db.destroy();
  });

  it('run a synchronous transaction that commits when the work returns and rolls back when it throws', async () => {
    const { db, runner } = await scratch();
    const rename =
      (id: string, body: string) =>
      (query: Parameters<Parameters<NonNullable<typeof runner.transaction>>[0]>[0]) =>
        query('update notes set body = ? where id = ?', [body, id]);
    await runner.transaction!((query) => {
      rename('a', 'kept')(query);
      rename('b', 'kept too')(query);
    });
    await expect(
      runner.transaction!((query) => {
        rename('c', 'lost')(query);
        throw new Error('a later input failed');
      }),
    ).rejects.toThrow('a later input failed');
    const rows = await db.selectFrom('notes').select(['id', 'body']).orderBy('id').execute();
    expect(rows).toEqual([
      { id: 'a', body: 'kept' },
      { id: 'b', body: 'kept too' },
      { id: 'c', body: 'note c' },
    ]);
    await db.destroy();
  });

  it('count in the query metrics like any other query', async () => {
    const { db, runner, listeners } = await scratch();
    const durations: number[] = [];
    listeners.add((ms) => durations.push(ms));
    const all = prepare(runner, () => db.selectFrom('notes').selectAll());
    await all({});
    expect(durations).toHaveLength(1);
    await db.destroy();
  });
});
