import type { Ack, SocketErrorCode } from '@topay-support/protocol';
import type { FastifyBaseLogger } from 'fastify';
import type { z } from 'zod';
import { ChatError } from '../features/chat/errors.js';
import type {
  AckEvent,
  AckHandlers,
  AckRequest,
  ListenEvents,
  SignalEvent,
  SignalHandlers,
  SignalPayload,
} from './event-maps.js';
import type { Same } from './same-type.js';

type AckFn = (result: Ack<unknown>) => void;

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

/** What registration needs of a socket at run time: the wrappers read the raw arguments a client sent. */
interface RawListener {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
}

/**
 * A schema whose output is exactly T; otherwise tsc asks for a property named after the problem. Being
 * assignable to T is not enough: a schema that dropped an optional field (or parsed one the protocol
 * does not have) would pass while clients and server disagree.
 */
type ExactSchema<P extends z.ZodType, T> =
  Same<z.output<P>, T> extends true ? unknown : { schemaOutputMustBeExactly: T };

/**
 * Registers a socket's handlers, typed by its client-to-server event map: the event must be in the
 * map (with an ack for `ack`, without for `signal`), the schema's output must be exactly the event's
 * payload type, and `run` takes that payload and must answer with the ack's data type. At run time
 * these are `withAck` / `withoutAck`, unchanged.
 */
export function socketHandlers<S extends RawListener>(socket: S, hooks: HandlerHooks) {
  type Events = ListenEvents<S>;
  return {
    ack<E extends AckEvent<Events> & string, P extends z.ZodType<AckRequest<Events, E>>>(
      event: E,
      schema: P & ExactSchema<P, AckRequest<Events, E>>,
      run: AckHandlers<Events>[E],
    ): void {
      const parser: z.ZodType<AckRequest<Events, E>> = schema;
      socket.on(event, withAck(hooks, parser, run));
    },
    signal<E extends SignalEvent<Events> & string, P extends z.ZodType<SignalPayload<Events, E>>>(
      event: E,
      schema: P & ExactSchema<P, SignalPayload<Events, E>>,
      run: SignalHandlers<Events>[E],
    ): void {
      const parser: z.ZodType<SignalPayload<Events, E>> = schema;
      socket.on(event, withoutAck(hooks, parser, run));
    },
  };
}
