import type {
  AgentRole,
  ArticleCategory,
  AssistantMode,
  AssistantState,
  AttachmentType,
  AuditEntry,
  AuthorType,
  BusinessHours,
  ColorScheme,
  ContactChannel,
  ConversationContext,
  ConversationStatus,
  EmailDelivery,
  Handoff,
  Locale,
  MessageChannel,
  MessageSource,
  PaymentView,
  Rating,
  Topic,
  WidgetPosition,
} from '@topay-support/protocol';

export interface MerchantSettings {
  color: string;
  position: WidgetPosition;
  colorScheme: ColorScheme;
  greeting: Partial<Record<Locale, string>>;
  /** Ask visitors for name and email before a chat. */
  preChatForm?: boolean;
  /** When set, agents answer only within these hours; outside them the widget takes offline messages. */
  businessHours?: BusinessHours;
  /** Shown on the widget's home view; only an absolute `https:` URL is ever sent to visitors. */
  logoUrl?: string;
  /** Phone, email, WeChat… shown on the home view; unusable ones (a `javascript:` URL) are never sent. */
  contactChannels?: ContactChannel[];
  /** Accept only visitors identified with a valid `userHash`; anonymous and forged ones are refused. */
  requireIdentity?: boolean;
  /** `round_robin` assigns new conversations to the online agent with the most free capacity. */
  assignment?: 'manual' | 'round_robin';
  /** Conversations one agent handles at once under round-robin. */
  agentCapacity?: number;
  /** Agents must sign in with a TOTP code; those without one enrol at their next sign-in. */
  requireTwoFactor?: boolean;
  /** The assistant (docs/assistant.md); absent = off. */
  assistant?: AssistantSettings;
  /**
   * The merchant's page (with the widget) that "continue the chat" links in reply emails open;
   * absent = this server's demo page (docs/email.md).
   */
  continueUrl?: string;
}

export interface AssistantSettings {
  mode: AssistantMode;
  /** Shown as the author of its replies. */
  name: string;
  /** How the merchant wants it to sound; given to a configured model, never to the built-in answerer. */
  persona?: string;
}

export interface MerchantRecord {
  id: string;
  key: string;
  secret: string;
  name: string;
  defaultLocale: Locale;
  allowedOrigins: string[];
  settings: MerchantSettings;
  createdAt: string;
}

export type NewMerchant = Omit<MerchantRecord, 'id' | 'createdAt'>;

export interface AgentRecord {
  id: string;
  merchantId: string;
  email: string;
  name: string;
  /** `bot`: acts through an API key (`topay-support bot create`), never logs in, never takes round-robin chats. */
  role: AgentRole | 'bot';
  passwordHash: string;
  disabledAt: string | null;
  createdAt: string;
  /** Tokens carry it; a password change or disable bumps it, so every older token stops working. */
  tokenVersion: number;
  /** Two-factor sign-in is on (enrolment confirmed). */
  twoFactorEnabled: boolean;
}

export type NewAgent = Omit<
  AgentRecord,
  'id' | 'createdAt' | 'disabledAt' | 'tokenVersion' | 'twoFactorEnabled'
>;

export interface VisitorRecord {
  id: string;
  merchantId: string;
  userId: string | null;
  name: string | null;
  email: string | null;
  createdAt: string;
  lastSeenAt: string;
}

export interface ConversationRecord {
  id: string;
  merchantId: string;
  visitorId: string;
  status: ConversationStatus;
  topic: Topic | null;
  assigneeId: string | null;
  flagged: boolean;
  offline: boolean;
  lastSeq: number;
  visitorReadSeq: number;
  agentReadSeq: number;
  waitingSince: string | null;
  rating: Rating | null;
  context: ConversationContext;
  payment: PaymentView | null;
  createdAt: string;
  updatedAt: string;
  resolvedAt: string | null;
  assistant: AssistantState;
  handoff: Handoff | null;
}

export type NewConversation = Pick<
  ConversationRecord,
  'merchantId' | 'visitorId' | 'topic' | 'flagged' | 'offline' | 'context' | 'payment'
> &
  Partial<Pick<ConversationRecord, 'assistant'>>;

export type ConversationPatch = Partial<
  Pick<
    ConversationRecord,
    | 'status'
    | 'assigneeId'
    | 'visitorReadSeq'
    | 'agentReadSeq'
    | 'rating'
    | 'resolvedAt'
    | 'payment'
    | 'waitingSince'
    | 'offline'
    | 'assistant'
    | 'handoff'
  >
