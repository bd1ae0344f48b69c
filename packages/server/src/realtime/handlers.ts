import type { Ack, SocketErrorCode } from '@topay-support/protocol';
import type { FastifyBaseLogger } from 'fastify';
import type { z } from 'zod';
import { ChatError } from '../features/chat/errors.js';

type AckFn = (result: Ack<unknown>) => void;

/** The `data` an event's ack carries, read from a protocol event map, so handlers are checked against it. */
export type AckData<Events, E extends keyof Events> = Events[E] extends (...args: infer A) => void
  ? A extends [...unknown[], (result: Ack<infer T>) => void]
    ? T
    : never
  : never;

function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || 'payload'}: ${issue.message}` : 'invalid payload';
}

/** Where handlers report: the log, a count of failures on our side, and the work still running. */
export interface HandlerHooks {
  logger: FastifyBaseLogger;
  onInternalError(): void;
  /** Hears every handler's work, so a shutdown can wait for it (see `createInflight`). */
  track?(work: Promise<unknown>): void;
}

/**
 * The handler work still running on this node. A graceful shutdown drains it before the database
 * closes: a message being stored is finished, not cut in half.
 */
export function createInflight() {
  const running = new Set<Promise<unknown>>();
  return {
    track(work: Promise<unknown>): void {
      running.add(work);
      void work.finally(() => running.delete(work));
    },
    get size(): number {
      return running.size;
    },
    async drain(): Promise<void> {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}

/**
 * Wraps a socket event handler that answers with an ack: the payload is parsed first (types do not
 * exist at run time), failures become `{ ok: false, error }`, and nothing a client sends can throw
 * out of the handler. A call without an ack callback is ignored: nobody would hear the answer.
 */

export function withAck<S extends z.ZodType, R>(
  hooks: HandlerHooks,
  schema: S,
  run: (request: z.infer<S>) => Promise<R>,
): (...args: unknown[]) => void {
  return (...args: unknown[]) => {
    const ack = args.at(-1);
    if (typeof ack !== 'function') return;
    const respond = ack as AckFn;
    const payload = args.length > 1 ? args[0] : undefined;
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      respond({ ok: false, error: { code: 'invalid_request', message: describe(parsed.error) } });
      return;
    }
    const work = run(parsed.data).then(
      (data) => respond({ ok: true, data }),
      (error: unknown) => respond(toAckError(error, hooks)),
    );
    hooks.track?.(work);
  };
}

/** For fire-and-forget signals (typing, read): invalid payloads are dropped silently. */
export function withoutAck<S extends z.ZodType>(
  hooks: HandlerHooks,
  schema: S,
  run: (signal: z.infer<S>) => Promise<void> | void,
): (...args: unknown[]) => void {
  return (...args: unknown[]) => {
    const parsed = schema.safeParse(args[0]);
    if (!parsed.success) return;
    const work = Promise.resolve()
      .then(() => run(parsed.data))
      .catch((error: unknown) => {
        if (error instanceof ChatError) return;
        hooks.onInternalError();
        hooks.logger.error({ err: error }, 'socket signal failed');
      });
    hooks.track?.(work);
  };
}

function toAckError(error: unknown, hooks: HandlerHooks): Ack<never> {
  if (error instanceof ChatError) {
    return {
      ok: false,
      error: {
        code: error.code,
        message: error.message,
        ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}),
      },
    };
  }
  hooks.onInternalError();
  hooks.logger.error({ err: error }, 'socket handler failed');
  const code: SocketErrorCode = 'internal';
  return { ok: false, error: { code, message: 'Something went wrong on our side; try again' } };
}
