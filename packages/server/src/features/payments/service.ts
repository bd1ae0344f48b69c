import { createHash, timingSafeEqual } from 'node:crypto';
import type { PaymentView } from '@topay-support/protocol';
import type { Redis } from 'ioredis';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { addressKey } from '../../http/client-address.js';
import { createRateLimiter } from '../../redis/rate-limiter.js';
import type { MerchantRecord } from '../../storage/types.js';
import { type PaymentProvider, ProviderUnavailableError } from './provider.js';

/** A look-up that must not tell anyone anything: unknown reference and wrong email look the same. */
export class PaymentNotFoundError extends Error {
  override readonly name = 'PaymentNotFoundError';
  constructor() {
    // Also the answer while the reference is locked (README, payment status): the way out is in it.
    super(
      'No payment matches that reference and email. Check both and try again; if they are right, sign in on the shop’s site to see your payments, or ask us in the chat.',
    );
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
  /**
   * Different wrong emails one reference may be tried with in an hour, from anywhere; one more locks
   * the reference against look-ups by reference and email, for everyone, for an hour.
   */
  emailsPerReference?: number;
  /** Counts failures in Redis, so several nodes share one budget. */
  redis?: Redis;
}

const normalizeEmail = (email: string) => email.trim().normalize('NFKC').toLowerCase();
const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
/** Counter keys name a reference (and an email) only by digest: no email sits in Redis or memory. */
const keyDigest = (...parts: string[]) => digest(parts.join('\u0000')).toString('base64url');
const HOUR_SECONDS = 60 * 60;

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
      duration: HOUR_SECONDS,
    },
    options.redis,
  );
  // A guesser spread over many addresses and visitors is still one guesser of one reference's email.
  // The first counter notes each (reference, email) failure once; the second counts a reference's
  // different failed emails and, one past the allowance, blocks the reference for an hour.
  const failedPairs = createRateLimiter(
    { keyPrefix: 'pay-ref-email', points: 1, duration: HOUR_SECONDS },
    options.redis,
  );
  const emailsPerReference = options.emailsPerReference ?? 5;
  const perReference = createRateLimiter(
    {
      keyPrefix: 'pay-ref',
      points: emailsPerReference,
      duration: HOUR_SECONDS,
      blockDuration: HOUR_SECONDS,
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
      [perIp, addressKey(ip)],
    ] as const) {
      const state = await limiter.get(key);
      if (state && state.remainingPoints <= 0)
        throw new PaymentRateLimitedError(Math.max(state.msBeforeNext, 1000));
    }
  }

  const consumeQuietly = (limiter: typeof perIp, key: string) =>
    limiter.consume(key).then(
      () => true,
      (error: unknown) => {
        if (error instanceof RateLimiterRes) return false;
        throw error;
      },
    );

  async function countFailure(visitorKey: string, ip: string, referenceKey: string, email: string) {
    await consumeQuietly(perVisitor, visitorKey);
    await consumeQuietly(perIp, addressKey(ip));
    // Only an email not yet tried on this reference within the hour counts towards its lock.
    if (await consumeQuietly(failedPairs, keyDigest(referenceKey, normalizeEmail(email))))
      await consumeQuietly(perReference, referenceKey);
  }

  async function isLocked(referenceKey: string): Promise<boolean> {
    const state = await perReference.get(referenceKey);
    return state !== null && state.consumedPoints > emailsPerReference;
  }

  return {
    /**
     * A locked reference answers like a wrong email, after the same work and delay, except to the
     * identified user who owns the payment.
     *
     * @param who.visitorKey who is asking (visitor id, or the address when there is no visitor)
     * @param who.userId the asker's verified user id, when they are an identified visitor
     */
    async lookup(
      merchant: MerchantRecord,
      request: { reference: string; email: string },
      who: { visitorKey: string; ip: string; userId?: string | null | undefined },
    ): Promise<PaymentView> {
      const started = Date.now();
      await refuseWhenLimited(who.visitorKey, who.ip);
      const reference = request.reference.trim();
      const referenceKey = keyDigest(merchant.id, reference.normalize('NFKC').toLowerCase());
      let matched: PaymentView | undefined;
      try {
        const [payment, locked] = await Promise.all([
          provider().find(merchant, reference),
          isLocked(referenceKey),
        ]);
        // Compare against a stand-in when there is no payment, so both failures do the same work.
        const expected = digest(normalizeEmail(payment?.email ?? '\u0000no-payment\u0000'));
        const given = digest(normalizeEmail(request.email));
        const emailMatches = timingSafeEqual(expected, given);
        const owner = payment?.userId != null && who.userId != null && payment.userId === who.userId;
        if (payment && emailMatches && (!locked || owner)) matched = payment.view;
      } finally {
        const wait = minimumDelayMs - (Date.now() - started);
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
      if (!matched) {
        await countFailure(who.visitorKey, who.ip, referenceKey, request.email);
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
