import type {
  AssistantState,
  Attachment,
  ConversationContext,
  ConversationStatus,
  Message,
  PaymentRef,
  Rating,
  Topic,
  VisitorConversation,
  VisitorConversationSummary,
} from '@topay-support/protocol';
import type { UploadFile, UploadOptions } from './attachments.js';
import type { PendingMessage } from './delivery.js';

/** Listener argument lists of a conversation's events. */
// A type alias, so a misspelt event name is a type error (see WidgetEvents).
export type ConversationEvents = {
  /** A message joined the history after the conversation was opened (pushed, synced, or an own one acked). */
  message: [Message];
  /** An agent started or stopped typing; `typing: false` also comes ~6 s after the last update. */
  typing: [{ typing: boolean; name?: string }];
  /** Agents have read the visitor's messages up to this seq. */
  read: [agentReadSeq: number];
  status: [ConversationStatus];
  /**
   * An assistant reply as it is being written (docs/assistant.md): `text` is the whole reply so far. The stored
   * reply follows as a `message` (with its `sources`); `draft` with `text: null` then says the draft is gone.
   */
  draft: [{ draftId: string; text: string | null }];
  /** The assistant's state in this conversation changed (`answering`, `handed_off`, `off`). */
  assistant: [AssistantState];
  /** Anything about the conversation changed: history, pending messages, status, assignee, read state. */
  change: [];
};

/** A live chat conversation as its visitor sees it (docs/sdk.md). */
export interface Conversation {
  readonly id: string;
  readonly status: ConversationStatus;
  readonly topic: Topic | null;
  /** The agent handling it, by display name. */
  readonly assignee: { name: string } | undefined;
  /** Started while no agent was available: answers come by email. */
  readonly offline: boolean;
  readonly rating: Rating | undefined;
  readonly createdAt: string;
  /** The visitor's messages up to this seq show as read by an agent. */
  readonly agentReadSeq: number;
  /** The visitor has seen everything up to this seq. */
  readonly visitorReadSeq: number;
  /**
   * Whether the assistant answers here (`answering`), handed the conversation to people (`handed_off`),
   * or is not involved (`off`: no assistant, a complaint, or a person claimed it).
   */
  readonly assistant: AssistantState;
  /**
   * The server knows an email to answer this visitor by: after `requestAgent()` with nobody online,
   * ask for one only when this is not true. (Absent from servers that do not say.)
   */
  readonly emailKnown?: boolean;
  /** The payment this conversation is about ("ask about this payment"), by reference and status. */
  readonly payment?: PaymentRef;
  /** The assistant reply being written, whole text so far; `null` when none is. */
  readonly draft: { draftId: string; text: string } | null;
  /** Stored messages, ordered by seq, without duplicates; a new array whenever it changes. */
  readonly history: readonly Message[];
  /** Own messages not acknowledged yet (`sending`), then refused ones (`failed`, with the reason). */
  readonly pending: readonly PendingMessage[];
  /** False once `client.logout()`, `client.close()` or a new visitor identity made this object stale. */
  readonly attached: boolean;
  /**
   * Queues a message (persisted first, so a reload resends it) and resolves with the stored message once the
   * server acknowledged it. Rejects with a `SupportError` when refused for good. `text` may be empty when
   * `attachmentIds` (from `upload`, at most `LIMITS.attachmentsPerMessage`) are given.
   *
   * @example
   * const file = await conversation.upload(input.files[0]);
   * await conversation.send('Here is the receipt', { attachmentIds: [file.id] });
   */
  send(text: string, options?: { attachmentIds?: string[] }): Promise<Message>;
  /**
   * Uploads a file (PNG, JPEG, WebP or PDF, up to `LIMITS.attachmentBytes`) for a message to `send` next, and
   * resolves with it, its `url` absolute. The upload happens now, over HTTP; only its id goes into the outbox.
   * Rejects with a `SupportError`: `too_large` or `invalid_request` (type, judged by the server from the
   * content; size and declared type are checked here first, without a request), `unauthorized`,
   * `rate_limited` or `network_error` (also when `options.signal` aborts it).
   */
  upload(file: UploadFile, options?: UploadOptions): Promise<Attachment>;
  /** Sends a failed message again; rejects with `not_found` when there is no such failed message. */
  retry(clientId: string): Promise<Message>;
  /** Forgets a failed message. */
  discard(clientId: string): void;
  on<E extends keyof ConversationEvents & string>(
    event: E,
    listener: (...args: ConversationEvents[E]) => void,
  ): () => void;
  /** Rates a resolved conversation: 1 (bad) to 5 (good). */
  rate(score: number, comment?: string): Promise<void>;
  /**
   * "Talk to a person": hands the conversation from the assistant to people, who see the whole exchange
   * and why. Resolves once the server has done it (idempotent). With nobody online the answer comes by
   * email: `offline` is then true, and a visitor without a known email should leave one (`client.chat.open({ email })`).
   *
   * @example
   * await conversation.requestAgent();
   */
  requestAgent(): Promise<void>;
  /**
   * Thumbs up or down on an assistant reply (a message with `author.type === 'bot'`); sending it again
   * replaces the earlier answer, and the message in `history` then carries it as `feedback` (as it
   * does after a reload). Rejects with `not_found` for any other message.
   *
   * @example
   * await conversation.feedback(message.id, true);
   */
  feedback(messageId: string, helpful: boolean): Promise<void>;
  /** Tells agents the visitor has seen the messages up to `seq` (default: the last one). */
  markRead(seq?: number): void;
  /** Throttled to one signal per 2 s while typing; `false` is sent at once. */
  setTyping(typing: boolean): void;
  /** The conversation as plain text, for the visitor to keep. */
  transcript(): Promise<string>;
}

