import type { Attachment, Message, VisitorConversation } from '@topay-support/protocol';
import {
  type Conversation,
  type ConversationEvents,
  Emitter,
  type OpenChatRequest,
  type PendingMessage,
  type SupportClientEvents,
  type UploadFile,
  type UploadOptions,
} from '@topay-support/sdk';
import type { WidgetClient } from '../src/app/model.js';
import { fakeHelp } from './fake-help.js';

/** An in-memory conversation with the SDK's shape: tests push agent messages and status changes into it. */
export class FakeConversation implements Conversation {
  readonly events = new Emitter<ConversationEvents>();
  readonly sent: string[] = [];
  /** The options of each `send`, in order (attachment ids). */
  readonly sentOptions: Array<{ attachmentIds?: string[] } | undefined> = [];
  /** Every `upload` call; answers with `uploadAnswer`, by default at once with a stored attachment. */
  readonly uploads: Array<{ file: UploadFile; signal: AbortSignal | undefined }> = [];
  uploadAnswer: (file: UploadFile, n: number) => Promise<Attachment> = (file, n) =>
    Promise.resolve(fakeAttachment(`att-${n}`, file.name ?? 'file', file.type || 'image/png', file.size));
  snapshot: VisitorConversation;
  history: readonly Message[] = [];
  pending: readonly PendingMessage[] = [];
  rating: Conversation['rating'] = undefined;
  attached = true;

  constructor(id: string, topic: VisitorConversation['topic'] = 'payment') {
    this.snapshot = {
      id,
      status: 'open',
      topic,
      lastSeq: 0,
      agentReadSeq: 0,
      visitorReadSeq: 0,
      offline: false,
      createdAt: new Date().toISOString(),
      assistant: 'off',
    };
  }
  get id() {
    return this.snapshot.id;
  }
  get status() {
    return this.snapshot.status;
  }
  get topic() {
    return this.snapshot.topic;
  }
  get assignee() {
    return this.snapshot.assignee;
  }
  get offline() {
    return this.snapshot.offline;
  }
  get createdAt() {
    return this.snapshot.createdAt;
  }
  get agentReadSeq() {
    return this.snapshot.agentReadSeq;
  }
  get visitorReadSeq() {
    return this.snapshot.visitorReadSeq;
  }
  get assistant() {
    return this.snapshot.assistant;
  }
  // The assistant is proven against the real server (test/assistant.test.tsx), not through this fake.
  readonly draft = null;
  requestAgent(): Promise<void> {
    return Promise.reject(new Error('not part of this fake'));
  }
  feedback(): Promise<void> {
    return Promise.reject(new Error('not part of this fake'));
  }

  /** Adds a stored message as if pushed by the server. */
  push(author: Message['author'], text: string, extra: Partial<Message> = {}): Message {
    const seq = (this.history.at(-1)?.seq ?? 0) + 1;
    const message: Message = {
      id: `m${seq}`,
      clientId: `c${seq}`,
      seq,
      author,
      text,
      attachments: [],
      sources: [],
      createdAt: new Date().toISOString(),
      ...extra,
    };
    this.history = [...this.history, message];
    this.snapshot = { ...this.snapshot, lastSeq: seq };
    this.events.emit('message', message);
    this.events.emit('change');
    return message;
  }

  update(patch: Partial<VisitorConversation>): void {
    const before = this.snapshot.status;
    this.snapshot = { ...this.snapshot, ...patch };
    if (patch.status && patch.status !== before) this.events.emit('status', patch.status);
    this.events.emit('change');
  }

  send(text: string, options?: { attachmentIds?: string[] }): Promise<Message> {
    this.sent.push(text);
    this.sentOptions.push(options);
    const attachments = (options?.attachmentIds ?? []).map((id) => fakeAttachment(id, `${id}.png`));
    return Promise.resolve(this.push({ type: 'visitor', id: 'v1' }, text, { attachments }));
  }
  upload(file: UploadFile, options?: UploadOptions): Promise<Attachment> {
    this.uploads.push({ file, signal: options?.signal });
    return this.uploadAnswer(file, this.uploads.length);
  }
  retry(): Promise<Message> {
    return Promise.reject(new Error('not in this fake'));
  }
  discard(): void {}
  on<E extends keyof ConversationEvents & string>(
    event: E,
    listener: (...args: ConversationEvents[E]) => void,
  ) {
    return this.events.on(event, listener);
  }
  async rate(score: number, comment?: string): Promise<void> {
    this.rating = comment ? { score, comment } : { score };
    this.events.emit('change');
  }
  markRead(seq = this.history.at(-1)?.seq ?? 0): void {
    if (seq <= this.snapshot.visitorReadSeq) return;
    this.snapshot = { ...this.snapshot, visitorReadSeq: seq };
    this.events.emit('change');
  }
  setTyping(): void {}
  transcript(): Promise<string> {
    return Promise.resolve(this.history.map((m) => m.text).join('\n'));
  }
}

/** An attachment as the SDK exposes it: the link already absolute. */
export function fakeAttachment(id: string, name: string, contentType = 'image/png', size = 2048): Attachment {
  return {
    id,
    name,
    contentType: contentType as Attachment['contentType'],
    size,
    url: `https://support.test/v1/attachments/${id}?expires=1&signature=s`,
  };
}

/**
 * The SDK client's chat side in memory. `current` starts as given; `open` creates a conversation. `help` is
 * `fakeHelp()`'s in-memory help center.
 */
export function fakeClient(current: FakeConversation | null = null, help = fakeHelp()) {
  const events = new Emitter<SupportClientEvents>();
  const opened: OpenChatRequest[] = [];
  const state = { current, opened, identified: 0, loggedOut: 0 };
  const client: WidgetClient = {
    merchantKey: 'pk_test',
    serverUrl: 'https://support.test',
    help: help.help,
    chat: {
      current: async () => {
        events.emit('connection', 'connected');
        return state.current;
      },
      open: async (request = {}) => {
        opened.push(request);
        if (!state.current || state.current.status === 'resolved')
          state.current = new FakeConversation(`conv-${opened.length}`, request.topic ?? null);
        return state.current;
      },
      upload: (file, options) =>
        state.current ? state.current.upload(file, options) : Promise.reject(new Error('no conversation')),
      // One conversation at a time here; several per visitor are tested against the real server.
      list: async () => [],
      switchTo: async (id) =>
        state.current?.id === id ? state.current : Promise.reject(new Error('no such conversation')),
    },
    on: (event, listener) => events.on(event, listener),
    identify: () => {
      state.identified++;
    },
    logout: () => {
      state.loggedOut++;
    },
  };
  return { client, events, state, help };
}
