import { type Ack, isPermanentSendError } from '@topay-support/protocol';
import { SupportError } from '../client/errors.js';

type AckError = Extract<Ack<unknown>, { ok: false }>['error'];

/** Turns a refused acknowledgement into the SDK's one error type, keeping the server's code and delay. */
export function ackError(error: AckError): SupportError {
  return new SupportError(
    error.code,
    error.message,
    error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs },
  );
}

/** Unwraps an acknowledgement: its data, or a thrown `SupportError`. */
export function unwrap<T>(ack: Ack<T>): T {
  if (ack.ok) return ack.data;
  throw ackError(ack.error);
}

/** Anything that is not a `SupportError` (a timeout, a dropped socket) is a network failure. */
export function toSupportError(error: unknown): SupportError {
  if (error instanceof SupportError) return error;
  return new SupportError('network_error', error instanceof Error ? error.message : String(error));
}

/** Whether a failed send must leave the outbox (and be shown as failed) rather than be retried. */
export function isPermanent(error: SupportError): boolean {
  return isPermanentSendError(error.code);
}
