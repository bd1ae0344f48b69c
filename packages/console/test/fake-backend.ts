import { signal } from '@preact/signals';
import type {
  AgentMeResponse,
  AgentPresence,
  Attachment,
  CannedReply,
  Conversation,
  Message,
} from '@topay-support/protocol';
import type { AgentApi } from '../src/agent-api.js';
import { ApiFailure, type ConsoleApi } from '../src/api.js';
import { TOKEN_STORAGE_KEY } from '../src/features/auth/token-store.js';
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
} from '../src/features/realtime/transport.js';

export const ME: AgentMeResponse = {
  agent: { id: 'agent-me', email: 'me@demo.test', name: 'Mei', role: 'agent' },
  merchant: { id: 'merchant-1', name: 'Demo shop' },
};

let counter = 0;
const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();

export function makeConversation(overrides: Partial<Conversation> & { id: string }): Conversation {
  return {
    status: 'open',
    topic: 'payment',
    visitor: { id: `visitor-${overrides.id}-abcdef` },
    lastMessage: null,
    createdAt: at(10),
    updatedAt: at(1),
    flagged: false,
    offline: false,
    lastSeq: 0,
    visitorReadSeq: 0,
    agentReadSeq: 0,
    unreadCount: 0,
    waitingSince: null,
    context: {},
    resolvedAt: null,
    assistant: 'off',
    ...overrides,
  };
}

export function makeMessage(overrides: Partial<Message> & { seq: number }): Message {
  counter += 1;
  return {
    id: `m-${counter}`,
    clientId: `c-${counter}`,
    author: { type: 'visitor', id: 'visitor-1' },
    text: 'Hello',
    attachments: [],
    sources: [],
    createdAt: at(1),
    ...overrides,
  };
}

interface HeldRequest {
  event: AckEvent;
  payload: unknown;
  reject(error: Error): void;
}

/**
 * An in-memory `/agent` socket: tests push server events, drop and restore the connection, and read
 * what the console sent. Message sends are stored with the server's dedupe-by-clientId semantics.
 */
export class FakeTransport implements AgentTransport {
  readonly state = signal<ConnectionState>('connecting');
  readonly sent: Array<{ event: string; payload: unknown }> = [];
  readonly signals: Array<{ event: string; payload: unknown }> = [];
  /** While true, `message:send` gets no answer (as if the packet were lost); a drop rejects it. */
  holdAcks = false;
  private held: HeldRequest[] = [];
  private readonly listeners = new Map<string, Set<(payload: never) => void>>();
  private readonly connectListeners = new Set<(first: boolean) => void>();
  private connectedBefore = false;

  constructor(private readonly backend: FakeBackend) {}

  on<E extends ServerEvent>(event: E, listener: (payload: ServerPayload<E>) => void) {
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener as (payload: never) => void);
    this.listeners.set(event, set);
    return () => {
      set.delete(listener as (payload: never) => void);
    };
  }

  onConnect(listener: (first: boolean) => void) {
    this.connectListeners.add(listener);
    return () => {
      this.connectListeners.delete(listener);
    };
  }

  push<E extends ServerEvent>(event: E, payload: ServerPayload<E>) {
    for (const listener of this.listeners.get(event) ?? [])
      (listener as (p: ServerPayload<E>) => void)(payload);
  }

  connect() {
    this.state.value = 'connected';
    const first = !this.connectedBefore;
    this.connectedBefore = true;
    for (const listener of this.connectListeners) listener(first);
  }

  drop() {
    this.state.value = 'reconnecting';
    const held = this.held;
    this.held = [];
    for (const request of held) request.reject(new NoAckError('disconnected'));
  }

  async request<E extends AckEvent>(event: E, payload: RequestOf<E>): Promise<AckOf<E>> {
    if (this.state.peek() !== 'connected') throw new NoAckError('not connected');
    this.sent.push({ event, payload });
    if (event === 'message:send' && this.holdAcks) {
      return new Promise<AckOf<E>>((_, reject) => this.held.push({ event, payload, reject }));
    }
    return this.backend.answer(event, payload) as AckOf<E>;
  }

  signal<E extends SignalEvent>(event: E, payload: RequestOf<E>) {
    if (this.state.peek() === 'connected') this.signals.push({ event, payload });
  }

  reconnect() {
    this.connect();
  }

  close() {
    this.state.value = 'offline';
  }
}

