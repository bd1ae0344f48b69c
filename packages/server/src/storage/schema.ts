// Times are ISO-8601 UTC strings and JSON columns are text in both SQLite and Postgres,
// so one query layer serves both dialects without per-dialect type mapping.

export interface MerchantTable {
  id: string;
  key: string;
  secret: string;
  name: string;
  default_locale: string;
  /** JSON array of origin patterns, e.g. `["https://shop.example", "http://localhost:*"]`. */
  allowed_origins: string;
  /** JSON object: colour, position, colour scheme, greeting. */
  settings: string;
  created_at: string;
}

export interface AgentTable {
  id: string;
  merchant_id: string;
  email: string;
  name: string;
  role: string;
  password_hash: string;
  disabled_at: string | null;
  created_at: string;
  /** Encrypted with a key derived from TOKEN_SECRET (auth/totp.ts). */
  totp_secret?: string | null;
  totp_enabled_at?: string | null;
  /** The newest TOTP time step used (about 6e7 today: fits an integer). */
  totp_last_step?: number | null;
  token_version: number;
}

export interface VisitorTable {
  id: string;
  merchant_id: string;
  /** The merchant's user id once verified with `userHash`; unique per merchant. */
  user_id: string | null;
  name: string | null;
  email: string | null;
  created_at: string;
  last_seen_at: string;
  /** Set when the visitor asked for no more emails (0010). */
  email_opt_out_at?: string | null;
}

export interface ConversationTable {
  id: string;
  merchant_id: string;
  visitor_id: string;
  status: string;
  topic: string | null;
  assignee_id: string | null;
  flagged: number;
  offline: number;
  last_seq: number;
  visitor_read_seq: number;
  agent_read_seq: number;
  waiting_since: string | null;
  rating_score: number | null;
  rating_comment: string | null;
  /** JSON object: page URL, locale, user agent, attributes. */
  context: string;
  /** JSON PaymentView attached by "ask about this payment". */
  payment: string | null;
  /** That payment's reference, so a visitor's conversation about it is found by index (0011). */
  payment_reference: string | null;
  created_at: string;
  updated_at: string;
  resolved_at: string | null;
  /** `answering` | `handed_off` | `off` (0009). */
  assistant: string;
  handoff_reason: string | null;
  handoff_at: string | null;
}

export interface MessageTable {
  id: string;
  conversation_id: string;
  seq: number;
  client_id: string;
  author_type: string;
  author_id: string;
  author_name: string | null;
  text: string;
  internal: number;
  redacted: number;
  created_at: string;
  /** JSON array of `{ slug, title, locale }`: the articles an assistant reply is built from (0009). */
  sources: string;
  /** `chat` | `email` (0010). */
  channel?: string;
  /** `sent` | `bounced` for replies that went out by email (0010). */
  email_status?: string | null;
  email_at?: string | null;
}

export interface AttachmentTable {
  id: string;
  merchant_id: string;
  uploader_type: string;
  uploader_id: string;
  message_id: string | null;
  name: string;
  content_type: string;
  size: number;
  created_at: string;
}

export interface CannedReplyTable {
  id: string;
  merchant_id: string;
  shortcut: string;
  text: string;
  created_at: string;
}

export interface HelpArticleTable {
  id: string;
  merchant_id: string;
  slug: string;
  locale: string;
  title: string;
  category: string;
  /** JSON array of strings. */
  tags: string;
  /** JSON array of strings: search keywords (0007), never shown to visitors. */
  keywords: string;
  body_md: string;
  published: number;
  updated_at: string;
}

export interface DemoPaymentTable {
  id: string;
  merchant_id: string;
  reference: string;
  /** Lower-cased, trimmed: proof of ownership compares against this. */
  email: string;
  user_id: string | null;
  status: string;
  reason: string | null;
  amount_minor: number;
  currency: string;
  card_brand: string | null;
  card_last4: string | null;
  /** JSON array of `{ type, at }`. */
  events: string;
  created_at: string;
}

export interface ArticleEventTable {
  id: string;
  merchant_id: string;
  article_id: string;
  kind: string;
  created_at: string;
}

export interface AttachmentBlobTable {
  id: string;
  bytes: Buffer;
  created_at: string;
}

export interface BotKeyTable {
  /** The bot's agent id. */
  id: string;
  merchant_id: string;
  key_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface WebhookTable {
  id: string;
  merchant_id: string;
  url: string;
  /** JSON array of event types. */
  events: string;
  secret: string;
  created_at: string;
}

export interface WebhookDeliveryTable {
  id: string;
  webhook_id: string;
  event_id: string;
  event_type: string;
  /** The JSON body, fixed when the event happened, so every retry sends (and signs) the same bytes. */
  payload: string;
  status: string;
  attempts: number;
  next_attempt_at: string;
  /** Set while a node is sending it; a lease that ran out makes it due again. */
  locked_until: string | null;
  lock_token: string | null;
  /** JSON array of the newest attempts. */
  log: string;
  created_at: string;
  updated_at: string;
  /** The visitor the event is about (its conversation's, or a `visitor.*` audit entry's target); 0012. */
  visitor_id: string | null;
}

export interface AgentRecoveryCodeTable {
  id: string;
  agent_id: string;
  /** SHA-256 (hex) of the normalised code: codes are random, so no salt or slow hash is needed. */
  code_hash: string;
  used_at: string | null;
  created_at: string;
}

export interface AuditLogTable {
  id: string;
  merchant_id: string;
  at: string;
  actor_type: string;
  actor_id: string | null;
  actor_email: string | null;
  action: string;
  target: string | null;
  ip: string | null;
  /** JSON object; never card data or secrets. */
  details: string;
}

export interface AssistantReplyTable {
  /** The assistant's message. */
  message_id: string;
  merchant_id: string;
  conversation_id: string;
  /** The visitor's question, as stored (card data already redacted). */
  question: string;
  /** 1 when the reply had a grounded answer (sources), 0 when it abstained. */
  answered: number;
  /** `builtin` | `model`. */
  answerer: string;
  /** The visitor's feedback: 1 helpful, 0 not, null none yet. */
  helpful: number | null;
  created_at: string;
}

export interface EmailOutboxTable {
  id: string;
  merchant_id: string;
  conversation_id: string;
  /** The conversation id while the burst is still collecting replies; null once the mail is composed. */
  collecting: string | null;
  /** `pending` | `sent` | `skipped` | `failed` | `bounced`. */
  status: string;
  /** The mail carries the replies with seq in (after_seq, up_to_seq]; set when it is composed. */
  after_seq: number | null;
  up_to_seq: number | null;
  /** The Message-ID header (without angle brackets), fixed at enqueue: bounces name it. */
  message_id: string;
  /** JSON of the composed mail (to, subject, text, html, headers); null while collecting. */
  mail: string | null;
  attempts: number;
  next_attempt_at: string;
  locked_until: string | null;
  lock_token: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
}

export interface Database {
  email_outbox: EmailOutboxTable;
  agent_recovery_codes: AgentRecoveryCodeTable;
  audit_log: AuditLogTable;
  assistant_replies: AssistantReplyTable;
  bot_keys: BotKeyTable;
  webhooks: WebhookTable;
  webhook_deliveries: WebhookDeliveryTable;
  attachment_blobs: AttachmentBlobTable;
  merchants: MerchantTable;
  agents: AgentTable;
  visitors: VisitorTable;
  help_articles: HelpArticleTable;
  demo_payments: DemoPaymentTable;
  conversations: ConversationTable;
  messages: MessageTable;
  attachments: AttachmentTable;
  canned_replies: CannedReplyTable;
  article_events: ArticleEventTable;
}
