import type { ReadonlySignal } from '@preact/signals';
import type { AgentClientToServerEvents, AgentServerToClientEvents } from '@topay-support/protocol';

/**
 * - `connecting`: the first connection attempt is under way.
 * - `connected`: events flow.
 * - `reconnecting`: the connection dropped; socket.io is retrying on its own.
 * - `offline`: the server closed the connection and will not be retried without the agent asking.
 */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'offline';

type ClientEvents = AgentClientToServerEvents;
/** Client events that expect an acknowledgement (the ack callback is their second parameter). */
export type AckEvent = {
  [E in keyof ClientEvents]: Parameters<ClientEvents[E]> extends [unknown, unknown] ? E : never;
}[keyof ClientEvents];
/** Fire-and-forget client events. */
export type SignalEvent = Exclude<keyof ClientEvents, AckEvent>;
export type RequestOf<E extends keyof ClientEvents> = Parameters<ClientEvents[E]>[0];
export type AckOf<E extends AckEvent> = Parameters<Parameters<ClientEvents[E]>[1]>[0];

/** The server's pushes, by event name. */
export type ServerEvent = keyof AgentServerToClientEvents;
export type ServerPayload<E extends ServerEvent> = Parameters<AgentServerToClientEvents[E]>[0];

/** Why a request got no acknowledgement: it may or may not have reached the server. */
export class NoAckError extends Error {
  override readonly name = 'NoAckError';
}

/**
 * What the console needs from the `/agent` socket. Models depend on this, not on socket.io, so tests
 * can drive them with an in-memory transport and the real one stays a thin adapter.
 */
export interface AgentTransport {
  readonly state: ReadonlySignal<ConnectionState>;
  on<E extends ServerEvent>(event: E, listener: (payload: ServerPayload<E>) => void): () => void;
  /** Runs after every successful connect; `first` is false on reconnects, when lists must re-sync. */
  onConnect(listener: (first: boolean) => void): () => void;
  /** Rejects with `NoAckError` when the server did not answer in time or the socket is down. */
  request<E extends AckEvent>(event: E, payload: RequestOf<E>): Promise<AckOf<E>>;
  /** Dropped silently while disconnected: signals are only worth sending now. */
  signal<E extends SignalEvent>(event: E, payload: RequestOf<E>): void;
  /** Asks for a new connection after the server closed it (`offline`). */
  reconnect(): void;
  close(): void;
}
