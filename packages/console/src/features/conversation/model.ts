import { batch, computed, type ReadonlySignal, signal } from '@preact/signals';
import { type Conversation, LIMITS, type Message, mergeMessages } from '@topay-support/protocol';
import type { AgentApi, ConversationAction } from '../../agent-api.js';
import { ApiFailure } from '../../api.js';
import type { ConversationStore } from '../inbox/store.js';
import { type AgentTransport, NoAckError } from '../realtime/transport.js';
import { lastSeq, wholeUpTo } from './messages.js';
import type { Outbox, OutboxEntry } from './outbox.js';

export type PendingAction = Exclude<ConversationAction, 'read'> | 'transfer';

export interface ConversationModel {
  readonly id: string;
  /** From the shared store, so socket updates show here and in the list alike. */
  readonly conversation: ReadonlySignal<Conversation | undefined>;
  readonly messages: ReadonlySignal<readonly Message[]>;
  /** Replies written here that the server has not stored yet. */
  readonly pending: ReadonlySignal<readonly OutboxEntry[]>;
  readonly loading: ReadonlySignal<boolean>;
  readonly loadError: ReadonlySignal<ApiFailure | null>;
  readonly visitorTyping: ReadonlySignal<boolean>;
  /** The latest visitor message that arrived live, for the screen-reader announcement. */
  readonly arrival: ReadonlySignal<Message | null>;
  readonly busy: ReadonlySignal<PendingAction | null>;
  readonly actionError: ReadonlySignal<ApiFailure | null>;
  load(): Promise<void>;
  /** A message for this conversation from a push, an ack or a sync. */
  receive(message: Message, live: boolean): void;
  setVisitorTyping(typing: boolean): void;
  /** Fetches everything after the last seq held (after a reconnect or a gap). */
  sync(): Promise<void>;
  act(action: Exclude<PendingAction, 'transfer'>): Promise<void>;
  transfer(agentId: string): Promise<void>;
  /** Tells the server the agent has seen everything held; sent only when something new was seen. */
  markRead(): void;
  dispose(): void;
}

export interface ConversationModelOptions {
  id: string;
  api: AgentApi;
  transport: AgentTransport;
  store: ConversationStore;
  outbox: Outbox;
  /** The server stops relaying typing after a while; we clear it ourselves if no update comes. */
  typingTimeoutMs?: number;
}

function toFailure(error: unknown): ApiFailure {
  return error instanceof ApiFailure ? error : new ApiFailure('network_error', (error as Error).message);
}

/**
 * One open conversation: its messages, the visitor's typing and the agent's actions on it.
 *
 * @example
 * const model = createConversationModel({ id, api, transport, store, outbox });
 * await model.load();
 * await model.act('claim');
 */
