import { randomUUID } from 'node:crypto';
import type { AuditEntry } from '@topay-support/protocol';
import type { Kysely } from 'kysely';
import type { AuditLogTable, Database } from './schema.js';
import type { AgentSecurityStorage, AuditRecord } from './types.js';

const now = () => new Date().toISOString();

function toAudit(row: AuditLogTable): AuditRecord {
  return {
    id: row.id,
    merchantId: row.merchant_id,
    at: row.at,
    actor: { type: row.actor_type as AuditEntry['actor']['type'], id: row.actor_id, email: row.actor_email },
    action: row.action as AuditEntry['action'],
    target: row.target,
    ip: row.ip,
    details: JSON.parse(row.details) as Record<string, unknown>,
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

export function createAgentSecurityStorage(db: Kysely<Database>): AgentSecurityStorage {
  return {
    agentTotp: {
      async find(agentId) {
        const row = await db
          .selectFrom('agents')
          .select(['totp_secret', 'totp_enabled_at', 'totp_last_step'])
          .where('id', '=', agentId)
          .executeTakeFirst();
        if (!row) return undefined;
        return {
          encryptedSecret: row.totp_secret ?? null,
          enabledAt: row.totp_enabled_at ?? null,
          lastStep:
            row.totp_last_step === null || row.totp_last_step === undefined
              ? null
              : Number(row.totp_last_step),
        };
      },
      async begin(agentId, encryptedSecret) {
        const result = await db
          .updateTable('agents')
          .set({ totp_secret: encryptedSecret, totp_enabled_at: null, totp_last_step: null })
          .where('id', '=', agentId)
          .where('totp_enabled_at', 'is', null)
          .executeTakeFirst();
        return Number(result.numUpdatedRows) === 1;
      },
      async enable(agentId, step, recoveryCodeHashes) {
        return db.transaction().execute(async (trx) => {
          const result = await trx
            .updateTable('agents')
            .set({ totp_enabled_at: now(), totp_last_step: step })
            .where('id', '=', agentId)
            .where('totp_enabled_at', 'is', null)
            .where('totp_secret', 'is not', null)
            .executeTakeFirst();
          if (Number(result.numUpdatedRows) !== 1) return false;
          await trx.deleteFrom('agent_recovery_codes').where('agent_id', '=', agentId).execute();
          if (recoveryCodeHashes.length === 0) return true;
          const at = now();
          await trx
            .insertInto('agent_recovery_codes')
            .values(
              recoveryCodeHashes.map((hash) => ({
                id: randomUUID(),
                agent_id: agentId,
                code_hash: hash,
                used_at: null,
                created_at: at,
              })),
            )
            .execute();
          return true;
        });
      },
      async disable(agentId) {
        await db.transaction().execute(async (trx) => {
          await trx
            .updateTable('agents')
            .set({ totp_secret: null, totp_enabled_at: null, totp_last_step: null })
            .where('id', '=', agentId)
            .execute();
          await trx.deleteFrom('agent_recovery_codes').where('agent_id', '=', agentId).execute();
        });
      },
      async useStep(agentId, step) {
        const result = await db
          .updateTable('agents')
          .set({ totp_last_step: step })
          .where('id', '=', agentId)
          .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
          .executeTakeFirst();
        return Number(result.numUpdatedRows) === 1;
      },
      async useRecoveryCode(agentId, codeHash) {
        const result = await db
          .updateTable('agent_recovery_codes')
          .set({ used_at: now() })
          .where('agent_id', '=', agentId)
          .where('code_hash', '=', codeHash)
          .where('used_at', 'is', null)
          .executeTakeFirst();
        return Number(result.numUpdatedRows) >= 1;
      },
      async recoveryCodesLeft(agentId) {
        const row = await db
          .selectFrom('agent_recovery_codes')
          .select((eb) => eb.fn.countAll<number | string>().as('n'))
          .where('agent_id', '=', agentId)
          .where('used_at', 'is', null)
          .executeTakeFirst();
        return Number(row?.n ?? 0);
      },
    },
    audit: {
      async append(entry) {
        const row: AuditLogTable = {
          id: randomUUID(),
          merchant_id: entry.merchantId,
          at: now(),
          actor_type: entry.actor.type,
          actor_id: entry.actor.id,
          actor_email: entry.actor.email,
          action: entry.action,
          target: entry.target,
          ip: entry.ip,
          details: JSON.stringify(entry.details),
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
    },
  };
}
