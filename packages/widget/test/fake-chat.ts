import type { Message, VisitorConversation } from '@topay-support/protocol';
import {
  type Conversation,
  type ConversationEvents,
  Emitter,
  type OpenChatRequest,
  type PendingMessage,
  type SupportClientEvents,
} from '@topay-support/sdk';
import type { WidgetClient } from '../src/app/model.js';

/** An in-memory conversation with the SDK's shape: tests push agent messages and status changes into it. */
export class FakeConversation implements Conversation {
  readonly events = new Emitter<ConversationEvents>();
  readonly sent: string[] = [];
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

  send(text: string): Promise<Message> {
    this.sent.push(text);
    return Promise.resolve(this.push({ type: 'visitor', id: 'v1' }, text));
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

/** The SDK client's chat side in memory. `current` starts as given; `open` creates a conversation. */
export function fakeClient(current: FakeConversation | null = null) {
  const events = new Emitter<SupportClientEvents>();
  const opened: OpenChatRequest[] = [];
  const state = { current, opened, identified: 0, loggedOut: 0 };
  const client: WidgetClient = {
    merchantKey: 'pk_test',
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
    },
    on: (event, listener) => events.on(event, listener),
    identify: () => {
      state.identified++;
    },
    logout: () => {
      state.loggedOut++;
    },
  };
  return { client, events, state };
}
