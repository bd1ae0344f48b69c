import { randomUUID } from 'node:crypto';
import type { AuditEntry } from '@topay-support/protocol';
import type { AuditRecord, NewAuditEntry } from '../../storage/audit-log.js';
import type { Storage } from '../../storage/storage.js';
import type { WebhookEvent } from '../integrations/webhooks.js';

export interface AuditLog {
  /**
   * Appends an entry, then writes an `audit.created` delivery for each subscribed webhook into the
   * outbox. Awaited by callers: an action whose trail cannot be written fails rather than go unrecorded.
   */
  record(entry: NewAuditEntry): Promise<AuditRecord>;
}

/** The wire shape of an entry (what the admin API, the CLI's `--json` and webhooks show). */
export function toAuditEntry(record: AuditRecord): AuditEntry {
  return {
    id: record.id,
    at: record.at,
    actor: record.actor,
    action: record.action,
    target: record.target,
    ip: record.ip,
    details: record.details,
  };
}

/**
 * The audit trail for the server and the CLI alike: the CLI writes to the same outbox, and whichever
 * server node polls next sends the webhook.
 *
 * @example
 * const audit = createAuditLog({ storage });
 * await audit.record({ merchantId, actor: { type: 'cli', id: null, email: null }, action: 'agent.created', target: email, ip: null, details: {} });
 */
export function createAuditLog(deps: {
  storage: Storage;
  onEnqueued?: () => void;
  now?: () => Date;
}): AuditLog {
  const { storage } = deps;
  const now = deps.now ?? (() => new Date());
  return {
    async record(entry) {
      const record = await storage.audit.append(entry);
      const hooks = (await storage.webhooks.list(entry.merchantId)).filter((hook) =>
        hook.events.includes('audit.created'),
      );
      if (hooks.length > 0) {
        const event: WebhookEvent = {
          id: randomUUID(),
          type: 'audit.created',
          createdAt: now().toISOString(),
          merchantId: entry.merchantId,
          data: { entry: toAuditEntry(record) },
        };
        await storage.webhooks.enqueue({
          eventId: event.id,
          eventType: 'audit.created',
          payload: JSON.stringify(event),
          webhookIds: hooks.map((hook) => hook.id),
          // A `visitor.*` entry's target is the visitor's id: forgetting them removes its deliveries.
          visitorId: entry.action.startsWith('visitor.') ? entry.target : null,
        });
        deps.onEnqueued?.();
      }
      return record;
    },
  };
}
