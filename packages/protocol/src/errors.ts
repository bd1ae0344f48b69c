/**
 * Error codes of the HTTP API, as sent in `{ error: { code, message } }`.
 * The status each one travels with is fixed, so clients may branch on either.
 */
export const API_ERROR_STATUS = {
  invalid_request: 400,
  unauthorized: 401,
  /** Password right, but the agent has two-factor sign-in: send `totp` or `recoveryCode` too. */
  totp_required: 401,
  /** The merchant requires two-factor sign-in and this agent has none yet: enrol first (README). */
  totp_enrolment_required: 401,
  forbidden: 403,
  origin_not_allowed: 403,
  not_found: 404,
  payment_not_found: 404,
  /** The path exists, but not with this method; the response's `Allow` header lists the ones it has. */
  method_not_allowed: 405,
  /** The connection sent no complete request in time. */
  request_timeout: 408,
  client_id_conflict: 409,
  conversation_resolved: 409,
  /** A unique name (e.g. a canned-reply shortcut) is taken. */
  conflict: 409,
  too_large: 413,
  /** A body in a content type the route does not read (the JSON API reads `application/json`). */
  unsupported_media_type: 415,
  headers_too_large: 431,
  rate_limited: 429,
  /** Too many failed sign-ins for this account; `retryAfter` (seconds) says when to try again. */
  account_locked: 429,
  internal: 500,
  provider_unavailable: 503,
} as const;

export type ApiErrorCode = keyof typeof API_ERROR_STATUS;

export interface ApiErrorBody {
  /** `retryAfter` (whole seconds, also the `Retry-After` header) accompanies `account_locked`. */
  error: { code: ApiErrorCode; message: string; retryAfter?: number };
}

/** Codes a `SupportError` from the SDK carries: every API code plus failures that never reached the server. */
export type SupportErrorCode = ApiErrorCode | 'network_error' | 'identity_rejected';

/** Codes of the widget's `error` event (docs/script-tag.md). */
export const WIDGET_ERROR_CODES = [
  'unknown_command',
  'invalid_argument',
  'not_initialized',
  'already_initialized',
  'origin_not_allowed',
  'identity_rejected',
  'rate_limited',
  'network_error',
] as const;

export type WidgetErrorCode = (typeof WIDGET_ERROR_CODES)[number];

export function isApiErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}
