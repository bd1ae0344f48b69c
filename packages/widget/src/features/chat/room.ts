import { batch, computed, effect, type ReadonlySignal, signal } from '@preact/signals';
import {
  type AssistantState,
  type Attachment,
  type ConversationContext,
  containsCardData,
  LIMITS,
  type Message,
  type Topic,
} from '@topay-support/protocol';
import {
  type ConnectionState,
  type Conversation,
  type ConversationSummary,
  type EmitWidgetEvent,
  type Identity,
  type OpenChatRequest,
  type PendingMessage,
  reportError,
  type SupportClient,
  type UploadFile,
} from '@topay-support/sdk';

/** What the chat room needs of the SDK client. */
export type ChatBackend = Pick<SupportClient, 'chat' | 'on'>;

export type RoomPhase =
  | { name: 'loading' }
  | { name: 'failed' }
  | { name: 'topics' }
  // `handoff`: the visitor asked for a person and nobody is online; the form takes an email for the answer.
  | { name: 'form'; topic: Topic; kind: 'prechat' | 'offline' | 'handoff' }
  | { name: 'conversation' };

/** A copy of the conversation's fields, replaced on every change, so components re-render from one signal. */
export interface RoomSnapshot {
  id: string;
  status: Conversation['status'];
  assignee: string | undefined;
  offline: boolean;
  rated: boolean;
  agentReadSeq: number;
  visitorReadSeq: number;
  history: readonly Message[];
  pending: readonly PendingMessage[];
  assistant: AssistantState;
  /** The assistant reply being written, whole text so far (docs/assistant.md). */
  draft: string | undefined;
}

/** A file picked or pasted for the next message: uploaded at once, sent (by id) with the message. */
export interface PendingUpload {
  key: number;
  name: string;
  size: number;
  state: 'uploading' | 'done' | 'failed';
  /** Why it failed: the SDK's error code, or `too_many` (over `LIMITS.attachmentsPerMessage`). */
  error?: string;
  attachment?: Attachment;
}

export interface ChatRoomOptions {
  backend: ChatBackend;
  /** The panel is open on the chat view: new messages count as read. */
  visible: ReadonlySignal<boolean>;
  /** Availability from the merchant's settings, until the server pushes a newer answer. */
  online: ReadonlySignal<boolean>;
  preChatForm: ReadonlySignal<boolean>;
  identity: ReadonlySignal<Identity | undefined>;
  /** The merchant's assistant answers first: nobody online then means the assistant, not the offline form. */
  assistant: ReadonlySignal<boolean>;
  context(): ConversationContext;
  emit: EmitWidgetEvent;
}

export interface ChatRoom {
  readonly phase: ReadonlySignal<RoomPhase>;
  readonly snapshot: ReadonlySignal<RoomSnapshot | undefined>;
  readonly online: ReadonlySignal<boolean>;
  readonly connection: ReadonlySignal<ConnectionState>;
  /** The agent typing right now, by name ('' when unnamed), or undefined. */
  readonly agentTyping: ReadonlySignal<string | undefined>;
  /** The first message from `startChat(text)`, sent once a conversation exists. */
  readonly draft: ReadonlySignal<string>;
  /** Text held back because it looks like card data, waiting for "edit" or "send anyway". */
  readonly cardWarning: ReadonlySignal<string | undefined>;
  /** Agent messages after what the visitor has read. */
  readonly unread: ReadonlySignal<number>;
  /** The visitor's open conversations (one per payment asked about, and others), to switch between. */
  readonly conversations: ReadonlySignal<readonly ConversationSummary[]>;
  /** Shows another of the visitor's conversations. */
  switchTo(id: string): void;
  /** The latest agent or assistant message, for the polite live region (a draft is never announced). */
  readonly announcement: ReadonlySignal<Message | undefined>;
  /** Thumbs up or down on an assistant reply (then `message.feedback`); voting again replaces the vote. */
  feedback(messageId: string, helpful: boolean): void;
  /** "Talk to a person": hands the conversation to people; with nobody online, asks for an email. */
  requestAgent(): void;
  /** Shows the visitor's chat: resumes the open conversation, or asks for a topic. */
  start(firstMessage?: string): void;
  /** Loads the conversation in the background (page load with an active chat), for unread counts. */
  resume(): void;
  chooseTopic(topic: Topic): void;
  /**
   * "Ask about this payment": that payment's own conversation, resumed or new (through the pre-chat or offline
   * form when no conversation is open and those apply). The server checks ownership again.
   */
  askAbout(payment: NonNullable<OpenChatRequest['payment']>): void;
  submitForm(form: { name?: string; email?: string; message?: string }): void;
  /** Files for the next message, in the order they were added. */
  readonly uploads: ReadonlySignal<readonly PendingUpload[]>;
  /** Uploads files for the next message (picked or pasted). */
  attach(files: readonly UploadFile[]): void;
  /** Drops a file from the next message, aborting its upload. */
  removeUpload(key: number): void;
  retryUpload(key: number): void;
  /** An attachment this page uploaded, to name it in a message that is still sending. */
  attachment(id: string): Attachment | undefined;
  /**
   * Sends the text with the uploaded files. Returns false when it did not and the composer keeps the text: held
   * back for the card warning, or a file is still uploading or failed.
   */
  send(text: string): boolean;
  confirmCardWarning(): void;
  dismissCardWarning(): void;
  retry(clientId: string): void;
  discard(clientId: string): void;
  setTyping(typing: boolean): void;
  rate(score: number, comment?: string): Promise<void>;
  transcript(): Promise<string>;
  newConversation(): void;
  /** The visitor changed (identify, logout): forget the conversation and start over. */
  reset(): void;
  dispose(): void;
}