>;

export interface AttachmentRecord {
  id: string;
  merchantId: string;
  uploaderType: 'visitor' | 'agent';
  uploaderId: string;
  messageId: string | null;
  name: string;
  contentType: AttachmentType;
  size: number;
  createdAt: string;
}

export interface MessageRecord {
  id: string;
  conversationId: string;
  seq: number;
  clientId: string;
  authorType: AuthorType;
  authorId: string;
  authorName: string | null;
  text: string;
  internal: boolean;
  redacted: boolean;
  createdAt: string;
  attachments: AttachmentRecord[];
  /** The articles an assistant reply is built from; `[]` on every other message. */
  sources: MessageSource[];
  /** `email` for a visitor's reply by email; absent = chat. */
  channel?: MessageChannel;
  /** Replies that also went out by email (docs/email.md). */
  emailDelivery?: EmailDelivery;
}

export interface NewMessage {
  conversationId: string;
  clientId: string;
  authorType: AuthorType;
  authorId: string;
  authorName: string | null;
  text: string;
  internal: boolean;
  redacted: boolean;
  /** Uploaded by the same author and not yet used: they move onto this message. */
  attachmentIds: string[];
  /** Assistant replies only. */
  sources?: MessageSource[];
  /** Absent = chat. */
  channel?: MessageChannel;
}

/** One assistant reply, as the turn limit, the daily budget and the admin report count it. */
export interface AssistantReplyRecord {
  messageId: string;
  merchantId: string;
  conversationId: string;
  /** The visitor's question as stored (card data redacted). */
  question: string;
  /** It had a grounded answer; `false` when it abstained. */
  answered: boolean;
  answerer: 'builtin' | 'model';
  helpful: boolean | null;
  createdAt: string;
}

/** A reply in a report period, with what became of its conversation. */
export interface AssistantReportRow extends AssistantReplyRecord {
  conversationStatus: ConversationStatus;
  resolvedAt: string | null;
  handoffAt: string | null;
  /** A person wrote (not an internal note) in the conversation. */
  agentReplied: boolean;
}

export interface ConversationFilter {
  status?: ConversationStatus;
  topic?: Topic;
  /** Searches visitor name and email and message text. */
  query?: string;
  limit: number;
  /** Opaque position from a previous page. */
  cursor?: string;
}

export interface CannedReplyRecord {
  id: string;
  merchantId: string;
  shortcut: string;
  text: string;
  createdAt: string;
}

export interface HelpArticleRecord {
  merchantId: string;
  slug: string;
  locale: Locale;
  title: string;
  category: ArticleCategory;
  tags: string[];
  /** Search-only words (what customers type that the body does not say); absent = none. */
  keywords?: string[];
  bodyMarkdown: string;
  published: boolean;
  updatedAt: string;
}

export interface StoredArticle extends HelpArticleRecord {
  id: string;
}

export type ArticleEventKind = 'view' | 'helpful' | 'not_helpful' | 'deflection';

export interface ArticleStats {
  views: number;
  helpful: number;
  notHelpful: number;
  deflections: number;
}

export interface DemoPaymentRecord {
  merchantId: string;
  reference: string;
  email: string;
  userId: string | null;
  status: string;
  reason: string | null;
  amountMinor: number;
  currency: string;
  cardBrand: string | null;
  cardLast4: string | null;
  events: Array<{ type: string; at: string }>;
  createdAt: string;
}

/** A unique key (merchant key, agent email, …) is taken. */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';
}

/** The sender used this client id before, for a different text. */
export class ClientIdConflictError extends Error {
  override readonly name = 'ClientIdConflictError';
}

/** Attachment ids that do not exist, belong to someone else or are already used. */
export class AttachmentUnavailableError extends Error {
  override readonly name = 'AttachmentUnavailableError';
}

/**
 * Everything the server keeps. One interface, injected into `createServer`, so the SQLite default
 * and the Postgres deployment run the same domain code and the same contract tests.
 */
