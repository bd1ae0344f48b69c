/**
 * Refusals a resend of the same message cannot change: this content, this conversation or this sender was
 * refused. Everything else (`rate_limited`, `internal`, a timeout, a dropped connection) is worth sending
 * again with the same client id. The SDK's delivery and the console's outbox both decide by it; its cases
 * are `packages/protocol/test/send-errors-cases.ts`.
 */
export const PERMANENT_SEND_ERRORS = [
  'invalid_request',
  'not_found',
  'forbidden',
  'client_id_conflict',
  'too_large',
  'conversation_resolved',
  // Handshake refusals the SDK reports for a send: the same page and token will be refused again.
  'unauthorized',
  'origin_not_allowed',
  'identity_rejected',
] as const;

export type PermanentSendError = (typeof PERMANENT_SEND_ERRORS)[number];

/** Whether a failed send must leave the outbox and show as failed, rather than be retried. */
export function isPermanentSendError(code: string): code is PermanentSendError {
  return (PERMANENT_SEND_ERRORS as readonly string[]).includes(code);
}
