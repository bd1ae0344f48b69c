import { CARD_BRANDS, type PaymentView } from '@topay-support/protocol';
import type { DemoPaymentRecord } from '../../storage/demo-payments.js';
import type { Storage } from '../../storage/storage.js';
import type { PaymentProvider, ProviderPayment } from './provider.js';

function toProviderPayment(record: DemoPaymentRecord, merchantName: string): ProviderPayment {
  const view: PaymentView = {
    reference: record.reference,
    status: record.status as PaymentView['status'],
    amount: { minor: record.amountMinor, currency: record.currency },
    merchant: { name: merchantName },
    createdAt: record.createdAt,
    events: record.events as PaymentView['events'],
  };
  if (record.reason) view.reason = record.reason as NonNullable<PaymentView['reason']>;
  if (record.cardBrand && record.cardLast4) {
    const brand = (CARD_BRANDS as readonly string[]).includes(record.cardBrand) ? record.cardBrand : 'other';
    view.card = {
      brand: brand as NonNullable<PaymentView['card']>['brand'],
      last4: record.cardLast4.slice(-4),
    };
  }
  return { view, email: record.email, userId: record.userId };
}

/** Reads the seeded demo payments (docs/demo-data.md) from the database. */
export function createDemoPaymentProvider(storage: Storage): PaymentProvider {
  return {
    async find(merchant, reference) {
      const record = await storage.demoPayments.find(merchant.id, reference);
      return record && toProviderPayment(record, merchant.name);
    },
    async listForUser(merchant, userId, limit) {
      const records = await storage.demoPayments.listForUser(merchant.id, userId, limit);
      return records.map((record) => toProviderPayment(record, merchant.name));
    },
  };
}
