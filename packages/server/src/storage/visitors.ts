import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { nowText } from './columns.js';
import { type Arg, prepare, type QueryRunner } from './prepared.js';
import type { Database } from './schema.js';
import { isUniqueViolation } from './unique.js';

export interface VisitorRecord {
  id: string;
  merchantId: string;
  userId: string | null;
  name: string | null;
  email: string | null;
  createdAt: string;
  lastSeenAt: string;
}

export interface VisitorRepository {
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
}

function toVisitor(row: Database['visitors']): VisitorRecord {
  return {
    id: row.id,
    merchantId: row.merchant_id,
    userId: row.user_id,
    name: row.name,
    email: row.email,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
  };
}

export function createVisitorRepository(db: Kysely<Database>, runner: QueryRunner): VisitorRepository {
  const byId = prepare(runner, (arg: Arg<{ id: string }>) =>
    db.selectFrom('visitors').selectAll().where('id', '=', arg('id')),
  );
  return {
    async create(merchantId) {
      const at = nowText();
      const row = {
        id: randomUUID(),
        merchant_id: merchantId,
        user_id: null,
        name: null,
        email: null,
        created_at: at,
        last_seen_at: at,
      };
      await db.insertInto('visitors').values(row).execute();
      return toVisitor(row);
    },
    async findById(id) {
      const [row] = await byId({ id });
      return row && toVisitor(row);
    },
    async upsertIdentified(merchantId, userId) {
      const find = () =>
        db
          .selectFrom('visitors')
          .selectAll()
          .where('merchant_id', '=', merchantId)
          .where('user_id', '=', userId)
          .executeTakeFirst();
      const found = await find();
      if (found) return toVisitor(found);
      const at = nowText();
      const row = {
        id: randomUUID(),
        merchant_id: merchantId,
        user_id: userId,
        name: null,
        email: null,
        created_at: at,
        last_seen_at: at,
      };
      try {
        await db.insertInto('visitors').values(row).execute();
        return toVisitor(row);
      } catch (error) {
        // Two devices of one user connected at once: both end up with the same visitor.
        const winner = isUniqueViolation(error) ? await find() : undefined;
        if (winner) return toVisitor(winner);
        throw error;
      }
    },
    async findByUserId(merchantId, userId) {
      const row = await db
        .selectFrom('visitors')
        .selectAll()
        .where('merchant_id', '=', merchantId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return row && toVisitor(row);
    },
    async delete(id) {
      return db.transaction().execute(async (trx) => {
        const attachments = await trx
          .selectFrom('attachments')
          .select('attachments.id')
          .where((eb) =>
            eb.or([
              eb.and([eb('uploader_type', '=', 'visitor'), eb('uploader_id', '=', id)]),
              eb(
                'message_id',
                'in',
                eb
                  .selectFrom('messages')
                  .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
                  .select('messages.id')
                  .where('conversations.visitor_id', '=', id),
              ),
            ]),
          )
          .execute();
        const ids = attachments.map((a) => a.id);
        if (ids.length > 0) await trx.deleteFrom('attachments').where('id', 'in', ids).execute();
        // Conversations and their messages go with the visitor (ON DELETE CASCADE).
        await trx.deleteFrom('visitors').where('id', '=', id).execute();
        // Webhook payloads carry the visitor's name, email and words.
        await trx.deleteFrom('webhook_deliveries').where('visitor_id', '=', id).execute();
        return ids;
      });
    },
    async update(id, patch) {
      const values: { name?: string | null; email?: string | null } = {};
      if (patch.name !== undefined) values.name = patch.name;
      if (patch.email !== undefined) values.email = patch.email;
      if (Object.keys(values).length === 0) return;
      await db.updateTable('visitors').set(values).where('id', '=', id).execute();
    },
    async touch(id, merchantId) {
      const row = await db
        .updateTable('visitors')
        .set({ last_seen_at: nowText() })
        .where('id', '=', id)
        .where('merchant_id', '=', merchantId)
        .returningAll()
        .executeTakeFirst();
      return row && toVisitor(row);
    },
  };
}
