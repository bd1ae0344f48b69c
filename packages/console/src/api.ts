import {
  type AgentLoginRequest,
  type AgentLoginResponse,
  type AgentMeResponse,
  type ApiErrorCode,
  isApiErrorBody,
} from '@topay-support/protocol';

/** Every code the server sends, plus `network_error` for requests that never got a usable answer. */
export type ApiFailureCode = ApiErrorCode | 'network_error';

/**
 * The one error every console API call rejects with, so views branch on `code` alone whether the
 * server refused, a proxy answered with HTML, or the network was down.
 */
export class ApiFailure extends Error {
  override readonly name = 'ApiFailure';
  readonly code: ApiFailureCode;
  /** HTTP status when a server answered; absent when the request never got through. */
  readonly status: number | undefined;
  /** How long to wait before retrying, when the server said so (`Retry-After`). */
  readonly retryAfterMs: number | undefined;

  constructor(
    code: ApiFailureCode,
    message: string,
    options: { status?: number; retryAfterMs?: number } = {},
  ) {
    super(message);
    this.code = code;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
  }
}

export interface ConsoleApi {
  /** `POST /v1/agent/login`. */
  login(credentials: AgentLoginRequest): Promise<AgentLoginResponse>;
  /** `GET /v1/agent/me`; rejects with `unauthorized` once the token is invalid or expired. */
  me(token: string): Promise<AgentMeResponse>;
}

export interface ApiOptions {
  /** Give up on a request that has not answered by then. */
  timeoutMs?: number;
}

export interface ApiRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  token?: string;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as is instead of `body`: an upload's bytes and their media type. */
  raw?: { bytes: ArrayBuffer; contentType: string };
  /** Extra request headers, e.g. an upload's `X-File-Name`. */
  headers?: Readonly<Record<string, string>>;
  /** Overrides the requester's timeout: an upload of 10 MB needs longer than a JSON call. */
  timeoutMs?: number;
  /** Aborts the request, e.g. when the agent removes a file that is still uploading. */
  signal?: AbortSignal;
}

/** Sends one JSON request and resolves with the parsed answer (`undefined` for 204), or rejects with an `ApiFailure`. */
export type Requester = <T>(path: string, init: ApiRequest) => Promise<T>;

/** `Retry-After` is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
function parseRetryAfter(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return seconds > 0 ? seconds * 1000 : undefined;
  const at = Date.parse(header);
  return Number.isNaN(at) || at <= now ? undefined : at - now;
}

/**
 * A small typed client for the agent HTTP API.
 *
 * @param baseUrl `''` in the browser, so requests stay same-origin and relative; tests pass the
 *   server's URL because jsdom has no origin to resolve against.
 * @example
 * const api = createApi('');
 * const { token } = await api.login({ email, password });
 */
export function createApi(baseUrl: string, options: ApiOptions = {}): ConsoleApi {
  const request = createRequester(baseUrl, options);
  return {
    login: (credentials) =>
      request<AgentLoginResponse>('/v1/agent/login', { method: 'POST', body: credentials }),
    me: (token) => request<AgentMeResponse>('/v1/agent/me', { method: 'GET', token }),
  };
}

/**
 * The JSON request every console API call goes through: one place for timeouts, credentials and
 * mapping every failure to an `ApiFailure`.
 *
 * @example
 * const request = createRequester('');
 * const me = await request<AgentMeResponse>('/v1/agent/me', { method: 'GET', token });
 */
export function createRequester(baseUrl: string, options: ApiOptions = {}): Requester {
  const root = baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 15_000;

  return async function request<T>(path: string, init: ApiRequest): Promise<T> {
    const headers: Record<string, string> = { ...init.headers, accept: 'application/json' };
    if (init.raw) headers['content-type'] = init.raw.contentType;
    else if (init.body !== undefined) headers['content-type'] = 'application/json';
    if (init.token !== undefined) headers.authorization = `Bearer ${init.token}`;
    const timeout = AbortSignal.timeout(init.timeoutMs ?? timeoutMs);
    let response: Response;
    try {
      response = await fetch(`${root}${path}`, {
        method: init.method,
        headers,
        body: init.raw ? init.raw.bytes : init.body === undefined ? null : JSON.stringify(init.body),
        // The bearer token is the only credential; cookies would only widen what a CSRF could reach.
        credentials: 'omit',
        cache: 'no-store',
        signal: init.signal ? AbortSignal.any([timeout, init.signal]) : timeout,
      });
    } catch (error) {
      throw new ApiFailure('network_error', `Could not reach the server: ${(error as Error).message}`);
    }
    // 204 has no body by definition; the caller typed it `void`.
    if (response.status === 204) return undefined as T;
    const payload: unknown = await response.json().catch(() => undefined);
    if (response.ok && payload !== undefined) return payload as T;
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), Date.now());
    const extra = { status: response.status, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
    if (isApiErrorBody(payload)) throw new ApiFailure(payload.error.code, payload.error.message, extra);
    // Not our JSON: a proxy's error page or a half-deployed server. To the agent that is "unreachable".
    throw new ApiFailure(
      'network_error',
      `Unexpected answer from the server (HTTP ${response.status})`,
      extra,
    );
  };
}
