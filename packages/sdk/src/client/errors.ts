import type { SupportErrorCode } from '@topay-support/protocol';

/**
 * Codes a `SupportError` can carry. `conversation_resolved` comes from chat acknowledgements and is not in the
 * protocol's `SupportErrorCode` list yet; it is added here until it is.
 */
export type SdkErrorCode = SupportErrorCode | 'conversation_resolved';

/**
 * The one error type every SDK call rejects with.
 *
 * @example
 * try { await client.config() } catch (e) { if (e instanceof SupportError && e.code === 'rate_limited') wait(e.retryAfterMs) }
 */
export class SupportError extends Error {
  // Declared and assigned in the constructor rather than class fields: the widget's ES2020 build would add
  // class-field helpers (≈0.4 KB gzip) for them.
  declare readonly name: 'SupportError';
  declare readonly code: SdkErrorCode;
  /** HTTP status when the server answered; absent for network failures. */
  declare readonly status?: number;
  /** How long to wait before trying again, when the server said so. */
  declare readonly retryAfterMs?: number;

  constructor(code: SdkErrorCode, message: string, options: { status?: number; retryAfterMs?: number } = {}) {
    super(message);
    this.name = 'SupportError';
    this.code = code;
    // Absent rather than `undefined`, so `'status' in error` tells whether the server answered at all.
    if (options.status !== undefined) Object.assign(this, { status: options.status });
    if (options.retryAfterMs !== undefined) Object.assign(this, { retryAfterMs: options.retryAfterMs });
  }
}
