import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import {
  type DatabaseConnection,
  Kysely,
  type SqliteDatabase,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
  type SqliteStatement,
} from 'kysely';
import type { SqliteSynchronous } from '../config.js';
import type { Database } from './schema.js';
import { createKyselyStorage, type Storage } from './storage.js';

/**
 * A lock that hands over to exactly one waiter, in arrival order. kysely's SQLite driver wakes every
 * waiter on each release and all but one go back to sleep: O(waiters) per query, so a backlog of
 * n concurrent handlers costs O(n²) microtasks in one uninterrupted block (seconds at a few
 * thousand; bench/load.mjs saw 7–15 s event-loop stalls and ping timeouts at 1,000 msg/s).
 */
class FifoLock {
  #waiters: (() => void)[] = [];
  #head = 0;
  #locked = false;

  lock(): Promise<void> {
    if (!this.#locked) {
      this.#locked = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  unlock(): void {
    if (this.#head === this.#waiters.length) {
      this.#waiters = [];
      this.#head = 0;
      this.#locked = false;
      return;
    }
    const next = this.#waiters[this.#head]!;
    this.#head++;
    if (this.#head > 1024 && this.#head * 2 > this.#waiters.length) {
      this.#waiters = this.#waiters.slice(this.#head);
      this.#head = 0;
    }
    next();
  }
}

class FairSqliteDriver extends SqliteDriver {
  readonly #lock = new FifoLock();

  override async acquireConnection(): Promise<DatabaseConnection> {
    await this.#lock.lock();
    // kysely's own lock is now never contended.
    return super.acquireConnection();
  }

  override async releaseConnection(): Promise<void> {
    await super.releaseConnection();
    this.#lock.unlock();
  }
}

class FairSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }
  override createDriver() {
    return new FairSqliteDriver(this.#config);
  }
}

/** kysely prepares every query anew (~15% of the server's CPU under chat load); reuse by SQL text. */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    prepare(sql: string): SqliteStatement {
      let statement = cache.get(sql);
      if (!statement) {
        statement = sqlite.prepare(sql);
        // Queries are built from a fixed set of shapes; the cap only guards against a runaway one.
        if (cache.size < 1000) cache.set(sql, statement);
      }
      return statement;
    },
    close: () => sqlite.close(),
  };
}

/**
 * Opens (creating when needed) the SQLite database at `file`. `:memory:` gives a private database,
 * which the unit tests use.
 *
 * `synchronous: 'normal'` (the default, as Rails and Litestream set it for WAL): a commit is in the
 * WAL before its caller hears of it, so it survives the process crashing or being killed; the WAL is
 * fsynced at checkpoints, so a power loss or kernel crash may lose the last commits. `'full'` fsyncs
 * every commit. better-sqlite3 is synchronous, so that fsync stalls the event loop: about 260 µs of
 * wall time and 57 µs of CPU per commit on the benchmark machine, against 10 µs and 7 µs.
 */
export function openSqliteStorage(file: string, options: { synchronous?: SqliteSynchronous } = {}): Storage {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  // WAL lets readers proceed while a write commits; foreign keys are off by default in SQLite.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma(`synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  const listeners = new Set<(durationMs: number) => void>();
  const db = new Kysely<Database>({
    dialect: new FairSqliteDialect({ database: withStatementCache(sqlite) }),
    log(event) {
      for (const listener of listeners) listener(event.queryDurationMillis);
    },
  });
  return createKyselyStorage(db, 'sqlite', listeners);
}