export interface Storage extends IntegrationsStorage, AgentSecurityStorage {
  readonly dialect: 'sqlite' | 'postgres';
  /** Applies pending migrations; returns the names applied. */
  migrate(): Promise<string[]>;
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<void>;
  /** Calls `listener` with each query's duration in milliseconds (for metrics); returns an unsubscribe. */
  observeQueries(listener: (durationMs: number) => void): () => void;
  close(): Promise<void>;
  merchants: {
    create(input: NewMerchant): Promise<MerchantRecord>;
    findByKey(key: string): Promise<MerchantRecord | undefined>;
    findById(id: string): Promise<MerchantRecord | undefined>;
    list(): Promise<MerchantRecord[]>;
    update(
      id: string,
      patch: Partial<
        Pick<MerchantRecord, 'name' | 'secret' | 'defaultLocale' | 'allowedOrigins' | 'settings'>
      >,
    ): Promise<MerchantRecord | undefined>;
  };
  agents: {
    create(input: NewAgent): Promise<AgentRecord>;
    findByEmail(email: string): Promise<AgentRecord | undefined>;
    findById(id: string): Promise<AgentRecord | undefined>;
    listByMerchant(merchantId: string): Promise<AgentRecord[]>;
    /** Also bumps the token version: every session of the agent ends. */
    setPasswordHash(id: string, passwordHash: string): Promise<void>;
    /** A disabled agent cannot log in, and tokens already issued stop working at once (the version is bumped). */
    setDisabled(id: string, disabled: boolean): Promise<void>;
    setRole(id: string, role: AgentRecord['role']): Promise<void>;
  };
  visitors: {
    create(merchantId: string): Promise<VisitorRecord>;
    findById(id: string): Promise<VisitorRecord | undefined>;
    /** Marks a visitor seen now; `undefined` when it does not exist for that merchant. */
    touch(id: string, merchantId: string): Promise<VisitorRecord | undefined>;
    /** The visitor of a verified user id, created on first sight. */
    upsertIdentified(merchantId: string, userId: string): Promise<VisitorRecord>;
    update(id: string, patch: Partial<Pick<VisitorRecord, 'name' | 'email'>>): Promise<void>;
    findByUserId(merchantId: string, userId: string): Promise<VisitorRecord | undefined>;
    /**
     * Deletes the visitor with their conversations, messages and attachment records; returns the
     * attachment ids so their bytes can be removed from the attachment store too.
     */
    delete(id: string): Promise<string[]>;
  };
  conversations: {
    create(input: NewConversation): Promise<ConversationRecord>;
    findById(id: string): Promise<ConversationRecord | undefined>;
    /** The visitor's newest conversation, or newest not resolved one. */
    latestForVisitor(
      visitorId: string,
      options: { unresolvedOnly: boolean },
    ): Promise<ConversationRecord | undefined>;
    /** The visitor's newest conversation about that payment that has not ended. */
    openForPayment(visitorId: string, reference: string): Promise<ConversationRecord | undefined>;
    /** The visitor's conversations that have not ended, latest activity first, at most `limit`. */
    listOpenForVisitor(visitorId: string, limit: number): Promise<ConversationRecord[]>;
    list(
      merchantId: string,
      filter: ConversationFilter,
    ): Promise<{ items: ConversationRecord[]; nextCursor: string | null }>;
    update(id: string, patch: ConversationPatch): Promise<ConversationRecord | undefined>;
    /** Every conversation of a visitor, oldest first (for data exports). */
    listForVisitor(visitorId: string): Promise<ConversationRecord[]>;
    /** Moves an anonymous visitor's conversations to the visitor they just identified as. */
    moveToVisitor(fromVisitorId: string, toVisitorId: string): Promise<void>;
    /** Conversations assigned and not resolved, per agent. */
    activeCountByAgent(merchantId: string): Promise<Map<string, number>>;
    /**
     * Assigns an open, unassigned conversation to whichever of `agentIds` has the fewest assigned
     * conversations, if under `capacity` (ties by id). Atomic per merchant, so nodes assigning at once
     * never overfill an agent. `undefined` when nobody has room or the conversation is taken already.
     */
    assignLeastLoaded(
      id: string,
      agentIds: string[],
      capacity: number,
    ): Promise<ConversationRecord | undefined>;
  };
  messages: {
    /**
     * Stores a message once per sender and client id, with the conversation's next seq, in one
     * transaction. A resend of the same id and text returns the stored message (`duplicate`);
     * the same id with another text throws `ClientIdConflictError`.
     */
    append(
      input: NewMessage,
    ): Promise<{ message: MessageRecord; conversation: ConversationRecord; duplicate: boolean }>;
    /**
     * A resend of `input`: the message its author stored under the same client id, with the same text in
     * the same conversation; undefined if the id is unused; `ClientIdConflictError` if it was used for
     * another message. The one duplicate lookup (`append` uses it too).
     */
    findResend(
      input: NewMessage,
    ): Promise<{ message: MessageRecord; conversation: ConversationRecord; duplicate: true } | undefined>;
    findByClientId(
      authorType: MessageRecord['authorType'],
      authorId: string,
      clientId: string,
    ): Promise<MessageRecord | undefined>;
    listAfter(
      conversationId: string,
      afterSeq: number,
      limit: number,
      includeInternal: boolean,
    ): Promise<MessageRecord[]>;
    /** The newest messages, oldest first. */
    listLatest(conversationId: string, limit: number, includeInternal: boolean): Promise<MessageRecord[]>;
    countVisitorMessagesAfter(conversationId: string, seq: number): Promise<number>;
    /** Messages the visitor sees from others (agents, assistant, system) after `seq`: their unread. */
    countRepliesAfter(conversationId: string, seq: number): Promise<number>;
  };
  attachments: {
    create(input: Omit<AttachmentRecord, 'id' | 'createdAt' | 'messageId'>): Promise<AttachmentRecord>;
    findById(id: string): Promise<AttachmentRecord | undefined>;
  };
  /** Attachment bytes kept in the database, so every node reaches them (ATTACHMENT_STORE=database). */
  attachmentBlobs: {
    /** Writing the same id again replaces the bytes. */
    put(id: string, bytes: Buffer): Promise<void>;
    get(id: string): Promise<Buffer | undefined>;
    delete(id: string): Promise<void>;
  };
  cannedReplies: {
    list(merchantId: string): Promise<CannedReplyRecord[]>;
    create(merchantId: string, shortcut: string, text: string): Promise<CannedReplyRecord>;
    delete(merchantId: string, id: string): Promise<boolean>;
  };
  articles: {
    /** Creates or replaces the article with this merchant, slug and locale; returns its id. */
    upsert(article: HelpArticleRecord): Promise<string>;
    count(merchantId: string): Promise<number>;
    list(merchantId: string, options: { locale?: string; publishedOnly: boolean }): Promise<StoredArticle[]>;
    findById(merchantId: string, id: string): Promise<StoredArticle | undefined>;
    findBySlug(merchantId: string, slug: string, locale: string): Promise<StoredArticle | undefined>;
    /** Changes whenever an article of that locale is added, edited or removed: a cache key. */
    version(merchantId: string, locale: string): Promise<string>;
    update(
      merchantId: string,
      id: string,
      article: Omit<HelpArticleRecord, 'merchantId'>,
    ): Promise<StoredArticle | undefined>;
    recordEvent(merchantId: string, articleId: string, kind: ArticleEventKind): Promise<void>;
    stats(merchantId: string): Promise<Map<string, ArticleStats>>;
  };
  assistant: {
    recordReply(reply: Omit<AssistantReplyRecord, 'helpful'>): Promise<void>;
    /** The reply a message is, if it is one. */
    findReply(messageId: string): Promise<AssistantReplyRecord | undefined>;
    /** The feedback given on those of `messageIds` that have some. */
    feedbackFor(messageIds: string[]): Promise<Map<string, boolean>>;
    /** Records (or replaces) the visitor's feedback; `false` when the message is no assistant reply. */
    setFeedback(messageId: string, helpful: boolean): Promise<boolean>;
    countForConversation(conversationId: string): Promise<number>;
    /** Replies of one answerer for a merchant since a time (the daily budget). */
    countForMerchantSince(
      merchantId: string,
      answerer: AssistantReplyRecord['answerer'],
      since: string,
    ): Promise<number>;
    /** Replies created in [from, to), oldest first, with their conversation's outcome. */
    listForReport(merchantId: string, from: string, to: string): Promise<AssistantReportRow[]>;
  };
  /** The email outbox and opt-outs (docs/email.md). */
  email: {
    /**
     * Adds a reply to its conversation's collecting burst: creates the row (due at `dueAt`) or moves
     * the existing one's send time to `dueAt`, unless the burst began more than `maxWaitMs` ago.
     */
    collect(input: {
      merchantId: string;
      conversationId: string;
      dueAt: string;
      messageIdDomain: string;
      maxWaitMs: number;
    }): Promise<void>;
    /** Pending rows due by `now`, each locked until `leaseUntil` for the caller alone. */
    claimDue(input: { now: string; leaseUntil: string; limit: number }): Promise<ClaimedEmail[]>;
    /** Fixes the mail's bytes and the replies it carries, and closes the burst; false if the claim ran out. */
    compose(
      claim: ClaimedEmail,
      composed: { afterSeq: number; upToSeq: number; mail: ComposedMail },
    ): Promise<boolean>;
    /** Records an attempt's outcome (and, once sent, marks its replies); false if the claim ran out. */
    complete(
      claim: ClaimedEmail,
      outcome: {
        status: EmailOutboxRecord['status'];
        attempts: number;
        nextAttemptAt?: string;
        error?: string;
      },
    ): Promise<boolean>;
    /** Gives a claim back untried (shutting down). */
    release(claim: ClaimedEmail): Promise<void>;
    /** The highest seq an email of this conversation carries or will carry; 0 for none. */
    lastMailedSeq(conversationId: string): Promise<number>;
    /** A DSN named this sent mail: it and its replies are `bounced`. The row, or undefined if unknown. */
    markBounced(messageId: string): Promise<EmailOutboxRecord | undefined>;
    list(conversationId: string): Promise<EmailOutboxRecord[]>;
    optOut(visitorId: string): Promise<void>;
    optedOut(visitorId: string): Promise<boolean>;
  };
  demoPayments: {
    upsert(payment: DemoPaymentRecord): Promise<void>;
    count(merchantId: string): Promise<number>;
    find(merchantId: string, reference: string): Promise<DemoPaymentRecord | undefined>;
    listForUser(merchantId: string, userId: string, limit: number): Promise<DemoPaymentRecord[]>;
  };
}