/** Conversations and messages in memory, served through both the HTTP API and the fake socket. */
export class FakeBackend {
  readonly conversations = new Map<string, Conversation>();
  readonly messages = new Map<string, Message[]>();
  readonly calls: string[] = [];
  cannedReplies: CannedReply[] = [];
  /** Every upload the console made, by id, with the bytes it sent. */
  readonly uploads = new Map<string, { attachment: Attachment; bytes: Uint8Array }>();
  /**
   * How an upload is answered; tests replace it to hold an upload open or to refuse it. The default
   * stores it at once, as an image or PDF by the file's claimed type.
   */
  onUpload: (file: Blob, name: string) => Promise<Attachment> = async (file, name) => {
    counter += 1;
    return {
      id: `att-${counter}`,
      name,
      contentType: file.type === 'application/pdf' ? 'application/pdf' : 'image/png',
      size: file.size,
      url: `/v1/attachments/att-${counter}?expires=9999999999&signature=sig`,
    };
  };
  agents: AgentPresence[] = [
    { agentId: ME.agent.id, name: ME.agent.name, status: 'online' },
    { agentId: 'agent-2', name: 'Lei', status: 'online' },
  ];
  transport = new FakeTransport(this);

  add(conversation: Conversation, messages: Message[] = []) {
    const last = messages.at(-1) ?? null;
    const stored = { ...conversation, lastMessage: last, lastSeq: last?.seq ?? 0 };
    this.conversations.set(conversation.id, stored);
    this.messages.set(conversation.id, messages);
    return stored;
  }

  /** Stores a message as the server would (dedupe on clientId) and pushes it to the console. */
  store(
    conversationId: string,
    message: Omit<Message, 'seq' | 'id'>,
    push = true,
  ): { message: Message; duplicate: boolean } {
    const list = this.messages.get(conversationId) ?? [];
    const existing = list.find((candidate) => candidate.clientId === message.clientId);
    if (existing) return { message: existing, duplicate: true };
    counter += 1;
    const stored: Message = { ...message, id: `m-${counter}`, seq: list.length + 1 };
    list.push(stored);
    this.messages.set(conversationId, list);
    const conversation = this.conversations.get(conversationId);
    if (conversation) {
      const next = { ...conversation, lastMessage: stored, lastSeq: stored.seq };
      this.conversations.set(conversationId, next);
      if (push) this.transport.push('conversation:updated', { conversation: next });
    }
    if (push) this.transport.push('message:new', { conversationId, message: stored });
    return { message: stored, duplicate: false };
  }

  answer(event: AckEvent, payload: unknown): unknown {
    if (event === 'message:send') {
      const request = payload as RequestOf<'message:send'>;
      const result = this.store(request.conversationId, {
        clientId: request.clientId,
        author: { type: 'agent', id: ME.agent.id, name: ME.agent.name },
        text: request.text,
        sources: [],
        attachments: (request.attachmentIds ?? []).flatMap((id) => {
          const upload = this.uploads.get(id);
          return upload ? [upload.attachment] : [];
        }),
        createdAt: new Date().toISOString(),
        ...(request.internal ? { internal: true } : {}),
      });
      return { ok: true, data: result };
    }
    if (event === 'messages:sync') {
      const request = payload as RequestOf<'messages:sync'>;
      const messages = (this.messages.get(request.conversationId) ?? []).filter(
        (m) => m.seq > request.afterSeq,
      );
      return { ok: true, data: { messages, hasMore: false } };
    }
    return { ok: true, data: { presence: this.agents } };
  }

