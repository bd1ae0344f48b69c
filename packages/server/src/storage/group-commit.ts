import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

interface Waiting<I, R> {
  input: I;
  resolve(value: R): void;
  reject(error: unknown): void;
}

/**
 * Group commit: every `run` that arrives while the database is busy joins one transaction, and each
 * caller hears its outcome only after that transaction commits. One commit (one fsync) then serves
 * many messages instead of one, which is most of what a message costs on SQLite. Each input runs
 * inside its own savepoint, so one that fails (a resend hitting the unique key, a used attachment)
 * is rolled back alone and the others still commit.
 */
export function createGroupCommit<I, R>(
  db: Kysely<Database>,
  work: (trx: Kysely<Database>, input: I) => Promise<R>,
  maxBatch = 256,
) {
  let queue: Waiting<I, R>[] = [];
  let scheduled = false;

  async function flush(): Promise<void> {
    scheduled = false;
    const batch = queue.slice(0, maxBatch);
    queue = queue.slice(batch.length);
    if (queue.length > 0) schedule();
    const outcomes: ({ ok: true; value: R } | { ok: false; error: unknown })[] = [];
    try {
      const trx = await db.startTransaction().execute();
      try {
        for (const { input } of batch) {
          const savepoint = await trx.savepoint('message').execute();
          try {
            const value = await work(savepoint, input);
            await savepoint.releaseSavepoint('message').execute();
            outcomes.push({ ok: true, value });
          } catch (error) {
            await savepoint.rollbackToSavepoint('message').execute();
            await savepoint.releaseSavepoint('message').execute();
            outcomes.push({ ok: false, error });
          }
        }
        await trx.commit().execute();
      } catch (error) {
        await trx.rollback().execute();
        throw error;
      }
    } catch (error) {
      // The transaction itself failed (disk full, database closed): nothing in it was stored.
      for (const waiting of batch) waiting.reject(error);
      return;
    }
    batch.forEach((waiting, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) waiting.resolve(outcome.value);
      else waiting.reject(outcome.error);
    });
  }

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    // After this turn's I/O callbacks: every message that arrived with them joins the batch.
    setImmediate(() => void flush());
  }

  return {
    run(input: I): Promise<R> {
      return new Promise<R>((resolve, reject) => {
        queue.push({ input, resolve, reject });
        schedule();
      });
    },
  };
}