/** An email as composed once, so every retry sends the same bytes. */
export interface ComposedMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  replyTo: string;
  /** List-Unsubscribe and its one-click companion. */
  headers: Record<string, string>;
}

export interface EmailOutboxRecord {
  id: string;
  merchantId: string;
  conversationId: string;
  /** Still gathering the burst's replies: nothing composed yet. */
  collecting: boolean;
  status: 'pending' | 'sent' | 'skipped' | 'failed' | 'bounced';
  afterSeq: number | null;
  upToSeq: number | null;
  /** The Message-ID header, without angle brackets. */
  messageId: string;
  mail: ComposedMail | null;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface ClaimedEmail extends EmailOutboxRecord {
  claimToken: string;
}

/** A bot: an agent row with role `bot` that acts through an API key and never logs in with a password. */
export interface BotRecord {
  /** Also the bot's agent id: its messages carry it as `author.id`. */
  id: string;
  merchantId: string;
  name: string;
  /** SHA-256 (hex) of the key's secret part; the key itself is never stored. */
  keyHash: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export const WEBHOOK_EVENT_TYPES = [
  'conversation.created',
  'message.created',
  'conversation.resolved',
  'audit.created',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export interface WebhookRecord {
  id: string;
  merchantId: string;
  url: string;
  events: WebhookEventType[];
  /** Signs every delivery (HMAC-SHA256); shown to the operator once. */
  secret: string;
  createdAt: string;
}

export interface WebhookAttempt {
  at: string;
  durationMs: number;
  /** The receiver's HTTP status, when it answered. */
  statusCode?: number;
  /** Why there was no answer (timeout, refused connection…). */
  error?: string;
}

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed';

/** One event on its way to one webhook: the outbox row the dispatcher claims, sends and retries. */
export interface WebhookDeliveryRecord {
  id: string;
  webhookId: string;
  eventId: string;
  eventType: WebhookEventType;
  /** The exact JSON body sent (and signed) on every attempt. */
  payload: string;
  status: WebhookDeliveryStatus;
  /** Attempts that got an answer or failed; an attempt cut short by a shutdown does not count. */
  attempts: number;
  nextAttemptAt: string;
  /** The newest attempts, oldest first (at most 10). */
  log: WebhookAttempt[];
  createdAt: string;
  updatedAt: string;
}

/** A delivery this node has claimed, with what it needs to send it. */
export interface ClaimedDelivery extends WebhookDeliveryRecord {
  url: string;
  secret: string;
  /** Proves the claim when the outcome is recorded. */
  claimToken: string;
}

/** Bot keys and webhooks (integrations); kept apart from `Storage` so they read as one feature. */
export interface IntegrationsStorage {
  bots: {
    /** Creates the bot's agent row (role `bot`, no usable password) and its key hash together. */
    create(input: { id: string; merchantId: string; name: string; keyHash: string }): Promise<BotRecord>;
    findById(id: string): Promise<BotRecord | undefined>;
    /** Bots whose id starts with `prefix` (for the CLI's `bot revoke <id-or-prefix>`). */
    findByIdPrefix(prefix: string): Promise<BotRecord[]>;
    list(merchantId: string): Promise<BotRecord[]>;
    /** Marks the key revoked and disables the bot's agent row; `false` when there is no such bot. */
    revoke(id: string): Promise<boolean>;
    touch(id: string): Promise<void>;
  };
  webhooks: {
    create(input: Omit<WebhookRecord, 'id' | 'createdAt'>): Promise<WebhookRecord>;
    findById(id: string): Promise<WebhookRecord | undefined>;
    /** Every webhook, or one merchant's. */
    list(merchantId?: string): Promise<WebhookRecord[]>;
    /** Removes the webhook with its deliveries; `false` when there was none. */
    delete(id: string): Promise<boolean>;
    /** Writes one pending delivery per webhook for an event. */
    enqueue(event: {
      eventId: string;
      eventType: WebhookEventType;
      payload: string;
      webhookIds: string[];
    }): Promise<void>;
    /**
     * Claims up to `limit` due deliveries for this caller until `leaseUntil`, in one guarded UPDATE:
     * two nodes claiming at once never get the same delivery. A claim whose lease ran out (its node
     * died mid-send) is due again.
     */
    claimDue(options: { now: string; leaseUntil: string; limit: number }): Promise<ClaimedDelivery[]>;
    /** Records an attempt's outcome, if the claim is still ours; `false` when it is not. */
    complete(
      claim: Pick<ClaimedDelivery, 'id' | 'claimToken'>,
      outcome: Pick<WebhookDeliveryRecord, 'status' | 'attempts' | 'nextAttemptAt' | 'log'>,
    ): Promise<boolean>;
    /** Gives a claim back untried (shutdown), due at once. */
    release(claim: Pick<ClaimedDelivery, 'id' | 'claimToken'>): Promise<void>;
    /** The newest deliveries of a webhook. */
    listDeliveries(webhookId: string, limit: number): Promise<WebhookDeliveryRecord[]>;
  };
}

/** An agent's TOTP state as stored: the secret stays encrypted here. */
export interface AgentTotpRecord {
  encryptedSecret: string | null;
  enabledAt: string | null;
  lastStep: number | null;
}

export interface NewAuditEntry {
  merchantId: string;
  actor: AuditEntry['actor'];
  action: AuditEntry['action'];
  target: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

export interface AuditRecord extends AuditEntry {
  merchantId: string;
}

/** Two-factor state, recovery codes and the audit log; kept apart from `Storage` so they read as one feature. */
export interface AgentSecurityStorage {
  agentTotp: {
    find(agentId: string): Promise<AgentTotpRecord | undefined>;
    /** Stores a new secret not yet confirmed; refused (`false`) while two-factor sign-in is on. */
    begin(agentId: string, encryptedSecret: string): Promise<boolean>;
    /**
     * Confirms enrolment with the step of the code that proved it and replaces the recovery codes,
     * in one transaction; `false` when there was no pending secret.
     */
    enable(agentId: string, step: number, recoveryCodeHashes: string[]): Promise<boolean>;
    /** Turns two-factor sign-in off and removes the secret and recovery codes. */
    disable(agentId: string): Promise<void>;
    /**
     * Records that the code of `step` was used, if it is newer than any used before: one guarded
     * UPDATE, so two nodes verifying the same code at once accept it once. `false` = a replay.
     */
    useStep(agentId: string, step: number): Promise<boolean>;
    /** Marks an unused recovery code used; `false` when none matches (or it was used already). */
    useRecoveryCode(agentId: string, codeHash: string): Promise<boolean>;
    recoveryCodesLeft(agentId: string): Promise<number>;
  };
  /** Insert and read only: there is no way to change or remove an entry through this interface. */
  audit: {
    append(entry: NewAuditEntry): Promise<AuditRecord>;
    /** Newest first; `since` (ISO time) bounds the oldest; `cursor` continues a previous page. */
    list(
      merchantId: string,
      options: { since?: string; cursor?: string; limit: number },
    ): Promise<{ entries: AuditRecord[]; nextCursor: string | null }>;
  };
}