  private update(id: string, patch: Partial<Conversation>): Conversation {
    const conversation = this.conversations.get(id);
    if (!conversation) throw new ApiFailure('not_found', 'no such conversation', { status: 404 });
    const next = { ...conversation, ...patch };
    this.conversations.set(id, next);
    return next;
  }

  readonly api: AgentApi = {
    // One conversation per visitor here; linked ones are tested against the real server.
    linkedConversations: async () => [],
    listConversations: async (query) => {
      this.calls.push(`list:${query.status ?? 'all'}`);
      const conversations = [...this.conversations.values()].filter(
        (conversation) =>
          (!query.status || conversation.status === query.status) &&
          (!query.topic || conversation.topic === query.topic),
      );
      return { conversations, nextCursor: null };
    },
    getConversation: async (id) => this.update(id, {}),
    act: async (id, action) => {
      this.calls.push(`${action}:${id}`);
      const me = { id: ME.agent.id, name: ME.agent.name };
      if (action === 'claim') return this.update(id, { status: 'assigned', assignee: me });
      if (action === 'resolve')
        return this.update(id, { status: 'resolved', resolvedAt: new Date().toISOString() });
      if (action === 'reopen') return this.update(id, { status: 'assigned', resolvedAt: null });
      return this.update(id, { unreadCount: 0 });
    },
    transfer: async (id, agentId) => {
      this.calls.push(`transfer:${id}:${agentId}`);
      const agent = this.agents.find((candidate) => candidate.agentId === agentId);
      return this.update(id, { status: 'assigned', assignee: { id: agentId, name: agent?.name ?? '?' } });
    },
    messages: async (id, afterSeq) =>
      (this.messages.get(id) ?? []).filter((message) => message.seq > afterSeq),
    postMessage: async () => {
      throw new Error('the console sends over the socket');
    },
    agents: async () => this.agents,
    cannedReplies: async () => this.cannedReplies,
    createCannedReply: async (body) => {
      if (this.cannedReplies.some((reply) => reply.shortcut === body.shortcut))
        throw new ApiFailure('conflict', `The shortcut /${body.shortcut} exists already`, { status: 409 });
      const reply = { id: `canned-${this.cannedReplies.length + 1}`, ...body };
      this.cannedReplies.push(reply);
      return reply;
    },
    deleteCannedReply: async (id) => {
      this.calls.push(`delete-canned:${id}`);
      this.cannedReplies = this.cannedReplies.filter((reply) => reply.id !== id);
    },
    // Articles are tested against the real server (features/articles); these answer "none".
    searchArticles: async () => [],
    listArticles: async () => [],
    getArticle: async (id) => {
      throw new ApiFailure('not_found', `No article ${id}`, { status: 404 });
    },
    createArticle: async () => {
      throw new ApiFailure('forbidden', 'Only admins can edit articles', { status: 403 });
    },
    updateArticle: async () => {
      throw new ApiFailure('forbidden', 'Only admins can edit articles', { status: 403 });
    },
    previewArticle: async () => '',
    // The report is tested against the real server (assistant-report.integration.test.tsx).
    assistantReport: () => Promise.reject(new Error('not part of this fake')),
    uploadAttachment: async (file, name) => {
      this.calls.push(`upload:${name}`);
      const bytes = new Uint8Array(await file.arrayBuffer());
      const attachment = await this.onUpload(file, name);
      this.uploads.set(attachment.id, { attachment, bytes });
      return attachment;
    },
  };

  /** Auth endpoints that accept the stored token. */
  readonly consoleApi: ConsoleApi = {
    login: async () => ({
      token: 'token',
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
      agent: ME.agent,
    }),
    me: async () => ME,
  };
}

/** Leaves a valid-looking token where a previous page load would have, so the console starts signed in. */
export function storeToken(storage: Storage = sessionStorage) {
  storage.setItem(
    TOKEN_STORAGE_KEY,
    JSON.stringify({ token: 'token', expiresAt: new Date(Date.now() + 3_600_000).toISOString() }),
  );
}
