import type {
  Ack,
  HandshakeErrorData,
  SessionReady,
  VisitorClientToServerEvents,
  VisitorHandshakeAuth,
  VisitorServerToClientEvents,
} from '@topay-support/protocol';
import { NAMESPACES } from '@topay-support/protocol';
import type { Socket } from 'socket.io-client';
import { SupportError } from '../client/errors.js';
import { toSupportError, unwrap } from './errors.js';

export type VisitorSocket = Socket<VisitorServerToClientEvents, VisitorClientToServerEvents>;

/** The socket's state as `client.on('connection', fn)` reports it; `connected` means the session is ready. */
export type ConnectionState = 'connecting' | 'connected' | 'disconnected';

export interface ConnectionOptions {
  serverUrl: string;
  /** Read on every (re)connect, so a renewed token or a new identity is always the one sent. */
  auth(): VisitorHandshakeAuth;
  /** Attaches the session's event handlers, once per socket. */
  attach(socket: VisitorSocket): void;
  onState(state: ConnectionState): void;
  onReady(session: SessionReady): void;
  /** The server refused the handshake for good (unknown merchant, origin not allowed). */
  onRefused(error: SupportError): void;
}

/** Every acknowledged request waits this long, as the relay promises an answer well within it. */
export const ACK_TIMEOUT_MS = 10_000;
const SERVER_KICK_RETRY_MS = 2_000;

/**
 * One visitor socket on the `/visitor` namespace. socket.io-client is imported on first use, so pages that never
 * chat never download it (and bundlers split it into the chat chunk).
 */
export class Connection {
  private readonly _o: ConnectionOptions;
  private _socket: VisitorSocket | undefined;
  private _starting: Promise<VisitorSocket> | undefined;
  private _ready = false;
  private _state: ConnectionState = 'disconnected';
  private _readyWaiters = new Set<{ resolve(s: VisitorSocket): void; reject(e: SupportError): void }>();
  private _inFlight = new Set<(e: SupportError) => void>();
  private _kickTimer: ReturnType<typeof setTimeout> | undefined;
  private _closed = false;

  constructor(options: ConnectionOptions) {
    this._o = options;
  }

  get ready(): boolean {
    return this._ready;
  }

  get state(): ConnectionState {
    return this._state;
  }

