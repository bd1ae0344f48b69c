import { type Locale, SUPPORTED_LOCALES } from '@topay-support/protocol';
import type { ConversationRecord } from '../../storage/conversations.js';
import type { ClaimedEmail } from '../../storage/email-outbox.js';
import type { MessageRecord } from '../../storage/messages.js';
import type { Storage } from '../../storage/storage.js';
import type { ChatListener } from '../chat/events.js';
import type { Mailer } from '../chat/mailer.js';
import { composeReplyMail } from './compose.js';
import type { EmailTokens } from './tokens.js';

/** Tuning for reply emails; production defaults, tests shorten them. */
export interface EmailDeliveryOptions {
  /** Delays before the 2nd, 3rd, … attempt; one attempt more than delays, then `failed`. */
  backoffMs?: readonly number[];
  pollIntervalMs?: number;
  /** How long one SMTP attempt may take before its lease runs out and another node may retry. */
  timeoutMs?: number;
  /** A burst of replies is mailed at most this long after its first reply, however long it goes on. */
  maxWaitMs?: number;
}

/**
 * 5 s, 15 s, 1 min, 5 min, 15 min, 1 h, 3 h, 6 h, 12 h: about 23 hours of SMTP outage, then `failed`.
 * Short at first: most SMTP failures are a relay restarting.
 */
export const EMAIL_BACKOFF_MS: readonly number[] = [
  5_000,
  15_000,
  60_000,
  5 * 60_000,
  15 * 60_000,
  3_600_000,
  3 * 3_600_000,
  6 * 3_600_000,
  12 * 3_600_000,
];

const DAY_MS = 24 * 3_600_000;
/** A reply address works for 30 days, a "continue the chat" link for 7, an opt-out link for a year. */
export const TOKEN_LIFETIME_MS = { reply: 30 * DAY_MS, continue: 7 * DAY_MS, unsubscribe: 365 * DAY_MS };
const BATCH = 10;

export interface EmailOutboxDeps {
  storage: Storage;
  mailer: Mailer;
  tokens: EmailTokens;
  /** `EMAIL_BATCH_SECONDS` in ms: a burst's quiet time, and how long a visitor must be gone. */
  batchMs: number;
  /** The domain of reply addresses; without it mails carry no Reply-To token. */
  inboundDomain: string | undefined;
  /** Used for Message-IDs (and bounces) when there is no inbound domain. */
  fromDomain: string;
  /** This server's public origin, for links: PUBLIC_URL, or the address it listens on. */
  publicBase(): string;
  /** Whether the visitor (or a continue-link session of the conversation) has a socket on any node. */
  visitorConnected(conversation: ConversationRecord): Promise<boolean>;
  /** Tells agents that these replies' email delivery changed. */
  deliveryChanged(conversation: ConversationRecord, messages: MessageRecord[]): void;
  logger: {
    error(obj: object, msg: string): void;
    warn(obj: object, msg: string): void;
    info(obj: object, msg: string): void;
  };
  options?: EmailDeliveryOptions;
}

export interface EmailOutbox {
  /** What the chat service tells it: agent and assistant replies start or extend a burst. */
  listener: ChatListener;
  start(): void;
  kick(): void;
  stop(): Promise<void>;
  /** Re-sends the conversation's replies that have an email outcome to agents (after a bounce). */
  announce(conversationId: string): Promise<void>;
}

function describe(error: unknown): string {
  const e = error as { code?: unknown; responseCode?: unknown; message?: unknown };
  if (typeof e?.responseCode === 'number')
    return `SMTP ${e.responseCode}: ${String(e.message).slice(0, 200)}`;
  if (typeof e?.code === 'string') return e.code;
  return error instanceof Error ? error.message.slice(0, 200) : String(error);
}

function localeOf(conversation: ConversationRecord, fallback: string): Locale {
  const wanted = conversation.context.locale ?? fallback;
  return (SUPPORTED_LOCALES as readonly string[]).includes(wanted) ? (wanted as Locale) : 'en';
}