export function createConversationModel(options: ConversationModelOptions): ConversationModel {
  const { id, api, transport, store, outbox } = options;
  const messages = signal<readonly Message[]>([]);
  const loading = signal(true);
  const loadError = signal<ApiFailure | null>(null);
  const visitorTyping = signal(false);
  const arrival = signal<Message | null>(null);
  const busy = signal<PendingAction | null>(null);
  const actionError = signal<ApiFailure | null>(null);
  let loaded = false;
  let syncing: Promise<void> | null = null;
  let typingTimer: ReturnType<typeof setTimeout> | undefined;
  let readSent = 0;
  let disposed = false;

  async function fetchAll(after: number): Promise<void> {
    let cursor = after;
    for (;;) {
      const page = await api.messages(id, cursor);
      if (disposed) return;
      messages.value = mergeMessages(messages.peek(), page, 'agent').history;
      const last = page.at(-1);
      if (!last || page.length < LIMITS.syncPageSize) return;
      cursor = last.seq;
    }
  }

  async function syncOverSocket(): Promise<void> {
    for (;;) {
      const ack = await transport.request('messages:sync', {
        conversationId: id,
        afterSeq: wholeUpTo(messages.peek()),
      });
      if (disposed || !ack.ok) return;
      messages.value = mergeMessages(messages.peek(), ack.data.messages, 'agent').history;
      if (!ack.data.hasMore || ack.data.messages.length === 0) return;
    }
  }

  async function run(action: PendingAction, call: () => Promise<Conversation>): Promise<void> {
    if (busy.peek() !== null) return;
    batch(() => {
      busy.value = action;
      actionError.value = null;
    });
    try {
      store.upsert([await call()]);
    } catch (failure) {
      if (!disposed) actionError.value = toFailure(failure);
    } finally {
      if (!disposed) busy.value = null;
    }
  }

  return {
    id,
    conversation: computed(() => store.byId.value.get(id)),
    messages,
    pending: computed(() => outbox.entries.value.filter((entry) => entry.conversationId === id)),
    loading,
    loadError,
    visitorTyping,
    arrival,
    busy,
    actionError,

    async load() {
      batch(() => {
        loading.value = true;
        loadError.value = null;
      });
      try {
        // A deep link or a notification can open a conversation the inbox has not listed.
        const known = store.get(id);
        const [conversation] = await Promise.all([
          known ? Promise.resolve(known) : api.getConversation(id),
          fetchAll(wholeUpTo(messages.peek())),
        ]);
        if (!known && !disposed) store.upsert([conversation]);
        loaded = true;
      } catch (failure) {
        if (!disposed) loadError.value = toFailure(failure);
      } finally {
        if (!disposed) loading.value = false;
      }
    },

    receive(message, live) {
      // The server sends a reply again when its email was sent or bounced (docs/email.md): the
      // merge keeps the first copy of a seq, so the held one takes the new delivery state here.
      const index = messages.peek().findIndex((m) => m.id === message.id);
      if (index >= 0) {
        const before = messages.peek()[index]?.emailDelivery;
        const after = message.emailDelivery;
        if (before?.status !== after?.status || before?.at !== after?.at) {
          messages.value = messages.peek().map((m, i) => (i === index ? message : m));
        }
        return;
      }
      messages.value = mergeMessages(messages.peek(), [message], 'agent').history;
      if (live && message.author.type === 'visitor') {
        batch(() => {
          arrival.value = message;
          // A message ends the typing it came from.
          visitorTyping.value = false;
        });
      }
      // A gap means a push was missed (e.g. during a reconnect); ask for what lies between.
      if (loaded && wholeUpTo(messages.peek()) < message.seq) void this.sync();
    },

    setVisitorTyping(typing) {
      clearTimeout(typingTimer);
      visitorTyping.value = typing;
      if (typing) {
        typingTimer = setTimeout(() => {
          visitorTyping.value = false;
        }, options.typingTimeoutMs ?? 6_000);
      }
    },

    sync() {
      if (!loaded) return this.load();
      // One sync at a time: a second request would only fetch the same messages.
      syncing ??= syncOverSocket()
        .catch((error: unknown) => {
          // No answer: the next reconnect syncs again.
          if (!(error instanceof NoAckError)) throw error;
        })
        .finally(() => {
          syncing = null;
        });
      return syncing;
    },

    act(action) {
      return run(action, () => api.act(id, action));
    },

    transfer(agentId) {
      return run('transfer', () => api.transfer(id, agentId));
    },

    markRead() {
      const seq = lastSeq(messages.peek());
      const conversation = store.get(id);
      // Signals are dropped while offline; not recording one lets the reconnect send it.
      if (!loaded || seq === 0 || seq <= readSent || transport.state.peek() !== 'connected') return;
      if (conversation && conversation.agentReadSeq >= seq && conversation.unreadCount === 0) return;
      readSent = seq;
      transport.signal('conversation:read', { conversationId: id, seq });
    },

    dispose() {
      disposed = true;
      clearTimeout(typingTimer);
    },
  };
}
