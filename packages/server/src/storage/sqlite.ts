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
import type { QueryRunner, SyncQuery } from './prepared.js';
import type { Database } from './schema.js';
import { INLINE_CHECKPOINT_PAGES, startBackgroundCheckpoints } from './sqlite-checkpoints.js';
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

  /** Takes the lock if it is free, without waiting. */
  tryLock(): boolean {
    if (this.#locked) return false;
    this.#locked = true;
    return true;
  }

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
  readonly #lock: FifoLock;

  constructor(config: SqliteDialectConfig, lock: FifoLock) {
    super(config);
    this.#lock = lock;
  }

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
  readonly #lock: FifoLock;
  constructor(config: SqliteDialectConfig, lock: FifoLock) {
    super(config);
    this.#config = config;
    this.#lock = lock;
  }
  override createDriver() {
    return new FairSqliteDriver(this.#config, this.#lock);
  }
}

/**
 * Prepared queries (storage/prepared.ts) run here straight on better-sqlite3, under the lock Kysely's
 * connection takes: a query never runs inside another caller's open transaction, and when the lock is
 * free it runs at once, without a turn of the event loop.
 */
function sqliteRunner(
  database: SqliteDatabase,
  lock: FifoLock,
  listeners: Set<(durationMs: number) => void>,
): QueryRunner {
  const run = <Row>(sql: string, parameters: readonly unknown[]): Row[] => {
    const started = performance.now();
    try {
      const statement = database.prepare(sql);
      if (statement.reader) return statement.all(parameters) as Row[];
      statement.run(parameters);
      return [];
    } finally {
      const duration = performance.now() - started;
      // Metrics only: a listener that throws must not turn a committed batch into a failed one.
      for (const listener of listeners) {
        try {
          listener(duration);
        } catch {}
      }
    }
  };
  return {
    async rows<Row>(sql: string, parameters: readonly unknown[]) {
      if (!lock.tryLock()) await lock.lock();
      try {
        return run<Row>(sql, parameters);
      } finally {
        lock.unlock();
      }
    },
    async transaction<T>(work: (query: SyncQuery) => T): Promise<T> {
      if (!lock.tryLock()) await lock.lock();
      try {
        run('begin', []);
        try {
          const result = work(run);
          run('commit', []);
          return result;
        } catch (error) {
          run('rollback', []);
          throw error;
        }
      } finally {
        lock.unlock();
      }
    },
  };
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
export interface SqliteOptions {
  synchronous?: SqliteSynchronous;
  /**
   * `background` (a server): checkpoints run on a thread of their own (sqlite-checkpoints.ts), so
   * the event loop never copies the WAL back into the database file. `inline` (the default, for
   * short-lived tools and tests): SQLite checkpoints on the connection after a commit, as usual.
   */
  checkpoints?: 'background' | 'inline';
}

export function openSqliteStorage(file: string, options: SqliteOptions = {}): Storage {
  const { db, runner, listeners, sqlite } = openSqliteDatabase(file, options);
  const storage = createKyselyStorage(db, 'sqlite', listeners, runner);
  if (options.checkpoints !== 'background' || file === ':memory:') return storage;
  const checkpoints = startBackgroundCheckpoints(file, {
    // If the thread fails, the connection checkpoints again itself: the WAL must not grow forever.
    onFailure: (reason) => {
      sqlite.pragma(`wal_autocheckpoint = ${INLINE_CHECKPOINT_PAGES}`);
      process.emitWarning(`SQLite checkpoints run inline again: ${reason}`, 'TopaySqliteCheckpoints');
    },
  });
  sqlite.pragma('wal_autocheckpoint = 0');
  // Every message touches a random page of the indexes on conversations and client ids; once those
  // outgrow better-sqlite3's 16 MB page cache, each touch is a read from the OS. 64 MB at most.
  sqlite.pragma('cache_size = -65536');
  // The WAL file keeps the size of its busiest moment; past 64 MB it is cut back once checkpointed.
  sqlite.pragma('journal_size_limit = 67108864');
  const close = storage.close;
  storage.close = async () => {
    await checkpoints.stop();
    await close();
  };
  return storage;
}

/** The database under `openSqliteStorage`: Kysely, and the runner of prepared queries sharing its lock. */
export interface OpenedSqlite {
  db: Kysely<Database>;
  runner: QueryRunner;
  listeners: Set<(durationMs: number) => void>;
  /** The connection itself, for its pragmas. */
  sqlite: SQLite.Database;
}

export function openSqliteDatabase(file: string, options: SqliteOptions = {}): OpenedSqlite {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  // WAL lets readers proceed while a write commits; foreign keys are off by default in SQLite.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma(`synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  const listeners = new Set<(durationMs: number) => void>();
  const lock = new FifoLock();
  const database = withStatementCache(sqlite);
  const db = new Kysely<Database>({
    dialect: new FairSqliteDialect({ database }, lock),
    log(event) {
      for (const listener of listeners) listener(event.queryDurationMillis);
    },
  });
  return { db, runner: sqliteRunner(database, lock, listeners), listeners, sqlite };
}
