import { createHash, timingSafeEqual } from 'node:crypto';
import type { PaymentView } from '@topay-support/protocol';
import type { Redis } from 'ioredis';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { addressKey } from '../../http/client-address.js';
import { createRateLimiter } from '../../redis/rate-limiter.js';
import type { MerchantRecord } from '../../storage/merchants.js';
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
 * Payment status for visitors with proof of ownership (docs/design.md#payment-status): the reference plus the email used
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
  // The first counter notes each (reference, email) pair once; the second counts a reference's
  // different emails: the sixth wrong one is still answered, any new one after it finds the reference
  // blocked for an hour.
  const failedPairs = createRateLimiter(
    { keyPrefix: 'pay-ref-email', points: 1, duration: HOUR_SECONDS },
    options.redis,
  );
  const emailsPerReference = options.emailsPerReference ?? 5;
  const perReference = createRateLimiter(
    {
      keyPrefix: 'pay-ref',
      points: emailsPerReference + 1,
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

  async function take(
    limiter: typeof perIp,
    key: string,
  ): Promise<{ allowed: boolean; msBeforeNext: number }> {
    try {
      return { allowed: true, msBeforeNext: (await limiter.consume(key)).msBeforeNext };
    } catch (error) {
      if (error instanceof RateLimiterRes) return { allowed: false, msBeforeNext: error.msBeforeNext };
      throw error;
    }
  }

  interface Attempt {
    visitorKey: string;
    ipKey: string;
    referenceKey: string;
    pairKey: string;
    /** Whether this attempt's email counted as a new one against the reference. */
    newPair: boolean;
  }

  /**
   * Counts the attempt before it is answered, as if it were going to fail: counting only failures
   * after the fact would let a burst of parallel guesses all pass the check. `refund` gives it back.
   */
  async function charge(attempt: Attempt): Promise<void> {
    const visitor = await take(perVisitor, attempt.visitorKey);
    if (!visitor.allowed) throw new PaymentRateLimitedError(Math.max(visitor.msBeforeNext, 1000));
    const address = await take(perIp, attempt.ipKey);
    if (!address.allowed) {
      await perVisitor.reward(attempt.visitorKey, 1);
      throw new PaymentRateLimitedError(Math.max(address.msBeforeNext, 1000));
    }
  }

  /** Counts the attempt's email against its reference when it is new there; true while the reference is locked. */
  async function referenceLocked(attempt: Attempt): Promise<boolean> {
    if ((await take(failedPairs, attempt.pairKey)).allowed) {
      attempt.newPair = true;
      return !(await take(perReference, attempt.referenceKey)).allowed;
    }
    const state = await perReference.get(attempt.referenceKey);
    return state !== null && state.consumedPoints > emailsPerReference + 1;
  }

  /** An attempt that did not fail a guess (it matched, or the platform did not answer) costs nothing. */
  async function refund(attempt: Attempt): Promise<void> {
    await Promise.all([
      perVisitor.reward(attempt.visitorKey, 1),
      perIp.reward(attempt.ipKey, 1),
      ...(attempt.newPair
        ? [failedPairs.delete(attempt.pairKey), perReference.reward(attempt.referenceKey, 1)]
        : []),
    ]).catch(() => {
      // Lost to a Redis hiccup, a refund costs this visitor one try; the answer still goes out.
    });
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
      const reference = request.reference.trim();
      const referenceKey = keyDigest(merchant.id, reference.normalize('NFKC').toLowerCase());
      const attempt: Attempt = {
        visitorKey: who.visitorKey,
        ipKey: addressKey(who.ip),
        referenceKey,
        pairKey: keyDigest(referenceKey, normalizeEmail(request.email)),
        newPair: false,
      };
      await charge(attempt);
      let matched: PaymentView | undefined;
      try {
        const locked = await referenceLocked(attempt);
        const payment = await provider().find(merchant, reference);
        // Compare against a stand-in when there is no payment, so both failures do the same work.
        const expected = digest(normalizeEmail(payment?.email ?? '\u0000no-payment\u0000'));
        const given = digest(normalizeEmail(request.email));
        const emailMatches = timingSafeEqual(expected, given);
        const owner = payment?.userId != null && who.userId != null && payment.userId === who.userId;
        if (payment && emailMatches && (!locked || owner)) matched = payment.view;
      } catch (error) {
        await refund(attempt);
        throw error;
      } finally {
        const wait = minimumDelayMs - (Date.now() - started);
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
      if (!matched) throw new PaymentNotFoundError();
      await refund(attempt);
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
