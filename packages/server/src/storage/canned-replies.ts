import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { nowText } from './columns.js';
import type { Database } from './schema.js';

export interface CannedReplyRecord {
  id: string;
  merchantId: string;
  shortcut: string;
  text: string;
  createdAt: string;
}

export interface CannedReplyRepository {
  list(merchantId: string): Promise<CannedReplyRecord[]>;
  create(merchantId: string, shortcut: string, text: string): Promise<CannedReplyRecord>;
  delete(merchantId: string, id: string): Promise<boolean>;
}

export function createCannedReplyRepository(db: Kysely<Database>): CannedReplyRepository {
  return {
    async list(merchantId) {
      const rows = await db
        .selectFrom('canned_replies')
        .selectAll()
        .where('merchant_id', '=', merchantId)
        .orderBy('shortcut')
        .execute();
      return rows.map((row) => ({
        id: row.id,
        merchantId: row.merchant_id,
        shortcut: row.shortcut,
        text: row.text,
        createdAt: row.created_at,
      }));
    },
    async create(merchantId, shortcut, text) {
      const row = { id: randomUUID(), merchant_id: merchantId, shortcut, text, created_at: nowText() };
      await db.insertInto('canned_replies').values(row).execute();
      return { id: row.id, merchantId, shortcut, text, createdAt: row.created_at };
    },
    async delete(merchantId, id) {
      const result = await db
        .deleteFrom('canned_replies')
        .where('merchant_id', '=', merchantId)
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}