/**
 * Reply emails from the database outbox (docs/email.md). Replies are collected per conversation
 * into bursts; a burst is mailed once it has been quiet for the batch time and the visitor has had
 * no socket for as long, in their language, with a continue link and a reply address. Claims are
 * leased like webhook deliveries, so nodes share the work and never send one email twice at once;
 * the composed mail is stored before the first attempt, so a retry sends the same bytes.
 */
export function createEmailOutbox(deps: EmailOutboxDeps): EmailOutbox {
  const { storage, logger } = deps;
  const backoff = deps.options?.backoffMs ?? EMAIL_BACKOFF_MS;
  const pollIntervalMs = deps.options?.pollIntervalMs ?? 2_000;
  const timeoutMs = deps.options?.timeoutMs ?? 60_000;
  const maxWaitMs = deps.options?.maxWaitMs ?? 10 * 60_000;
  const maxAttempts = backoff.length + 1;
  const messageIdDomain = deps.inboundDomain ?? deps.fromDomain;
  let stopped = true;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  const writes = new Set<Promise<void>>();

  function schedule(ms: number): void {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(run, ms);
  }

  function run(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = tick()
      .catch((error: unknown) => logger.error({ err: error }, 'email dispatch failed'))
      .finally(() => {
        running = undefined;
        const soon = again;
        again = false;
        schedule(soon ? 0 : pollIntervalMs);
      });
  }

  async function tick(): Promise<void> {
    const at = Date.now();
    const claims = await storage.email.claimDue({
      now: new Date(at).toISOString(),
      leaseUntil: new Date(at + timeoutMs + 60_000).toISOString(),
      limit: BATCH,
    });
    for (const claim of claims) {
      if (stopped) {
        await storage.email.release(claim);
        continue;
      }
      await handle(claim).catch(async (error: unknown) => {
        logger.error({ err: error, emailId: claim.id }, 'handling a reply email failed');
        await storage.email.release(claim);
      });
    }
    if (claims.length === BATCH) again = true;
  }

  async function skip(claim: ClaimedEmail, why: string): Promise<void> {
    await storage.email.complete(claim, { status: 'skipped', attempts: claim.attempts, error: why });
  }

  async function handle(claim: ClaimedEmail): Promise<void> {
    const conversation = await storage.conversations.findById(claim.conversationId);
    if (!conversation) return skip(claim, 'conversation gone');
    const visitor = await storage.visitors.findById(conversation.visitorId);
    if (!visitor?.email) return skip(claim, 'no email address');
    if (await storage.email.optedOut(visitor.id)) return skip(claim, 'visitor opted out');
    // Back online: the widget shows the replies; nothing is mailed after that.
    if (await deps.visitorConnected(conversation)) return skip(claim, 'visitor online');
    let mail = claim.mail;
    if (!mail) {
      // Gone for less than the batch time (a socket closed a moment ago): wait until it is a full one.
      const awayUntil = new Date(visitor.lastSeenAt).getTime() + deps.batchMs;
      if (awayUntil > Date.now()) {
        await storage.email.complete(claim, {
          status: 'pending',
          attempts: claim.attempts,
          nextAttemptAt: new Date(awayUntil).toISOString(),
        });
        return;
      }
      const start = Math.max(await storage.email.lastMailedSeq(conversation.id), conversation.visitorReadSeq);
      const recent = await storage.messages.listAfter(conversation.id, Math.max(0, start - 50), 500, false);
      const replies = recent.filter(
        (m) => m.seq > start && (m.authorType === 'agent' || m.authorType === 'bot'),
      );
      if (replies.length === 0) return skip(claim, 'nothing unread to mail');
      const first = replies[0]!.seq;
      const question = recent.filter((m) => m.authorType === 'visitor' && m.seq < first).at(-1);
      const merchant = await storage.merchants.findById(conversation.merchantId);
      if (!merchant) return skip(claim, 'merchant gone');
      const sign = (purpose: keyof typeof TOKEN_LIFETIME_MS) =>
        deps.tokens.sign(purpose, {
          conversationId: conversation.id,
          visitorId: conversation.visitorId,
          expiresAt: new Date(Date.now() + TOKEN_LIFETIME_MS[purpose]),
        });
      const page = merchant.settings.continueUrl ?? `${deps.publicBase()}/`;
      const continueUrl = `${page.split('#')[0]}#tps-continue=${sign('continue')}`;
      mail = composeReplyMail({
        locale: localeOf(conversation, merchant.defaultLocale),
        merchantName: merchant.name,
        color: merchant.settings.color,
        to: visitor.email,
        question,
        replies,
        continueUrl,
        unsubscribeUrl: `${deps.publicBase()}/v1/email/unsubscribe?t=${sign('unsubscribe')}`,
        replyTo: deps.inboundDomain ? `reply+${sign('reply')}@${deps.inboundDomain}` : undefined,
        from: `bounces@${messageIdDomain}`,
      });
      const composed = await storage.email.compose(claim, {
        afterSeq: start,
        upToSeq: replies.at(-1)!.seq,
        mail,
      });
      if (!composed) return;
    }
    const merchant = await storage.merchants.findById(conversation.merchantId);
    try {
      await deps.mailer.send({
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        replyTo: mail.replyTo,
        messageId: claim.messageId,
        headers: mail.headers,
        ...(merchant ? { fromName: merchant.name } : {}),
        ...(deps.inboundDomain ? { bounceTo: `bounces@${deps.inboundDomain}` } : {}),
      });
    } catch (error) {
      const attempts = claim.attempts + 1;
      const failed = attempts >= maxAttempts;
      const delay = backoff[Math.min(attempts, backoff.length) - 1] ?? 0;
      logger.warn({ emailId: claim.id, attempts, error: describe(error) }, 'sending a reply email failed');
      await storage.email.complete(claim, {
        status: failed ? 'failed' : 'pending',
        attempts,
        nextAttemptAt: new Date(Date.now() + delay).toISOString(),
        error: describe(error),
      });
      return;
    }
    const recorded = await storage.email.complete(claim, { status: 'sent', attempts: claim.attempts + 1 });
    if (!recorded) {
      logger.warn({ emailId: claim.id }, 'reply email sent after its claim ran out');
      return;
    }
    logger.info({ emailId: claim.id, conversationId: conversation.id }, 'reply email sent');
    await announce(conversation.id);
  }

  async function announce(conversationId: string): Promise<void> {
    const conversation = await storage.conversations.findById(conversationId);
    if (!conversation) return;
    const messages = await storage.messages.listLatest(conversation.id, 50, false);
    deps.deliveryChanged(
      conversation,
      messages.filter((m) => m.emailDelivery !== undefined),
    );
  }

  async function collect(conversation: ConversationRecord, message: MessageRecord): Promise<void> {
    const visitor = await storage.visitors.findById(conversation.visitorId);
    if (!visitor?.email) return;
    await storage.email.collect({
      merchantId: conversation.merchantId,
      conversationId: conversation.id,
      dueAt: new Date(Date.parse(message.createdAt) + deps.batchMs).toISOString(),
      messageIdDomain,
      maxWaitMs,
    });
  }

  return {
    listener(event) {
      if (event.type !== 'message.created') return;
      const { conversation, message } = event;
      if (message.internal || (message.authorType !== 'agent' && message.authorType !== 'bot')) return;
      const write = collect(conversation, message)
        .catch((error: unknown) =>
          logger.error({ err: error, conversationId: conversation.id }, 'queueing a reply email failed'),
        )
        .finally(() => writes.delete(write));
      writes.add(write);
    },
    start() {
      if (!stopped) return;
      stopped = false;
      schedule(0);
    },
    kick() {
      if (stopped) return;
      if (running) again = true;
      else schedule(0);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      await Promise.all(writes);
    },
    announce,
  };
}
