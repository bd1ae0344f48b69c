import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** SQLite's own default: a connection checkpoints after a commit leaves this many pages in the WAL. */
export const INLINE_CHECKPOINT_PAGES = 1_000;

/** How often the checkpoint thread copies the WAL back into the database file. */
const INTERVAL_MS = 250;

// A thread of its own with its own connection, as SQLite's WAL notes suggest for busy writers. It is
// plain CommonJS given as source, so it runs the same from the compiled server and from the tests.
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.driver);
const db = new SQLite(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
let timer;
function checkpoint() {
  // PASSIVE: copies what no reader still needs and never blocks the server's writes.
  db.pragma('wal_checkpoint(PASSIVE)');
}
function tick() {
  try {
    checkpoint();
  } catch (error) {
    parentPort.postMessage({ failed: error instanceof Error ? error.message : String(error) });
    db.close();
    parentPort.close();
    return;
  }
  timer = setTimeout(tick, workerData.intervalMs);
}
timer = setTimeout(tick, workerData.intervalMs);
parentPort.on('message', () => {
  clearTimeout(timer);
  try {
    checkpoint();
  } finally {
    db.close();
    parentPort.close();
  }
});
`;

export interface BackgroundCheckpoints {
  /** A last checkpoint, then the thread ends. */
  stop(): Promise<void>;
}

/**
 * Checkpoints the WAL of `file` every quarter second from a worker thread. Under chat load every commit
 * adds pages to the WAL and, with SQLite's default, the committing connection copies them back after
 * every 1,000: a 4 MB copy on the event loop every few hundred messages, which every message waiting
 * behind it feels. `onFailure` hears when the thread cannot go on (the caller checkpoints inline again).
 */
export function startBackgroundCheckpoints(
  file: string,
  options: { onFailure(reason: string): void },
): BackgroundCheckpoints {
  const worker = new Worker(THREAD, {
    eval: true,
    workerData: {
      file,
      driver: createRequire(import.meta.url).resolve('better-sqlite3'),
      intervalMs: INTERVAL_MS,
    },
  });
  // It never keeps the process alive by itself; `stop` ends it.
  worker.unref();
  let stopping = false;
  let failed = false;
  const fail = (reason: string) => {
    if (failed || stopping) return;
    failed = true;
    options.onFailure(reason);
  };
  worker.on('message', (message: { failed?: string }) => fail(message.failed ?? 'unknown'));
  worker.on('error', (error) => fail(error.message));
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  worker.on('exit', (code) => fail(`the checkpoint thread exited (${code})`));
  return {
    async stop() {
      if (stopping) return;
      stopping = true;
      worker.postMessage('stop');
      const timeout = setTimeout(() => void worker.terminate(), 5_000);
      await exited;
      clearTimeout(timeout);
    },
  };
}
