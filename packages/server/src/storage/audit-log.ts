import { randomUUID } from 'node:crypto';
import type { AuditEntry } from '@topay-support/protocol';
import type { Kysely } from 'kysely';
import { nowText, readJson, writeJson } from './columns.js';
import type { AuditLogTable, Database } from './schema.js';

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

/** Insert and read only: there is no way to change or remove an entry through this interface. */
export interface AuditLogRepository {
  append(entry: NewAuditEntry): Promise<AuditRecord>;
  /** Newest first; `since` (ISO time) bounds the oldest; `cursor` continues a previous page. */
  list(
    merchantId: string,
    options: { since?: string; cursor?: string; limit: number },
  ): Promise<{ entries: AuditRecord[]; nextCursor: string | null }>;
}

function toAudit(row: AuditLogTable): AuditRecord {
  return {
    id: row.id,
    merchantId: row.merchant_id,
    at: row.at,
    actor: { type: row.actor_type as AuditEntry['actor']['type'], id: row.actor_id, email: row.actor_email },
    action: row.action as AuditEntry['action'],
    target: row.target,
    ip: row.ip,
    details: readJson<Record<string, unknown>>(row.details),
  };
}

// A cursor is the last entry's (at, id): entries written in the same millisecond still page in order.
function encodeCursor(entry: { at: string; id: string }): string {
  return Buffer.from(JSON.stringify([entry.at, entry.id])).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && typeof value[0] === 'string' && typeof value[1] === 'string') {
      return [value[0], value[1]];
    }
  } catch {
    // A malformed cursor reads as the first page.
  }
  return undefined;
}

export function createAuditLogRepository(db: Kysely<Database>): AuditLogRepository {
  return {
    async append(entry) {
      const row: AuditLogTable = {
        id: randomUUID(),
        merchant_id: entry.merchantId,
        at: nowText(),
        actor_type: entry.actor.type,
        actor_id: entry.actor.id,
        actor_email: entry.actor.email,
        action: entry.action,
        target: entry.target,
        ip: entry.ip,
        details: writeJson(entry.details),
      };
      await db.insertInto('audit_log').values(row).execute();
      return toAudit(row);
    },
    async list(merchantId, options) {
      let query = db.selectFrom('audit_log').selectAll().where('merchant_id', '=', merchantId);
      if (options.since) query = query.where('at', '>=', options.since);
      const after = options.cursor ? decodeCursor(options.cursor) : undefined;
      if (after) {
        const [at, id] = after;
        query = query.where((eb) =>
          eb.or([eb('at', '<', at), eb.and([eb('at', '=', at), eb('id', '<', id)])]),
        );
      }
      const rows = await query
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .limit(options.limit + 1)
        .execute();
      const entries = rows.slice(0, options.limit).map(toAudit);
      const last = entries.at(-1);
      return { entries, nextCursor: rows.length > options.limit && last ? encodeCursor(last) : null };
    },
  };
}
