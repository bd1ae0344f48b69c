import {
  type AssistantDraft,
  type Attachment,
  LIMITS,
  type Message,
  mergeMessages,
  type TypingSignal,
  type VisitorConversation,
  visitorConversationAfter,
} from '@topay-support/protocol';
import { Emitter } from '../client/emitter.js';
import { SupportError } from '../client/errors.js';
import { absoluteMessage, type UploadFile, type UploadOptions } from './attachments.js';
import type { Connection } from './connection.js';
import { Delivery, type PendingMessage } from './delivery.js';
import { Outbox } from './outbox.js';
import type { ChatStore } from './storage.js';
import type { Conversation, ConversationEvents } from './types.js';

export interface ConversationDeps {
  connection: Connection;
  store: ChatStore;
  /** Attachment links in messages are resolved against it. */
  serverUrl: string;
  /** Uploads a file over HTTP with the visitor's token. */
  upload(file: UploadFile, options?: UploadOptions): Promise<Attachment>;
  /** Downloads the transcript over HTTP with the visitor's token. */
  transcript(conversationId: string): Promise<string>;
  /** The conversation's status or id changed: the session keeps its hint for the next page load. */
  onSnapshot(snapshot: VisitorConversation): void;
}

// An agent's typing indicator is volatile: without a fresh signal it is assumed to have stopped.
const AGENT_TYPING_TTL_MS = 6_000;
const TYPING_THROTTLE_MS = 2_000;
// A model's whole reply takes at most 15 s; a draft older than this without its stored reply is dropped.
const DRAFT_TTL_MS = 20_000;

/** One conversation's live state: history, outbox, read and typing signals. Created by the chat session. */
export class LiveConversation implements Conversation {
  private readonly _deps: ConversationDeps;
  private readonly _events = new Emitter<ConversationEvents>();
  private readonly _delivery: Delivery;
  private _snapshot: VisitorConversation;
  private _history: readonly Message[] = [];
  private _pending: readonly PendingMessage[] = [];
  private _readSeq: number;
  private _attached = true;
  private _agentTypingTimer: ReturnType<typeof setTimeout> | undefined;
  private _typingSent = false;
  private _typingSentAt = 0;
  private _syncing: Promise<void> | undefined;
  /**
   * Everything visible up to this seq is held: what a sync asks "after". Not simply the newest seq held: an
   * own message's ack can run ahead of a reply whose push was lost in a drop, and a sync after the ack's seq
   * would never fetch that reply. Internal notes also take seqs the visitor never sees, so the server's
   * answer to a sync, not the history's shape, is what moves it past such a hole.
   */
  private _syncedSeq = 0;
  private _draft: { draftId: string; text: string } | null = null;
  private _draftTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(snapshot: VisitorConversation, messages: readonly Message[], deps: ConversationDeps) {
    this._deps = deps;
    this._snapshot = snapshot;
    this._readSeq = snapshot.visitorReadSeq;
    this._history = mergeMessages([], messages.map(this._absolute, this), 'visitor').history;
    // The server sent the latest page: nothing visible after it is missing.
    this._syncedSeq = this._lastSeq();
    this._delivery = new Delivery({
      outbox: new Outbox(deps.store, snapshot.id),
      send: (entry) =>
        deps.connection
          .request((s) =>
            s.emitWithAck('message:send', {
              conversationId: snapshot.id,
              clientId: entry.clientId,
              text: entry.text,
              ...(entry.attachmentIds ? { attachmentIds: entry.attachmentIds } : {}),
            }),
          )
          .then((data) => {
            // The ack carries the stored message: into the history now, not when its echo arrives
            // (the server relays after acking, and the echo may come a moment later).
            this.receive([data.message]);
            return this._absolute(data.message);
          }),
      canSend: () => this._attached && deps.connection.ready,
      onChange: () => {
        this._pending = this._delivery.pending();
        this._events.emit('change');
      },
    });
    this._pending = this._delivery.pending();
    // Own messages stored by an earlier page whose ack never arrived are delivered already.
    for (const m of this._history) if (m.author.type === 'visitor') this._delivery.settle(m);
  }

  get id() {
    return this._snapshot.id;
  }
  get status() {
    return this._snapshot.status;
  }
  get topic() {
    return this._snapshot.topic;
  }
  get assignee() {
    return this._snapshot.assignee;
  }
  get offline() {
    return this._snapshot.offline;
  }
  get rating() {
    return this._snapshot.rating;
  }
  get createdAt() {
    return this._snapshot.createdAt;
  }
  get agentReadSeq() {
    return this._snapshot.agentReadSeq;
  }
  get visitorReadSeq() {
    return this._readSeq;
  }
  get assistant() {
    return this._snapshot.assistant;
  }
  get draft() {
    return this._draft;
  }
  get emailKnown() {
    return this._snapshot.emailKnown;
  }
  get payment() {
    return this._snapshot.payment;
  }
  get history() {
    return this._history;
  }
  get pending() {
    return this._pending;
  }
  get attached() {
    return this._attached;
  }

