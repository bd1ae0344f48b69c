import { isApiErrorBody } from '@topay-support/protocol';
import { SupportError } from './errors.js';

export interface HttpOptions {
  serverUrl: string;
  merchantKey: string;
  /** Abort a request that has not answered by then. */
  timeoutMs?: number;
}

export interface RequestOptions {
  method?: 'GET' | 'POST';
  query?: Record<string, string | undefined>;
  body?: unknown;
  /** Cancels the request (a search the visitor has typed past); it then rejects with `network_error`. */
  signal?: AbortSignal | undefined;
  /** Extra request headers, e.g. `authorization` with the visitor token (payments). */
  headers?: Record<string, string> | undefined;
}

/**
 * Calls the visitor-facing HTTP API and turns every failure into a `SupportError`,
 * so callers handle one error shape whether the server, the network or a proxy failed.
 */
export async function requestJson<T>(
  http: HttpOptions,
  path: string,
  options: RequestOptions = {},
): Promise<T> {
  const url = new URL(path, http.serverUrl);
  url.searchParams.set('merchantKey', http.merchantKey);
  for (const [key, value] of Object.entries(options.query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, value);
  }
  const timeout = AbortSignal.timeout(http.timeoutMs ?? 15_000);
  const signal = options.signal;
  let response: Response;
  try {
    response = await fetch(url, {
      method: options.method ?? 'GET',
      headers: {
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...options.headers,
      },
      body: options.body === undefined ? null : JSON.stringify(options.body),
      credentials: 'omit',
      // `AbortSignal.any` is recent (2023/24); where it is missing the caller's signal wins over the timeout.
      signal: signal ? (AbortSignal.any?.([signal, timeout]) ?? signal) : timeout,
    });
  } catch (error) {
    throw new SupportError('network_error', `Could not reach ${url.origin}: ${(error as Error).message}`);
  }
  // 204: the call succeeded and there is nothing to say (help feedback).
  if (response.status === 204) return undefined as T;
  const payload: unknown = await response.json().catch(() => undefined);
  if (response.ok && payload !== undefined) return payload as T;
  const retryAfter = Number(response.headers.get('retry-after'));
  const extra = {
    status: response.status,
    ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}),
  };
  if (isApiErrorBody(payload)) throw new SupportError(payload.error.code, payload.error.message, extra);
  throw new SupportError(
    response.ok ? 'invalid_request' : 'network_error',
    `Unexpected answer from the server (HTTP ${response.status})`,
    extra,
  );
}
