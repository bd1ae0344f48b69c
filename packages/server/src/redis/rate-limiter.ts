import type { Redis } from 'ioredis';
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';

export interface LimiterOptions {
  /** Unique per purpose: it namespaces the counters. */
  keyPrefix: string;
  points: number;
  /** Window length in seconds. */
  duration: number;
  /** Once the points are spent, refuse the key for this many seconds from then (default: until the window ends). */
  blockDuration?: number;
}

/**
 * A limiter counted in Redis when several nodes share the load, so a budget is one budget across
 * the cluster, else in this process. While Redis is away, an in-memory limiter stands in: limits
 * then hold per node rather than failing every chat (rate-limiter-flexible's insurance strategy).
 */
export function createRateLimiter(options: LimiterOptions, redis: Redis | undefined): RateLimiterAbstract {
  if (!redis) return new RateLimiterMemory(options);
  return new RateLimiterRedis({
    ...options,
    keyPrefix: `topay:rl:${options.keyPrefix}`,
    storeClient: redis,
    rejectIfRedisNotReady: true,
    insuranceLimiter: new RateLimiterMemory(options),
  });
}