  send(text: string, options: { attachmentIds?: string[] } = {}): Promise<Message> {
    const trimmed = typeof text === 'string' ? text.trim() : '';
    if (!this._attached) return Promise.reject(detachedError());
    const attachments = options.attachmentIds?.length ?? 0;
    if (trimmed === '' && attachments === 0)
      return Promise.reject(new SupportError('invalid_request', 'a message needs text or an attachment'));
    if (attachments > LIMITS.attachmentsPerMessage)
      return Promise.reject(
        new SupportError(
          'invalid_request',
          `a message has at most ${LIMITS.attachmentsPerMessage} attachments`,
        ),
      );
    if (trimmed.length > LIMITS.messageLength)
      return Promise.reject(
        new SupportError('too_large', `a message has at most ${LIMITS.messageLength} characters`),
      );
    if (this._snapshot.status === 'resolved')
      return Promise.reject(new SupportError('conversation_resolved', 'this conversation has ended'));
    this.setTyping(false);
    return this._delivery.enqueue(trimmed, options.attachmentIds);
  }

  upload(file: UploadFile, options?: UploadOptions): Promise<Attachment> {
    if (!this._attached) return Promise.reject(detachedError());
    return this._deps.upload(file, options);
  }

  retry(clientId: string): Promise<Message> {
    if (!this._attached) return Promise.reject(detachedError());
    return (
      this._delivery.retry(clientId) ??
      Promise.reject(new SupportError('not_found', `no failed message ${clientId}`))
    );
  }

  discard(clientId: string): void {
    this._delivery.discard(clientId);
  }

  on<E extends keyof ConversationEvents & string>(
    event: E,
    listener: (...args: ConversationEvents[E]) => void,
  ): () => void {
    return this._events.on(event, listener);
  }

  async rate(score: number, comment?: string): Promise<void> {
    if (!Number.isInteger(score) || score < 1 || score > 5)
      throw new SupportError('invalid_request', 'score must be an integer from 1 to 5');
    const trimmed = comment?.trim().slice(0, LIMITS.ratingCommentLength);
    const { conversation } = await this._deps.connection.request((s) =>
      s.emitWithAck('conversation:rate', {
        conversationId: this.id,
        score,
        ...(trimmed ? { comment: trimmed } : {}),
      }),
    );
    this.apply(conversation);
  }

  async requestAgent(): Promise<void> {
    if (!this._attached) throw detachedError();
    const { conversation } = await this._deps.connection.request((s) =>
      s.emitWithAck('conversation:requestAgent', { conversationId: this.id }),
    );
    this.apply(conversation);
  }

  async feedback(messageId: string, helpful: boolean): Promise<void> {
    if (!this._attached) throw detachedError();
    if (typeof messageId !== 'string' || messageId === '' || typeof helpful !== 'boolean')
      throw new SupportError('invalid_request', 'feedback needs a message id and helpful: true or false');
    await this._deps.connection.request((s) =>
      s.emitWithAck('message:feedback', { conversationId: this.id, messageId, helpful }),
    );
    if (!this._history.some((m) => m.id === messageId)) return;
    this._history = this._history.map((m) => (m.id === messageId ? { ...m, feedback: helpful } : m));
    this._events.emit('change');
  }

  markRead(seq = this._history[this._history.length - 1]?.seq ?? 0): void {
    if (seq <= this._readSeq) return;
    this._readSeq = seq;
    this._sendRead();
    this._events.emit('change');
  }

  setTyping(typing: boolean): void {
    const now = Date.now();
    if (typing === this._typingSent && (!typing || now - this._typingSentAt < TYPING_THROTTLE_MS)) return;
    if (!this._deps.connection.ready) return;
    this._typingSent = typing;
    this._typingSentAt = now;
    this._deps.connection.signal((s) => s.volatile.emit('typing', { conversationId: this.id, typing }));
  }

  transcript(): Promise<string> {
    return this._deps.transcript(this.id);
  }

  // --- called by the session -------------------------------------------------------------------------

  /** A newer snapshot from the server (ack, push, or another tab's change). */
  apply(next: VisitorConversation): void {
    const before = this._snapshot;
    this._snapshot = next;
    this._readSeq = Math.max(this._readSeq, next.visitorReadSeq);
    this._deps.onSnapshot(next);
    if (next.status !== before.status) this._events.emit('status', next.status);
    if (next.agentReadSeq !== before.agentReadSeq) this._events.emit('read', next.agentReadSeq);
    if (next.assistant !== before.assistant) this._events.emit('assistant', next.assistant);
    if (next.lastSeq > this._lastSeq()) void this.sync();
    this._events.emit('change');
  }

