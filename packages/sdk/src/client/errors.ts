import type { SupportErrorCode } from '@topay-support/protocol';

/**
 * The one error type every SDK call rejects with.
 *
 * @example
 * try { await client.config() } catch (e) { if (e instanceof SupportError && e.code === 'rate_limited') wait(e.retryAfterMs) }
 */
export class SupportError extends Error {
  override readonly name = 'SupportError';
  readonly code: SupportErrorCode;
  /** HTTP status when the server answered; absent for network failures. */
  declare readonly status?: number;
  /** How long to wait before trying again, when the server said so. */
  declare readonly retryAfterMs?: number;

  constructor(
    code: SupportErrorCode,
    message: string,
    options: { status?: number; retryAfterMs?: number } = {},
  ) {
    super(message);
    this.code = code;
    // Absent rather than `undefined`, so `'status' in error` tells whether the server answered at all.
    if (options.status !== undefined) Object.assign(this, { status: options.status });
    if (options.retryAfterMs !== undefined) Object.assign(this, { retryAfterMs: options.retryAfterMs });
  }
}