  /** Resolves with the socket once its session is ready; connects first if needed. */
  whenReady(timeoutMs = ACK_TIMEOUT_MS): Promise<VisitorSocket> {
    if (this._closed)
      return Promise.reject(new SupportError('network_error', 'the support client is closed'));
    if (this._ready && this._socket) return Promise.resolve(this._socket);
    return new Promise<VisitorSocket>((resolve, reject) => {
      const waiter = {
        resolve: (s: VisitorSocket) => {
          clearTimeout(timer);
          resolve(s);
        },
        reject: (e: SupportError) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      const timer = setTimeout(() => {
        this._readyWaiters.delete(waiter);
        reject(new SupportError('network_error', 'could not connect to the support server'));
      }, timeoutMs);
      this._readyWaiters.add(waiter);
      this._start().then(
        (socket) => {
          if (!socket.connected && !socket.active) socket.connect();
        },
        (error: unknown) => {
          this._readyWaiters.delete(waiter);
          waiter.reject(toSupportError(error));
        },
      );
    });
  }

  /**
   * Sends one acknowledged request on a ready socket. A drop while waiting rejects at once with
   * `network_error` rather than after the timeout, so the outbox can resend as soon as the socket is back.
   */
  async request<T>(send: (socket: VisitorSocket) => Promise<Ack<T>>): Promise<T> {
    const socket = await this.whenReady();
    return new Promise<T>((resolve, reject) => {
      const onDrop = (e: SupportError) => reject(e);
      this._inFlight.add(onDrop);
      // Typed as the plain socket: socket.io's `timeout()` type rewrites acks to `(err, value)`, which its
      // `emitWithAck` typing cannot map back to `Ack<T>`; at run time only the added timeout differs.
      // `unwrap` throws on a refused ack; it runs in its own step so that rejection reaches the caller too.
      send(socket.timeout(ACK_TIMEOUT_MS) as unknown as VisitorSocket)
        .then((ack) => unwrap(ack))
        .then(resolve, (error: unknown) => reject(toSupportError(error)))
        .finally(() => this._inFlight.delete(onDrop));
    });
  }

  /** Emits a fire-and-forget signal (typing, read) when connected; dropped otherwise, as it is only a hint. */
  signal(send: (socket: VisitorSocket) => void): void {
    if (this._ready && this._socket) send(this._socket);
  }

  /** Connects again with fresh auth (identify, logout); a socket not started yet just waits for first use. */
  reconnect(): void {
    const socket = this._socket;
    if (!socket) return;
    this._dropped();
    socket.disconnect();
    socket.connect();
  }

  /** Drops the connection until the next request. */
  stop(): void {
    this._socket?.disconnect();
    this._dropped();
    this._setState('disconnected');
  }

  close(): void {
    this._closed = true;
    clearTimeout(this._kickTimer);
    this.stop();
    const error = new SupportError('network_error', 'the support client is closed');
    for (const w of [...this._readyWaiters]) w.reject(error);
    this._readyWaiters.clear();
  }

  private _start(): Promise<VisitorSocket> {
    this._starting ??= import('socket.io-client').then(({ io }) => {
      if (this._closed) throw new SupportError('network_error', 'the support client is closed');
      const socket: VisitorSocket = io(new URL(NAMESPACES.visitor, this._o.serverUrl).href, {
        path: '/socket.io/',
        // WebSocket first: one round trip less, and no sticky sessions needed behind a load balancer.
        transports: ['websocket', 'polling'],
        autoConnect: false,
        // Never share a manager with another client on the page (another merchant, another widget copy).
        forceNew: true,
        auth: (cb) => cb({ ...this._o.auth() }),
      });
      this._listen(socket);
      this._o.attach(socket);
      this._socket = socket;
      return socket;
    });
    this._starting.catch(() => {
      this._starting = undefined;
    });
    return this._starting;
  }

  private _listen(socket: VisitorSocket): void {
    socket.io.on('reconnect_attempt', () => this._setState('connecting'));
    socket.on('connect', () => this._setState('connecting'));
    socket.on('session:ready', (session) => {
      this._ready = true;
      this._setState('connected');
      this._o.onReady(session);
      for (const w of [...this._readyWaiters]) w.resolve(socket);
      this._readyWaiters.clear();
    });
    socket.on('disconnect', (reason) => {
      this._dropped();
      this._setState(socket.active ? 'connecting' : 'disconnected');
      // A graceful server shutdown or restart disconnects us on purpose; socket.io leaves it there, but unsent
      // messages need the next node, so come back after a pause.
      if (reason === 'io server disconnect' && !this._closed) {
        clearTimeout(this._kickTimer);
        this._kickTimer = setTimeout(() => socket.connect(), SERVER_KICK_RETRY_MS);
      }
    });
    socket.on('connect_error', (error: Error & { data?: Partial<HandshakeErrorData> }) => {
      // `active` stays true while socket.io retries a network failure; a middleware refusal is final.
      if (socket.active) {
        this._setState('connecting');
        return;
      }
      const refusal = new SupportError(error.data?.code ?? 'unauthorized', error.message);
      this._setState('disconnected');
      for (const w of [...this._readyWaiters]) w.reject(refusal);
      this._readyWaiters.clear();
      this._o.onRefused(refusal);
    });
  }

  private _dropped(): void {
    this._ready = false;
    const error = new SupportError('network_error', 'the connection to the support server was lost');
    for (const reject of [...this._inFlight]) reject(error);
    this._inFlight.clear();
  }

  private _setState(state: ConnectionState): void {
    if (state === this._state) return;
    this._state = state;
    this._o.onState(state);
  }
}