  /** Messages from a push or an ack; `complete`: a sync's page, which holds everything visible up to its end. */
  receive(messages: readonly Message[], complete = false): void {
    const { history, added } = mergeMessages(this._history, messages.map(this._absolute, this), 'visitor');
    if (added.length > 0) {
      this._history = history;
      // Protocol 2 sends no conversation update per message: the snapshot follows the messages.
      const newest = added[added.length - 1]!;
      const snapshot = visitorConversationAfter(this._snapshot, newest);
      if (snapshot !== this._snapshot) {
        this._snapshot = snapshot;
        this._deps.onSnapshot(snapshot);
      }
      for (const m of added) {
        if (m.author.type === 'visitor') this._delivery.settle(m);
        else if (m.author.type === 'agent') this.agentTyping({ conversationId: this.id, typing: false });
        else if (m.author.type === 'bot') this._clearDraft();
      }
      for (const m of added) this._events.emit('message', m);
      this._events.emit('change');
    }
    const last = messages.reduce((seq, m) => Math.max(seq, m.seq), 0);
    if (complete) this._syncedSeq = Math.max(this._syncedSeq, last);
    this._advanceSynced();
    // Held beyond what is known to be whole: some were missed (a lost push, a tab asleep): fetch them.
    if (this._lastSeq() > this._syncedSeq) void this.sync();
  }

  /** A draft of an assistant reply (volatile, whole text so far). */
  assistantDraft(event: AssistantDraft): void {
    this._draft = { draftId: event.draftId, text: event.text };
    // A draft whose stored reply never comes (the assistant stopped, the echo was lost) does not linger.
    clearTimeout(this._draftTimer);
    this._draftTimer = setTimeout(() => this._clearDraft(), DRAFT_TTL_MS);
    this._events.emit('draft', { draftId: event.draftId, text: event.text });
    this._events.emit('change');
  }

  agentTyping(event: TypingSignal & { name?: string }): void {
    clearTimeout(this._agentTypingTimer);
    if (event.typing)
      this._agentTypingTimer = setTimeout(
        () => this.agentTyping({ conversationId: this.id, typing: false }),
        AGENT_TYPING_TTL_MS,
      );
    this._events.emit(
      'typing',
      event.name ? { typing: event.typing, name: event.name } : { typing: event.typing },
    );
  }

  /** After every (re)connect: resend the outbox in order with the same clientIds, then fetch what was missed. */
  async resume(): Promise<void> {
    this._typingSent = false;
    await this._delivery.pump();
    await this.sync();
    if (this._readSeq > this._snapshot.visitorReadSeq) this._sendRead();
  }

  /** Fetches everything after the highest seq seen, page by page. One sync at a time. */
  sync(): Promise<void> {
    this._syncing ??= (async () => {
      try {
        for (;;) {
          if (!this._attached) return;
          const afterSeq = this._syncedSeq;
          const page = await this._deps.connection.request((s) =>
            s.emitWithAck('messages:sync', { conversationId: this.id, afterSeq }),
          );
          this.receive(
            page.messages.filter((m) => m.seq > afterSeq),
            true,
          );
          // Round again while an ack that ran ahead of this page still sits beyond what it covered.
          if (page.messages.length === 0) return;
          if (!page.hasMore && this._lastSeq() <= this._syncedSeq) return;
        }
      } catch {
        // Sync is retried on the next connect; a failure here is no one's to handle.
      } finally {
        this._syncing = undefined;
      }
    })();
    return this._syncing;
  }

  /** Makes the object stale (logout, new visitor, close): sends reject, listeners stay for a final `change`. */
  detach(error: SupportError = detachedError()): void {
    if (!this._attached) return;
    this._attached = false;
    clearTimeout(this._agentTypingTimer);
    clearTimeout(this._draftTimer);
    this._draft = null;
    this._delivery.dispose(error);
    this._events.emit('change');
    this._events.clear();
  }

  /** The connection was refused for good: waiting sends fail, their messages stay queued. */
  refuse(error: SupportError): void {
    this._delivery.rejectWaiters(error);
  }

  private _clearDraft(): void {
    clearTimeout(this._draftTimer);
    if (!this._draft) return;
    const { draftId } = this._draft;
    this._draft = null;
    this._events.emit('draft', { draftId, text: null });
  }

  private _absolute(message: Message): Message {
    return absoluteMessage(message, this._deps.serverUrl);
  }

  /** Moves `_syncedSeq` over held messages that follow it without a gap (pushes and acks in order). */
  private _advanceSynced(): void {
    const h = this._history;
    let i = h.length;
    while (i > 0 && (h[i - 1]?.seq ?? 0) > this._syncedSeq) i--;
    for (; i < h.length && h[i]?.seq === this._syncedSeq + 1; i++) this._syncedSeq += 1;
  }

  private _lastSeq(): number {
    return this._history[this._history.length - 1]?.seq ?? 0;
  }

  private _sendRead(): void {
    this._deps.connection.signal((s) =>
      s.emit('conversation:read', { conversationId: this.id, seq: this._readSeq }),
    );
  }
}

function detachedError(): SupportError {
  return new SupportError(
    'unauthorized',
    'this conversation belongs to a visitor who is no longer signed in',
  );
}
