import { createHash, timingSafeEqual } from 'node:crypto';
import type { PaymentView } from '@topay-support/protocol';
import type { Redis } from 'ioredis';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { createRateLimiter } from '../../redis/rate-limiter.js';
import type { MerchantRecord } from '../../storage/types.js';
import { type PaymentProvider, ProviderUnavailableError } from './provider.js';

/** A look-up that must not tell anyone anything: unknown reference and wrong email look the same. */
export class PaymentNotFoundError extends Error {
  override readonly name = 'PaymentNotFoundError';
  constructor() {
    super('No payment matches that reference and email');
  }
}

export class PaymentRateLimitedError extends Error {
  override readonly name = 'PaymentRateLimitedError';
  readonly retryAfterMs: number;
  constructor(retryAfterMs: number) {
    super('Too many unsuccessful look-ups; try again later');
    this.retryAfterMs = retryAfterMs;
  }
}

export interface PaymentServiceOptions {
  provider: PaymentProvider | undefined;
  /** Every look-up answers no sooner than this, so timing says nothing about why one failed. */
  minimumDelayMs?: number;
  /** Failed look-ups allowed per visitor and per address before they are refused for a while. */
  failuresPerVisitor?: number;
  failuresPerIp?: number;
  /** Counts failures in Redis, so several nodes share one budget. */
  redis?: Redis;
}

const normalizeEmail = (email: string) => email.trim().normalize('NFKC').toLowerCase();
const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * Payment status for visitors with proof of ownership (DESIGN §4): the reference plus the email used
 * to pay, or an identified user seeing their own payments. Both failures — no such reference, wrong
 * email — run the same steps: a constant-time comparison against a real or a stand-in email, the same
 * minimum delay, the same answer, the same count against the guessing limits.
 */
export function createPaymentService(options: PaymentServiceOptions) {
  const minimumDelayMs = options.minimumDelayMs ?? 400;
  const perVisitor = createRateLimiter(
    {
      keyPrefix: 'pay-visitor',
      points: options.failuresPerVisitor ?? 5,
      duration: 15 * 60,
    },
    options.redis,
  );
  const perIp = createRateLimiter(
    {
      keyPrefix: 'pay-ip',
      points: options.failuresPerIp ?? 20,
      duration: 60 * 60,
    },
    options.redis,
  );

  function provider(): PaymentProvider {
    if (!options.provider)
      throw new ProviderUnavailableError('Payment look-ups are not configured on this server');
    return options.provider;
  }

  async function refuseWhenLimited(visitorKey: string, ip: string): Promise<void> {
    for (const [limiter, key] of [
      [perVisitor, visitorKey],
      [perIp, ip],
    ] as const) {
      const state = await limiter.get(key);
      if (state && state.remainingPoints <= 0)
        throw new PaymentRateLimitedError(Math.max(state.msBeforeNext, 1000));
    }
  }

  async function countFailure(visitorKey: string, ip: string): Promise<void> {
    for (const [limiter, key] of [
      [perVisitor, visitorKey],
      [perIp, ip],
    ] as const) {
      await limiter.consume(key).catch((error: unknown) => {
        if (!(error instanceof RateLimiterRes)) throw error;
      });
    }
  }

  return {
    /**
     * @param visitorKey who is asking (visitor id, or the address when there is no visitor)
     */
    async lookup(
      merchant: MerchantRecord,
      request: { reference: string; email: string },
      who: { visitorKey: string; ip: string },
    ): Promise<PaymentView> {
      const started = Date.now();
      await refuseWhenLimited(who.visitorKey, who.ip);
      let matched: PaymentView | undefined;
      try {
        const payment = await provider().find(merchant, request.reference.trim());
        // Compare against a stand-in when there is no payment, so both failures do the same work.
        const expected = digest(normalizeEmail(payment?.email ?? '\u0000no-payment\u0000'));
        const given = digest(normalizeEmail(request.email));
        const emailMatches = timingSafeEqual(expected, given);
        if (payment && emailMatches) matched = payment.view;
      } finally {
        const wait = minimumDelayMs - (Date.now() - started);
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
      if (!matched) {
        await countFailure(who.visitorKey, who.ip);
        throw new PaymentNotFoundError();
      }
      return matched;
    },

    /** An identified (HMAC-verified) user's own recent payments. */
    async listForUser(merchant: MerchantRecord, userId: string, limit = 10): Promise<PaymentView[]> {
      const payments = await provider().listForUser(merchant, userId, limit);
      return payments.filter((p) => p.userId === userId).map((p) => p.view);
    },

    /** The identified user's payment with this reference, or undefined: no proof beyond identity needed. */
    async findForUser(
      merchant: MerchantRecord,
      userId: string,
      reference: string,
    ): Promise<PaymentView | undefined> {
      const payment = await provider().find(merchant, reference.trim());
      return payment && payment.userId === userId ? payment.view : undefined;
    },
  };
}

export type PaymentService = ReturnType<typeof createPaymentService>;
