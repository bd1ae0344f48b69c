import { type ReadonlySignal, signal } from '@preact/signals';
import {
  type Attachment,
  isPermanentSendError,
  type Message,
  type SocketErrorCode,
} from '@topay-support/protocol';
import { type AgentTransport, NoAckError } from '../realtime/transport.js';

/** `no_ack`: the server did not answer in time; the reply may or may not be stored, so resending is safe. */
export type OutboxFailure = SocketErrorCode | 'no_ack';

export interface OutboxEntry {
  clientId: string;
  conversationId: string;
  text: string;
  internal: boolean;
  /**
   * Files already stored on the server: their ids go out as `attachmentIds`, the rest shows the
   * pending reply. Never the bytes: those are uploaded over HTTP before a reply enters the outbox.
   */
  attachments: readonly Attachment[];
  /** `sending` includes waiting for the connection to come back. */
  state: 'sending' | 'failed';
  failure?: OutboxFailure;
  createdAt: string;
}

export interface Outbox {
  readonly entries: ReadonlySignal<readonly OutboxEntry[]>;
  /** Queues a reply and sends it as soon as the socket allows; the same clientId is kept across retries. */
  send(
    conversationId: string,
    text: string,
    internal: boolean,
    attachments?: readonly Attachment[],
  ): OutboxEntry;
  retry(clientId: string): void;
  discard(clientId: string): void;
  /** Resends everything not yet stored; called on every (re)connect. */
  flush(): void;
  /** A message seen elsewhere (e.g. `message:new`) settles the entry with its clientId. */
  settle(message: Message): void;
  /** Called once per stored reply, with the server's copy. */
  onStored(listener: (conversationId: string, message: Message) => void): () => void;
  dispose(): void;
}

export interface OutboxOptions {
  transport: AgentTransport;
  newId?: () => string;
  now?: () => number;
}

function randomId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // randomUUID needs a secure context; plain-http intranets are common for support desks.
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) =>
    byte.toString(16).padStart(2, '0'),
  ).join('');
}

/**
 * The in-memory outbox of docs/design.md#live-chat-relay: a reply stays here until the server has
 * acknowledged it, and is resent with the same clientId after a reconnect, so nothing is lost and the
 * server's de-duplication keeps it from being stored twice. Sends go one at a time, so replies are
 * stored in the order they were written.
 *
 * @example
 * const outbox = createOutbox({ transport });
 * outbox.onStored((conversationId, message) => conversation.receive(message));
 * outbox.send(conversationId, 'Hello!', false);
 * outbox.send(conversationId, '', false, [uploadedScreenshot]);
 */
export function createOutbox(options: OutboxOptions): Outbox {
  const { transport } = options;
  const newId = options.newId ?? randomId;
  const now = options.now ?? Date.now;
  const entries = signal<readonly OutboxEntry[]>([]);
  const listeners = new Set<(conversationId: string, message: Message) => void>();
  let inFlight: string | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;
  // Bumped by every flush (each connect), so a send that failed across a reconnect is simply resent.
  let epoch = 0;

  function update(clientId: string, patch: Partial<OutboxEntry>) {
    entries.value = entries
      .peek()
      .map((entry) => (entry.clientId === clientId ? { ...entry, ...patch } : entry));
  }

  function remove(clientId: string) {
    entries.value = entries.peek().filter((entry) => entry.clientId !== clientId);
  }

  function stored(entry: OutboxEntry, message: Message) {
    // The ack and the `message:new` echo can both report the same reply; tell listeners once.
    if (!entries.peek().some((candidate) => candidate.clientId === entry.clientId)) return;
    remove(entry.clientId);
    for (const listener of listeners) listener(entry.conversationId, message);
  }

  async function pump(): Promise<void> {
    if (disposed || inFlight !== null || transport.state.peek() !== 'connected') return;
    const entry = entries.peek().find((candidate) => candidate.state === 'sending');
    if (!entry) return;
    inFlight = entry.clientId;
    const startedIn = epoch;
    try {
      const ack = await transport.request('message:send', {
        conversationId: entry.conversationId,
        clientId: entry.clientId,
        text: entry.text,
        ...(entry.attachments.length > 0
          ? { attachmentIds: entry.attachments.map((attachment) => attachment.id) }
          : {}),
        ...(entry.internal ? { internal: true } : {}),
      });
      if (ack.ok) {
        stored(entry, ack.data.message);
      } else if (ack.error.code === 'rate_limited') {
        // Stay `sending`: the server told us when to come back.
        inFlight = null;
        clearTimeout(retryTimer);
        retryTimer = setTimeout(() => void pump(), ack.error.retryAfterMs ?? 2_000);
        return;
      } else {
        update(entry.clientId, { state: 'failed', failure: ack.error.code });
      }
    } catch (error) {
      if (!(error instanceof NoAckError)) throw error;
      // Disconnected: stay `sending`; the next connect flushes. Connected but silent: let the agent see it.
      const sameConnection = startedIn === epoch && transport.state.peek() === 'connected';
      if (sameConnection) update(entry.clientId, { state: 'failed', failure: 'no_ack' });
    } finally {
      if (inFlight === entry.clientId) inFlight = null;
    }
    void pump();
  }

  return {
    entries,

    send(conversationId, text, internal, attachments = []) {
      const entry: OutboxEntry = {
        clientId: newId(),
        conversationId,
        text,
        internal,
        attachments,
        state: 'sending',
        createdAt: new Date(now()).toISOString(),
      };
      entries.value = [...entries.peek(), entry];
      void pump();
      return entry;
    },

    retry(clientId) {
      update(clientId, { state: 'sending', failure: undefined });
      void pump();
    },

    discard(clientId) {
      remove(clientId);
    },

    flush() {
      epoch += 1;
      // Unanswered sends may have been stored before the drop; the same clientId makes resending safe.
      entries.value = entries
        .peek()
        .map((entry) =>
          entry.state === 'failed' && entry.failure !== undefined && !isPermanentSendError(entry.failure)
            ? { ...entry, state: 'sending', failure: undefined }
            : entry,
        );
      void pump();
    },

    settle(message) {
      const entry = entries.peek().find((candidate) => candidate.clientId === message.clientId);
      if (entry) stored(entry, message);
    },

    onStored(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    dispose() {
      disposed = true;
      clearTimeout(retryTimer);
      listeners.clear();
    },
  };
}
