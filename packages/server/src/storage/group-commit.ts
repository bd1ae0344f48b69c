/** What became of one input of a batch: its result, or the error that refused it alone. */
export type Outcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

/**
 * Writes a batch and answers one outcome per input, in order. It throws only when nothing of the
 * batch was stored (the transaction itself failed): then every input hears that error.
 */
export type BatchWriter<I, R> = (inputs: I[]) => Promise<Outcome<R>[]>;

interface Waiting<I, R> {
  input: I;
  resolve(value: R): void;
  reject(error: unknown): void;
}

export interface GroupCommit<I, R> {
  run(input: I): Promise<R>;
  /** Inputs waiting for a batch or in the batch being written. */
  readonly pending: number;
}

/**
 * Group commit: every `run` that arrives while a batch is being written joins the next one, and
 * each caller hears its outcome only after that batch committed. One commit (one fsync on SQLite,
 * one statement and one WAL flush on Postgres) then serves many messages instead of one. One batch
 * is written at a time, so the batches grow with the load and messages keep their arrival order.
 */
export function createGroupCommit<I, R>(write: BatchWriter<I, R>, maxBatch = 256): GroupCommit<I, R> {
  let queue: Waiting<I, R>[] = [];
  let writing = 0;
  let scheduled = false;

  async function flush(): Promise<void> {
    scheduled = false;
    const batch = queue.slice(0, maxBatch);
    queue = queue.slice(batch.length);
    writing = batch.length;
    let outcomes: Outcome<R>[];
    try {
      outcomes = await write(batch.map((waiting) => waiting.input));
    } catch (error) {
      outcomes = batch.map(() => ({ ok: false, error }));
    }
    writing = 0;
    batch.forEach((waiting, i) => {
      const outcome = outcomes[i] ?? { ok: false, error: new Error('the batch writer lost an input') };
      if (outcome.ok) waiting.resolve(outcome.value);
      else waiting.reject(outcome.error);
    });
    if (queue.length > 0) schedule();
  }

  function schedule(): void {
    if (scheduled || writing > 0) return;
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
    get pending() {
      return queue.length + writing;
    },
  };
}
