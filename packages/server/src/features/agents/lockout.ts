import type { Redis } from 'ioredis';
import { type RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { addressKey } from '../../http/client-address.js';
import { createRateLimiter } from '../../redis/rate-limiter.js';

export interface LockoutOptions {
  /** Consecutive failures for one account from one address before that address is locked out. */
  failures: number;
  /** Window the failures are counted in, seconds. */
  windowSeconds: number;
  /** How long that address stays locked out of that account, seconds. */
  lockSeconds: number;
  /** Failures for one account from all addresses together, per hour, before everyone waits. */
  accountFailuresPerHour: number;
  /** That wait, seconds: short, so strangers cannot keep the real agent out for long. */
  accountLockSeconds: number;
}

export const DEFAULT_LOCKOUT: LockoutOptions = {
  failures: 5,
  windowSeconds: 15 * 60,
  lockSeconds: 15 * 60,
  accountFailuresPerHour: 50,
  accountLockSeconds: 60,
};

export interface LoginLockout {
  /** Seconds until this account may be tried again from this address; 0 when it may now. */
  retryAfter(email: string, ip: string): Promise<number>;
  /** Counts a failure; returns the lock's length in seconds when this failure started one, else 0. */
  fail(email: string, ip: string): Promise<number>;
  /** A sign-in succeeded: the failures from this address were not consecutive after all. */
  succeed(email: string, ip: string): Promise<void>;
}

/**
 * Sign-in lockout in two layers, so a stranger can neither guess a password nor lock a real agent out:
 * - per account and address: 5 failures in 15 minutes lock that address out of that account for 15
 *   minutes. A stranger locks only themselves; the agent elsewhere signs in as usual.
 * - per account, all addresses: a guesser spread over many addresses is held to 50 tries an hour
 *   and, past that, everyone waits one minute; the worst a distributed stranger does is a one-minute
 *   delay now and then, while guessing stays far too slow to find a password.
 * Counted in Redis when nodes share it (rate-limiter-flexible), so the budget is the cluster's.
 */
export function createLoginLockout(options: LockoutOptions, redis: Redis | undefined): LoginLockout {
  const perAddress = createRateLimiter(
    { keyPrefix: 'login-lock-addr', points: options.failures, duration: options.windowSeconds },
    redis,
  );
  const perAccount = createRateLimiter(
    { keyPrefix: 'login-lock-acct', points: options.accountFailuresPerHour, duration: 3600 },
    redis,
  );
  // An IPv6 /64 is one address here as in every other per-address limit.
  const accountAddressKey = (email: string, ip: string) => `${email}|${addressKey(ip)}`;

  async function lockedFor(limiter: RateLimiterAbstract, key: string, points: number): Promise<number> {
    const state = await limiter.get(key);
    // `block` leaves consumed points above the budget; plain counting stops at it.
    return state && state.consumedPoints > points ? Math.max(1, Math.ceil(state.msBeforeNext / 1000)) : 0;
  }

  async function count(
    limiter: RateLimiterAbstract,
    key: string,
    points: number,
    lock: number,
  ): Promise<number> {
    const state = await limiter.consume(key).catch((rejection: unknown) => {
      if (rejection instanceof RateLimiterRes) return rejection;
      throw rejection;
    });
    if (state.consumedPoints < points) return 0;
    await limiter.block(key, lock);
    return lock;
  }

  return {
    async retryAfter(email, ip) {
      const [address, account] = await Promise.all([
        lockedFor(perAddress, accountAddressKey(email, ip), options.failures),
        lockedFor(perAccount, email, options.accountFailuresPerHour),
      ]);
      return Math.max(address, account);
    },
    async fail(email, ip) {
      const [address, account] = await Promise.all([
        count(perAddress, accountAddressKey(email, ip), options.failures, options.lockSeconds),
        count(perAccount, email, options.accountFailuresPerHour, options.accountLockSeconds),
      ]);
      return Math.max(address, account);
    },
    async succeed(email, ip) {
      await perAddress.delete(accountAddressKey(email, ip));
    },
  };
}
