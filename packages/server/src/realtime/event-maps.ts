import type { Ack } from '@topay-support/protocol';
import type { Socket } from 'socket.io';

/*
 * Types read from the protocol's event maps (VisitorClientToServerEvents, AgentClientToServerEvents),
 * so a handler's event name, payload schema and answer are checked against the one declaration the
 * clients are typed by. socket.io's convention: an event answered with an ack has the ack callback as
 * its last argument; a signal (typing, read) has none.
 */

type Args<Events, E extends keyof Events> = Events[E] extends (...args: infer A) => void ? A : never;

/** An ack callback carrying any data: `Ack<never>` because a callback is contravariant in its argument. */
type AnyAckCallback = (result: Ack<never>) => void;

/** The events of a map that a client sends with an ack callback last. */
export type AckEvent<Events> = {
  [E in keyof Events]: Args<Events, E> extends [...unknown[], AnyAckCallback] ? E : never;
}[keyof Events];

/** The events of a map that a client sends without an ack (fire-and-forget signals). */
export type SignalEvent<Events> = Exclude<keyof Events, AckEvent<Events>>;

/** The `data` an event's ack carries, read from a protocol event map, so handlers are checked against it. */
export type AckData<Events, E extends keyof Events> = Events[E] extends (...args: infer A) => void
  ? A extends [...unknown[], (result: Ack<infer T>) => void]
    ? T
    : never
  : never;

/** The payload before the ack callback; `undefined` for an event whose only argument is the ack. */
export type AckRequest<Events, E extends keyof Events> =
  Args<Events, E> extends [infer R, AnyAckCallback]
    ? R
    : Args<Events, E> extends [AnyAckCallback]
      ? undefined
      : never;

/** A signal's one payload. */
export type SignalPayload<Events, E extends keyof Events> = Args<Events, E> extends [infer P] ? P : never;

/*
 * What a handler is, per event. Looked up by the event's name (a mapped type, not a conditional on a
 * type parameter) so a handler's answer is checked against the concrete ack type: against a generic
 * one, TypeScript widens literals such as `{ ok: true }` to `boolean` and rejects correct handlers.
 */

/** Handlers of the ack events: the parsed payload in, the ack's `data` out. */
export type AckHandlers<Events> = {
  [E in AckEvent<Events>]: (request: AckRequest<Events, E>) => Promise<AckData<Events, E>>;
};

/** Handlers of the signals: the parsed payload in, nothing out. */
export type SignalHandlers<Events> = {
  [E in SignalEvent<Events>]: (signal: SignalPayload<Events, E>) => Promise<void> | void;
};

/** The client-to-server event map of a typed socket.io socket. */
export type ListenEvents<S> =
  S extends Socket<infer L, infer _Emit, infer _ServerSide, infer _Data> ? L : never;
