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
  let response: Response;
  try {
    response = await fetch(url, {
      method: options.method ?? 'GET',
      headers: options.body === undefined ? {} : { 'content-type': 'application/json' },
      body: options.body === undefined ? null : JSON.stringify(options.body),
      credentials: 'omit',
      signal: AbortSignal.timeout(http.timeoutMs ?? 15_000),
    });
  } catch (error) {
    throw new SupportError('network_error', `Could not reach ${url.origin}: ${(error as Error).message}`);
  }
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
