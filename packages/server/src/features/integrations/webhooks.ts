import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { AuditEntry, Conversation, Message } from '@topay-support/protocol';
import type { ConversationRecord } from '../../storage/conversations.js';
import type { MessageRecord } from '../../storage/messages.js';
import type { Storage } from '../../storage/storage.js';
import type { WebhookEventType } from '../../storage/webhooks.js';
import type { AttachmentUrlSigner } from '../attachments/urls.js';
import type { ChatListener } from '../chat/events.js';
import { loadAgentConversation, toMessage } from '../chat/views.js';

/** The JSON body of every webhook request. */
export interface WebhookEvent {
  /** Also sent as `Topay-Webhook-Id`; the same on every retry, so receivers can de-duplicate. */
  id: string;
  type: WebhookEventType;
  createdAt: string;
  merchantId: string;
  /** Chat events carry the conversation (and message); `audit.created` carries the audit entry. */
  data: { conversation: Conversation; message?: Message } | { entry: AuditEntry };
}

/** A new signing secret, shown to the operator once. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/**
 * The `Topay-Signature` header: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
 * The timestamp is signed with the body so a captured request cannot be replayed much later.
 *
 * @example
 * signWebhook('whsec_…', Math.floor(Date.now() / 1000), body); // "t=1767225600,v1=5f2b…"
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  const digest = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `t=${timestamp},v1=${digest}`;
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/**
 * Checks a webhook URL, returning it normalised or throwing an `Error` that says what is wrong:
 * `https:` anywhere, plain `http:` only to this machine (local development), no credentials in it.
 */
export function validateWebhookUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`"${raw}" is not an absolute URL like https://example.com/hooks/topay`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`the URL must use https (got ${url.protocol.replace(/:$/, '')})`);
  }
  if (url.protocol === 'http:' && !LOOPBACK.test(url.hostname)) {
    throw new Error('plain http is allowed only to localhost; use https for anything else');
  }
  if (url.username || url.password) throw new Error('put no credentials in the URL; verify the signature');
  url.hash = '';
  return url.href;
}

export interface WebhookPublisherDeps {
  storage: Storage;
  urls: AttachmentUrlSigner;
  /** Prefix for attachment links (`PUBLIC_URL`), so receivers get absolute URLs when it is set. */
  baseUrl: string;
  logger: { error(obj: object, msg: string): void };
  /** Called after deliveries were written, so the local dispatcher sends them without waiting to poll. */
  onEnqueued(): void;
  now?: () => Date;
}

/**
 * Turns chat events into outbox rows, one per subscribed webhook. Callers never wait: the work runs
 * after the change is committed and acknowledged, and a failure is logged, never thrown at the chat.
 * `flush()` waits for what is still being written (used on shutdown).
 */
export function createWebhookPublisher(deps: WebhookPublisherDeps): {
  listener: ChatListener;
  flush(): Promise<void>;
} {
  const { storage, urls, baseUrl } = deps;
  const now = deps.now ?? (() => new Date());
  const pending = new Set<Promise<void>>();

  // The agents' view of the conversation (features/chat/views.ts), without internal notes: a webhook
  // receiver is outside the console.
  const viewSource = {
    storage,
    urls,
    baseUrl,
    agentName: async (id: string) => (await storage.agents.findById(id))?.name,
  };

  async function publish(
    type: WebhookEventType,
    conversation: ConversationRecord,
    message?: MessageRecord,
  ): Promise<void> {
    const hooks = (await storage.webhooks.listRecent(conversation.merchantId)).filter((hook) =>
      hook.events.includes(type),
    );
    if (hooks.length === 0) return;
    const event: WebhookEvent = {
      id: randomUUID(),
      type,
      createdAt: now().toISOString(),
      merchantId: conversation.merchantId,
      data: {
        conversation: await loadAgentConversation(viewSource, conversation, {
          notes: false,
          lastMessage: message,
        }),
        ...(message ? { message: toMessage(message, urls, baseUrl) } : {}),
      },
    };
    await storage.webhooks.enqueue({
      eventId: event.id,
      eventType: type,
      payload: JSON.stringify(event),
      webhookIds: hooks.map((hook) => hook.id),
      visitorId: conversation.visitorId,
    });
    deps.onEnqueued();
  }

  function track(type: WebhookEventType, conversation: ConversationRecord, message?: MessageRecord): void {
    const work = publish(type, conversation, message).catch((error: unknown) => {
      deps.logger.error(
        { err: error, type, conversationId: conversation.id },
        'recording a webhook event failed',
      );
    });
    pending.add(work);
    void work.finally(() => pending.delete(work));
  }

  return {
    listener(event) {
      switch (event.type) {
        case 'conversation.created':
        case 'conversation.resolved':
          track(event.type, event.conversation);
          return;
        case 'message.created':
          // An internal note never leaves the console.
          if (!event.message.internal) track(event.type, event.conversation, event.message);
          return;
        case 'conversation.updated':
          return;
      }
    },
    async flush() {
      await Promise.all([...pending]);
    },
  };
}
