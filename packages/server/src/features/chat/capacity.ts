import { ChatError } from './errors.js';

export interface SendCapacityOptions {
  /** Sends this node works on at most, from receipt to commit (`MESSAGE_QUEUE_SIZE`). */
  maxPending: number;
  /**
   * A new send is refused when the ones under way would take longer than this to finish at the
   * node's recent pace (`MESSAGE_QUEUE_MAX_WAIT_MS`).
   */
  maxWaitMs: number;
  /** Called for each refused send: counted in the metrics, never logged one by one. */
  onRefused?: () => void;
  now?: () => number;
  random?: () => number;
}

export interface SendCapacity {
  /** Runs `send`, or refuses it at once with `rate_limited` and `retryAfterMs` when the node is full. */
  admit<T>(send: () => Promise<T>): Promise<T>;
  /** Sends under way: received, not yet committed or refused. */
  readonly pending: number;
}

// How far back the pace looks: long enough to span a few batches, short enough to follow the load.
const PACE_WINDOW_MS = 1_000;
// Below this many sends under way the pace is not asked: a quiet node, whose pace is merely its
// arrival rate, never refuses a burst of a few messages.
const ALWAYS_ADMIT = 32;
const MIN_RETRY_MS = 100;
const MAX_RETRY_MS = 10_000;
// Nothing finished lately, yet the node is full: the database is stuck or very slow.
const UNKNOWN_PACE_RETRY_MS = 2_000;

/**
 * A bounded queue in front of the database. Past capacity, waiting only makes every ack later (up
 * to the pool's connection timeout, then an error), so a send that would wait longer than
 * `maxWaitMs`, or find `maxPending` ahead of it, is refused before it costs anything. The wait is
 * what the node already holds divided by its pace (sends finished per ms over the last second or
 * two), which follows whatever limits the node: the database, the pool, the CPU. `retryAfterMs` is
 * that wait, spread by up to half again so that refused clients do not all come back at once. The
 * client's outbox sends again with the same client id: a refusal loses nothing and doubles nothing.
 */
export function createSendCapacity(options: SendCapacityOptions): SendCapacity {
  const now = options.now ?? (() => performance.now());
  const random = options.random ?? Math.random;
  let pending = 0;
  // Sends finished in the current window and in the one before it.
  let windowStart = now();
  let finishedNow = 0;
  let finishedBefore = 0;

  function roll(t: number): void {
    if (t - windowStart < PACE_WINDOW_MS) return;
    finishedBefore = t - windowStart < 2 * PACE_WINDOW_MS ? finishedNow : 0;
    finishedNow = 0;
    windowStart = t;
  }

  /**
   * How long the sends under way need to finish at the recent pace; undefined when none finished
   * lately (a node waking from quiet does not know its pace yet: only `maxPending` bounds it then).
   */
  function waitMs(): number | undefined {
    const t = now();
    roll(t);
    const finished = finishedNow + finishedBefore;
    if (finished === 0) return undefined;
    return (pending * (t - windowStart + PACE_WINDOW_MS)) / finished;
  }

  function refuse(wait: number): never {
    options.onRefused?.();
    const spread = wait * (1 + random() / 2);
    // Thousands a second past capacity: a stack trace nobody reads would cost more than the refusal.
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      throw new ChatError(
        'rate_limited',
        'The server is busy; try again shortly',
        Math.round(Math.min(MAX_RETRY_MS, Math.max(MIN_RETRY_MS, spread))),
      );
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
  }

  return {
    async admit(send) {
      if (pending >= options.maxPending) refuse(waitMs() ?? UNKNOWN_PACE_RETRY_MS);
      if (pending >= ALWAYS_ADMIT) {
        const wait = waitMs();
        if (wait !== undefined && wait > options.maxWaitMs) refuse(wait);
      }
      pending += 1;
      try {
        return await send();
      } finally {
        pending -= 1;
        roll(now());
        finishedNow += 1;
      }
    },
    get pending() {
      return pending;
    },
  };
}