export interface OpenChatRequest {
  topic?: Topic;
  /**
   * "Ask about this payment": opens that payment's own conversation, resumed if the visitor has one open about
   * it, else a new one (a conversation about another payment keeps it), so agents see the payment. The server
   * checks ownership again: `email` is the one used to pay, not needed for an identified user's own payment.
   */
  payment?: { reference: string; email?: string };
  /** From a pre-chat or offline form. */
  name?: string;
  /** Required to start a conversation while nobody is online (it is answered by email). */
  email?: string;
  context?: ConversationContext;
}

/** `client.chat`: the visitor's live chat, connected on first use. */
export interface ChatApi {
  /** Resumes the visitor's open conversation, or starts one. */
  open(request?: OpenChatRequest): Promise<Conversation>;
  /**
   * The conversation the visitor last had open in this browser (after `open` or `switchTo`), else their most
   * recent one (possibly resolved), or null; never starts one.
   */
  current(): Promise<Conversation | null>;
  /** The visitor's conversations that have not ended (one per payment asked about, and others), latest activity first. */
  list(): Promise<ConversationSummary[]>;
  /**
   * Switches to one of the visitor's own conversations (from `list`): resolves with it, live like `open`'s, and
   * `current()` returns it from now on, also after a reload. Each conversation sends only its own messages:
   * queued ones stay with the conversation they were written in. Rejects with `not_found` for any other id.
   *
   * @example
   * const [latest] = await client.chat.list();
   * if (latest) conversation = await client.chat.switchTo(latest.id);
   */
  switchTo(conversationId: string): Promise<Conversation>;
  /** Uploads a file for the visitor's next message: see `Conversation.upload`. */
  upload(file: UploadFile, options?: UploadOptions): Promise<Attachment>;
}

/** One entry of `client.chat.list()`: what it is about, its last message and the replies not read yet. */
export type ConversationSummary = VisitorConversationSummary;

export type { Attachment, PendingMessage, UploadFile, UploadOptions, VisitorConversation };