const OPEN_PHASE: RoomPhase = { name: 'conversation' };

/** Handed to people while nobody is online, and no email to answer by: the widget asks for one. */
const needsEmail = (c: Conversation) =>
  c.assistant === 'handed_off' && c.offline && !c.emailKnown && c.status !== 'resolved';
const emailForm = (c: Conversation): RoomPhase => ({
  name: 'form',
  topic: c.topic ?? 'other',
  kind: 'handoff',
});

/**
 * The chat feature's state and actions. SDK events become signal writes here and only here; components read.
 *
 * @example
 * const room = createChatRoom({ backend: client, visible, online, assistant, preChatForm, identity, context, emit });
 * room.start('My payment failed');
 */
export function createChatRoom(options: ChatRoomOptions): ChatRoom {
  const { backend, emit } = options;
  const phase = signal<RoomPhase>({ name: 'loading' });
  const snapshot = signal<RoomSnapshot | undefined>(undefined);
  const pushedOnline = signal<boolean | undefined>(undefined);
  const connection = signal<ConnectionState>('disconnected');
  const agentTyping = signal<string | undefined>(undefined);
  const draft = signal('');
  const cardWarning = signal<string | undefined>(undefined);
  const announcement = signal<Message | undefined>(undefined);
  const uploads = signal<readonly PendingUpload[]>([]);
  const conversations = signal<readonly ConversationSummary[]>([]);
  // Conversations this page has seen: opening one of them again resumes it, so it is no `chatStarted`.
  const known = new Set<string>();
  // The files behind the chips (never in a signal: components have no use for the bytes) and their aborts.
  const files = new Map<number, { file: UploadFile; abort?: AbortController }>();
  const uploaded = new Map<string, Attachment>();
  let uploadKey = 0;
  let conversation: Conversation | undefined;
  let unsubscribe: Array<() => void> = [];
  let loading: Promise<void> | undefined;
  let generation = 0;
  let visitorId: string | undefined;
  // The payment the next `open` attaches; kept if that fails, so a retry still carries it.
  let payment: OpenChatRequest['payment'];

  const online = computed(() => pushedOnline.value ?? options.online.value);
  const unread = computed(() => {
    const s = snapshot.value;
    if (!s) return 0;
    return s.history.filter(
      (m) => m.author.type !== 'visitor' && m.author.type !== 'system' && m.seq > s.visitorReadSeq,
    ).length;
  });

  function copy(c: Conversation): void {
    snapshot.value = {
      id: c.id,
      status: c.status,
      assignee: c.assignee?.name,
      offline: c.offline,
      rated: c.rating !== undefined,
      agentReadSeq: c.agentReadSeq,
      visitorReadSeq: c.visitorReadSeq,
      history: c.history,
      pending: c.pending,
      assistant: c.assistant,
      draft: c.draft?.text,
    };
  }

  function attach(c: Conversation): void {
    for (const off of unsubscribe.splice(0)) off();
    conversation = c;
    known.add(c.id);
    copy(c);
    refreshList();
    unsubscribe = [
      c.on('change', () => copy(c)),
      c.on('draft', () => copy(c)),
      c.on('typing', ({ typing, name }) => {
        agentTyping.value = typing ? (name ?? '') : undefined;
      }),
      c.on('message', (m) => {
        if (m.author.type === 'visitor') return;
        if (m.author.type !== 'system') announcement.value = m;
        const author = m.author.name ? { type: m.author.type, name: m.author.name } : { type: m.author.type };
        emit('message', {
          conversationId: c.id,
          id: m.id,
          seq: m.seq,
          text: m.text,
          author,
          createdAt: m.createdAt,
        });
      }),
      c.on('status', (status) => {
        if (status === 'resolved') {
          agentTyping.value = undefined;
          emit('chatEnded', { conversationId: c.id });
        }
      }),
    ];
  }

  function refreshList(): void {
    backend.chat.list().then(
      (list) => {
        for (const item of list) known.add(item.id);
        conversations.value = list;
      },
      () => {},
    );
  }

  function flushDraft(): void {
    const text = draft.peek();
    if (!text || !conversation || conversation.status === 'resolved') return;
    draft.value = '';
    send(text);
  }

  /** Loads the latest conversation: shows it when open (or when nothing new was asked for), else the topics. */
  function load(): Promise<void> {
    if (loading) return loading;
    const current = ++generation;
    loading = backend.chat
      .current()
      .then(
        (c) => {
          if (current !== generation) return;
          if (c) attach(c);
          phase.value =
            c && (c.status !== 'resolved' || !draft.peek())
              ? needsEmail(c)
                ? emailForm(c)
                : OPEN_PHASE
              : { name: 'topics' };
          flushDraft();
        },
        () => {
          if (current === generation) phase.value = { name: 'failed' };
        },
      )
      .finally(() => {
        if (current === generation) loading = undefined;
      });
    return loading;
  }

  async function open(request: OpenChatRequest, firstMessage?: string): Promise<void> {
    phase.value = { name: 'loading' };
    try {
      const c = await backend.chat.open({
        ...request,
        ...(payment ? { payment } : {}),
        context: options.context(),
      });
      payment = undefined;
      // The ack does not say whether it started a conversation: an id this page has not seen means it did.
      const started = !known.has(c.id);
      attach(c);
      phase.value = OPEN_PHASE;
      if (started) emit('chatStarted', { conversationId: c.id });
      // The offline form's message was prefilled from the draft, so it replaces it rather than adding to it.
      if (firstMessage) {
        draft.value = '';
        send(firstMessage, true);
      }
      flushDraft();
    } catch {
      phase.value = { name: 'failed' };
    }
  }

  function send(text: string, confirmed = false): boolean {
    const trimmed = text.trim();
    const ready = uploads.peek();
    if (ready.some((u) => u.state !== 'done')) return false;
    if ((!trimmed && ready.length === 0) || !conversation) return true;
    if (!confirmed && containsCardData(trimmed)) {
      cardWarning.value = trimmed;
      return false;
    }
    const attachmentIds = ready.map((u) => u.attachment?.id ?? '');
    clearUploads();
    // Failures show on the message itself (pending list); nothing to do with the rejection here.
    conversation.send(trimmed, attachmentIds.length ? { attachmentIds } : {}).catch(() => {});
    return true;
  }

  function patchUpload(key: number, change: Partial<PendingUpload>): void {
    uploads.value = uploads.peek().map((u) => (u.key === key ? { ...u, ...change } : u));
  }

  function upload(key: number): void {
    const entry = files.get(key);
    const c = conversation;
    if (!entry || !c) return;
    const abort = new AbortController();
    entry.abort = abort;
    patchUpload(key, { state: 'uploading', error: undefined });
    c.upload(entry.file, { signal: abort.signal }).then(
      (attachment) => {
        if (files.get(key) !== entry) return;
        uploaded.set(attachment.id, attachment);
        patchUpload(key, { state: 'done', attachment });
      },
      (error: { code?: string }) => {
        if (files.get(key) === entry) patchUpload(key, { state: 'failed', error: error?.code });
      },
    );
  }

  function clearUploads(): void {
    for (const entry of files.values()) entry.abort?.abort();
    files.clear();
    uploads.value = [];
  }

  const disposers = [
    backend.on('connection', (state) => {
      connection.value = state;
    }),
    backend.on('availability', (value) => {
      pushedOnline.value = value;
    }),
    backend.on('session', (info) => {
      if (info.identityRejected)
        reportError(emit, 'identity_rejected', 'the identify userHash did not verify; chatting anonymously');
      const changed = visitorId !== undefined && visitorId !== info.visitorId;
      visitorId = info.visitorId;
      if (changed) room.reset();
    }),
    // Read while looking: everything shown in an open chat panel is read.
    effect(() => {
      const s = snapshot.value;
      const last = s?.history[s.history.length - 1];
      if (options.visible.value && phase.value.name === 'conversation' && last && last.seq > s.visitorReadSeq)
        conversation?.markRead(last.seq);
    }),
  ];

  const room: ChatRoom = {
    phase,
    snapshot,
    online,
    connection,
    agentTyping,
    draft,
    cardWarning,
    unread,
    announcement,
    uploads,
    attach(list) {
      for (const file of list) {
        const key = ++uploadKey;
        const chip: PendingUpload = { key, name: file.name || 'file', size: file.size, state: 'uploading' };
        if (uploads.peek().filter((u) => u.state !== 'failed').length >= LIMITS.attachmentsPerMessage) {
          uploads.value = [...uploads.peek(), { ...chip, state: 'failed', error: 'too_many' }];
          continue;
        }
        files.set(key, { file });
        uploads.value = [...uploads.peek(), chip];
        upload(key);
      }
    },
    removeUpload(key) {
      files.get(key)?.abort?.abort();
      files.delete(key);
      uploads.value = uploads.peek().filter((u) => u.key !== key);
    },
    retryUpload: upload,
    attachment: (id) => uploaded.get(id),
    start(firstMessage) {
      if (firstMessage !== undefined) draft.value = firstMessage;
      if (conversation) refreshList();
      const name = phase.peek().name;
      if (name === 'conversation' && conversation?.status !== 'resolved') flushDraft();
      else if (name === 'conversation' && firstMessage) phase.value = { name: 'topics' };
      else if (name === 'failed' || (name === 'loading' && !loading)) void load();
    },
    resume() {
      if (!conversation && !loading) void load();
    },
    askAbout(next) {
      payment = next;
      // Known whether a conversation is open only once the latest one has loaded. With one open, the visitor
      // gave their details already: the payment's own conversation opens without the forms, unless nobody
      // can answer now and no email is known to answer by (then the offline form asks for one).
      void (conversation ? Promise.resolve() : load()).then(() => {
        const c = conversation;
        if (c && c.status !== 'resolved' && (online.peek() || options.assistant.peek() || c.emailKnown))
          void open({ topic: 'payment' });
        else room.chooseTopic('payment');
      });
    },
    conversations,
    switchTo(id) {
      if (id === conversation?.id) return;
      const current = generation;
      backend.chat.switchTo(id).then(
        (c) => {
          // A reset (another visitor) since: that conversation is not theirs to show.
          if (current !== generation) return;
          attach(c);
          phase.value = needsEmail(c) ? emailForm(c) : OPEN_PHASE;
        },
        () => {},
      );
    },
    chooseTopic(topic) {
      // With the assistant on, nobody online still gets an answer; complaints go straight to people.
      if (!online.peek() && !(options.assistant.peek() && topic !== 'complaint'))
        phase.value = { name: 'form', topic, kind: 'offline' };
      else if (options.preChatForm.peek() && !options.identity.peek()?.email)
        phase.value = { name: 'form', topic, kind: 'prechat' };
      else void open({ topic });
    },
    submitForm(form) {
      const p = phase.peek();
      if (p.name !== 'form') return;
      const identity = options.identity.peek();
      const request: OpenChatRequest = { topic: p.topic };
      const name = form.name?.trim() || identity?.name;
      const email = form.email?.trim() || identity?.email;
      if (name) request.name = name;
      if (email) request.email = email;
      void open(request, form.message?.trim());
    },
    send: (text) => send(text),
    feedback(messageId, helpful) {
      // The SDK marks the message with the vote once the server has kept it; a failed vote changes nothing.
      conversation?.feedback(messageId, helpful).catch(() => {});
    },
    requestAgent() {
      const c = conversation;
      c?.requestAgent().then(
        () => {
          if (c === conversation && needsEmail(c)) phase.value = emailForm(c);
        },
        () => {},
      );
    },
    confirmCardWarning() {
      const text = cardWarning.peek();
      cardWarning.value = undefined;
      if (text) send(text, true);
    },
    dismissCardWarning() {
      cardWarning.value = undefined;
    },
    retry(clientId) {
      conversation?.retry(clientId).catch(() => {});
    },
    discard(clientId) {
      conversation?.discard(clientId);
    },
    setTyping(typing) {
      conversation?.setTyping(typing);
    },
    async rate(score, comment) {
      await conversation?.rate(score, comment);
    },
    transcript() {
      return conversation ? conversation.transcript() : Promise.reject(new Error('no conversation'));
    },
    newConversation() {
      phase.value = { name: 'topics' };
    },
    reset() {
      for (const off of unsubscribe.splice(0)) off();
      batch(() => {
        conversation = undefined;
        snapshot.value = undefined;
        agentTyping.value = undefined;
        cardWarning.value = undefined;
        clearUploads();
        conversations.value = [];
        phase.value = { name: 'loading' };
      });
      known.clear();
      loading = undefined;
      payment = undefined;
      generation++;
      // A signed-out visitor gets a new anonymous session only when they look at chat again.
      if (options.visible.peek()) void load();
    },
    dispose() {
      generation++;
      for (const entry of files.values()) entry.abort?.abort();
      for (const off of [...unsubscribe.splice(0), ...disposers.splice(0)]) off();
    },
  };
  return room;
}
