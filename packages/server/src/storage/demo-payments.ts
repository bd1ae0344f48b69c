import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { byCodePoint, type Dialect, readInt, readJson, writeJson } from './columns.js';
import type { Database } from './schema.js';

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

export interface DemoPaymentRepository {
  upsert(payment: DemoPaymentRecord): Promise<void>;
  count(merchantId: string): Promise<number>;
  find(merchantId: string, reference: string): Promise<DemoPaymentRecord | undefined>;
  listForUser(merchantId: string, userId: string, limit: number): Promise<DemoPaymentRecord[]>;
}

function toDemoPayment(row: Database['demo_payments']): DemoPaymentRecord {
  return {
    merchantId: row.merchant_id,
    reference: row.reference,
    email: row.email,
    userId: row.user_id,
    status: row.status,
    reason: row.reason,
    amountMinor: readInt(row.amount_minor),
    currency: row.currency,
    cardBrand: row.card_brand,
    cardLast4: row.card_last4,
    events: readJson<DemoPaymentRecord['events']>(row.events),
    createdAt: row.created_at,
  };
}

export function createDemoPaymentRepository(db: Kysely<Database>, dialect: Dialect): DemoPaymentRepository {
  return {
    async upsert(payment) {
      const values = {
        id: randomUUID(),
        merchant_id: payment.merchantId,
        reference: payment.reference,
        email: payment.email.trim().toLowerCase(),
        user_id: payment.userId,
        status: payment.status,
        reason: payment.reason,
        amount_minor: payment.amountMinor,
        currency: payment.currency,
        card_brand: payment.cardBrand,
        card_last4: payment.cardLast4,
        events: writeJson(payment.events),
        created_at: payment.createdAt,
      };
      const { id: _id, merchant_id: _m, reference: _r, ...changes } = values;
      await db
        .insertInto('demo_payments')
        .values(values)
        .onConflict((oc) => oc.columns(['merchant_id', 'reference']).doUpdateSet(changes))
        .execute();
    },
    async find(merchantId, reference) {
      const row = await db
        .selectFrom('demo_payments')
        .selectAll()
        .where('merchant_id', '=', merchantId)
        .where('reference', '=', reference)
        .executeTakeFirst();
      return row && toDemoPayment(row);
    },
    async listForUser(merchantId, userId, limit) {
      const rows = await db
        .selectFrom('demo_payments')
        .selectAll()
        .where('merchant_id', '=', merchantId)
        .where('user_id', '=', userId)
        .orderBy('created_at', 'desc')
        .orderBy(byCodePoint(dialect, 'reference'))
        .limit(limit)
        .execute();
      return rows.map(toDemoPayment);
    },
    async count(merchantId) {
      const { n } = await db
        .selectFrom('demo_payments')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('merchant_id', '=', merchantId)
        .executeTakeFirstOrThrow();
      return readInt(n);
    },
  };
}
