import { signal } from '@preact/signals';
import {
  type AgentClientToServerEvents,
  type AgentHandshakeAuth,
  type AgentServerToClientEvents,
  type HandshakeErrorData,
  NAMESPACES,
} from '@topay-support/protocol';
import { io, type Socket } from 'socket.io-client';
import {
  type AckEvent,
  type AckOf,
  type AgentTransport,
  type ConnectionState,
  NoAckError,
  type RequestOf,
  type ServerEvent,
  type ServerPayload,
  type SignalEvent,
} from './transport.js';

export interface SocketTransportOptions {
  /** `''` in the browser (same origin); tests pass the server's URL. */
  baseUrl: string;
  token: string;
  /** The server refused the token: the session is over. */
  onUnauthorized(): void;
  ackTimeoutMs?: number;
  /** How long to wait before retrying a handshake the server refused for another reason. */
  retryDelayMs?: number;
}

type AgentSocket = Socket<AgentServerToClientEvents, AgentClientToServerEvents>;

function handshakeCode(error: Error): HandshakeErrorData['code'] | undefined {
  const data = (error as Error & { data?: Partial<HandshakeErrorData> }).data;
  return typeof data?.code === 'string' ? data.code : undefined;
}

/**
 * The `/agent` socket behind the `AgentTransport` interface.
 *
 * @example
 * const transport = createSocketTransport({ baseUrl: '', token, onUnauthorized: () => session.logout('expired') });
 * transport.on('message:new', ({ message }) => …);
 */
export function createSocketTransport(options: SocketTransportOptions): AgentTransport {
  const ackTimeoutMs = options.ackTimeoutMs ?? 10_000;
  const state = signal<ConnectionState>('connecting');
  const connectListeners = new Set<(first: boolean) => void>();
  let connectedBefore = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  const socket: AgentSocket = io(`${options.baseUrl.replace(/\/+$/, '')}${NAMESPACES.agent}`, {
    path: '/socket.io/',
    auth: { token: options.token } satisfies AgentHandshakeAuth,
    transports: ['websocket', 'polling'],
    autoConnect: false,
  });

  socket.on('connect', () => {
    // socket.io buffers emits made while offline and sends them on reconnect; our outbox resends
    // on its own, so drop the buffer rather than deliver everything twice.
    socket.sendBuffer = [];
    state.value = 'connected';
    const first = !connectedBefore;
    connectedBefore = true;
    for (const listener of connectListeners) listener(first);
  });
  socket.on('disconnect', (reason) => {
    if (closed) return;
    // Only a server-side disconnect stops socket.io's own retries; everything else reconnects by itself.
    state.value = reason === 'io server disconnect' ? 'offline' : 'reconnecting';
  });
  socket.on('connect_error', (error) => {
    if (closed) return;
    if (handshakeCode(error) === 'unauthorized') {
      closed = true;
      socket.disconnect();
      options.onUnauthorized();
      return;
    }
    state.value = connectedBefore ? 'reconnecting' : 'connecting';
    // A refused handshake (middleware error) is not retried by socket.io; a network error is.
    if (!socket.active) {
      clearTimeout(retryTimer);
      retryTimer = setTimeout(() => socket.connect(), options.retryDelayMs ?? 5_000);
    }
  });
  socket.connect();

  return {
    state,
    on<E extends ServerEvent>(event: E, listener: (payload: ServerPayload<E>) => void) {
      // socket.io's listener types are keyed by the same map; the cast only bridges its overloads.
      const handler = listener as unknown as AgentServerToClientEvents[E];
      socket.on(event, handler as never);
      return () => {
        socket.off(event, handler as never);
      };
    },
    onConnect(listener) {
      connectListeners.add(listener);
      return () => connectListeners.delete(listener);
    },
    async request<E extends AckEvent>(event: E, payload: RequestOf<E>): Promise<AckOf<E>> {
      if (!socket.connected) throw new NoAckError(`not connected (${event})`);
      try {
        // The generic event name defeats socket.io's overload resolution; the types above pin it.
        const timed = socket.timeout(ackTimeoutMs);
        const emit = timed.emitWithAck as (event: E, payload: RequestOf<E>) => Promise<AckOf<E>>;
        return await emit.call(timed, event, payload);
      } catch (error) {
        throw new NoAckError((error as Error).message);
      }
    },
    signal<E extends SignalEvent>(event: E, payload: RequestOf<E>) {
      if (!socket.connected) return;
      (socket.emit as (event: E, payload: RequestOf<E>) => void).call(socket, event, payload);
    },
    reconnect() {
      if (closed || socket.connected) return;
      state.value = 'connecting';
      socket.connect();
    },
    close() {
      closed = true;
      clearTimeout(retryTimer);
      connectListeners.clear();
      socket.disconnect();
      socket.removeAllListeners();
    },
  };
}
