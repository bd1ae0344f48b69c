/** The Redis for the Redis suites (`scripts/services.sh start` prints it); unset = those suites skip. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL?.trim() || undefined;

/**
 * TEST_REDIS_URL when it is set. Unset says so loudly and skips; under CI (`CI` set) a missing
 * TEST_REDIS_URL is a broken pipeline, not a reason to go green, so it throws instead.
 *
 * @example
 * const redisUrl = redisTestUrl('presence across nodes');
 * describe.skipIf(!redisUrl)('presence across nodes', () => { … });
 */
export function redisTestUrl(suite: string): string | undefined {
  if (TEST_REDIS_URL) return TEST_REDIS_URL;
  if (process.env.CI) {
    throw new Error(`${suite}: TEST_REDIS_URL is not set under CI; run eval "$(scripts/services.sh start)"`);
  }
  console.warn(
    `\n!!! SKIPPED: ${suite} — TEST_REDIS_URL is not set (eval "$(scripts/services.sh start)" to run it)\n`,
  );
  return undefined;
}
