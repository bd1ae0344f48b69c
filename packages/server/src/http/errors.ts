import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { API_ERROR_STATUS, type ApiErrorBody, type ApiErrorCode } from '@topay-support/protocol';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { ChatError } from '../features/chat/errors.js';

/** An error the API reports to its caller as `{ error: { code, message } }` with the code's status. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly code: ApiErrorCode;
  readonly statusCode: number;
  /** Whole seconds; sent as `Retry-After` and as `error.retryAfter`. */
  readonly retryAfter: number | undefined;

  constructor(code: ApiErrorCode, message: string, options: { retryAfter?: number } = {}) {
    super(message);
    this.code = code;
    this.statusCode = API_ERROR_STATUS[code];
    this.retryAfter = options.retryAfter;
  }
}

export function errorBody(code: ApiErrorCode, message: string): ApiErrorBody {
  return { error: { code, message } };
}

function describeZodError(error: ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid request';
  const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return `${where}${issue.message}`;
}

/**
 * Our own words for the framework's errors: fastify's messages quote the URL or the request, and a
 * caller's bytes have no place in an error message.
 */
const FRAMEWORK_ERRORS: Readonly<Record<string, { code: ApiErrorCode; message: string }>> = {
  FST_ERR_BAD_URL: { code: 'invalid_request', message: 'The URL has a malformed percent-encoding' },
  FST_ERR_MAX_PARAM_LENGTH: { code: 'invalid_request', message: 'A part of the URL is too long' },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'too_large', message: 'The request body is too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'unsupported_media_type',
    message: 'This route does not read a body of this Content-Type',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: 'invalid_request',
    message: 'The request body does not match its Content-Length',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'invalid_request', message: 'The JSON body is empty' },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'invalid_request', message: 'The request body is not valid JSON' },
};

/** The methods a route may answer; `findRoute` tells which of them the requested path has. */
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/**
 * The methods the path has routes for. Catch-all routes (static files, CORS preflights under a
 * prefix) say nothing about a particular path, so only routes that match it by name count.
 */
function allowedMethods(app: FastifyInstance, path: string): string[] {
  return METHODS.filter((method) => {
    const route = app.findRoute({ method, url: path });
    return route !== null && !('*' in route.params);
  });
}

function send(reply: FastifyReply, code: ApiErrorCode, message: string): FastifyReply {
  return reply
    .status(API_ERROR_STATUS[code])
    .type('application/json; charset=utf-8')
    .send(errorBody(code, message));
}

/** A response for errors the framework raises before any route runs (see `frameworkErrors`). */
export function onFrameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const known = FRAMEWORK_ERRORS[error.code];
  if (known) send(reply, known.code, known.message);
  else send(reply, 'invalid_request', 'The request is malformed');
}

/** Node's parser errors that have a status of their own; every other one is a 400. */
const CLIENT_ERRORS: Readonly<Record<string, { code: ApiErrorCode; message: string }>> = {
  ERR_HTTP_REQUEST_TIMEOUT: { code: 'request_timeout', message: 'The request did not arrive in time' },
  HPE_HEADER_OVERFLOW: { code: 'headers_too_large', message: 'The request headers are too large' },
};

/**
 * Requests Node's HTTP parser refuses (a broken request line, a header without a colon, headers too
 * large, too slow) never reach fastify: the answer is written on the socket, still in our shape.
 */
export function onClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  // A reset or closed connection has no one left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const { code, message } = (error.code && CLIENT_ERRORS[error.code]) || {
    code: 'invalid_request',
    message: 'The request is not valid HTTP',
  };
  const status = API_ERROR_STATUS[code];
  const body = JSON.stringify(errorBody(code, message));
  if (!socket.writable) {
    socket.destroy(error);
    return;
  }
  // end, not write and destroy: destroying at once can drop the answer before it is flushed.
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
  // A client that never reads must not hold the socket open.
  setTimeout(() => socket.destroy(), 5_000).unref();
}

/** A path for an error message: printable ASCII only, percent-encoded otherwise, and short. */
function quotePath(url: string): string {
  const path = url.split('?')[0] ?? '';
  const safe = path.replace(/[^A-Za-z0-9\-._~/%:@!$+,;=]/g, (char) =>
    Buffer.from(char)
      .toString('hex')
      .replace(/../g, (byte) => `%${byte.toUpperCase()}`),
  );
  return safe.length > 200 ? `${safe.slice(0, 200)}…` : safe;
}

/** Maps every failure, ours or the framework's, to the API's one error shape. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | ApiError | ZodError | ChatError, request, reply) => {
    if (error instanceof ApiError) {
      if (error.retryAfter === undefined) {
        return reply.status(error.statusCode).send(errorBody(error.code, error.message));
      }
      reply.header('retry-after', error.retryAfter);
      return reply
        .status(error.statusCode)
        .send({ error: { code: error.code, message: error.message, retryAfter: error.retryAfter } });
    }
    if (error instanceof ChatError) {
      if (error.code === 'internal') request.log.error({ err: error }, 'chat failure');
      if (error.retryAfterMs !== undefined) reply.header('retry-after', Math.ceil(error.retryAfterMs / 1000));
      return reply.status(API_ERROR_STATUS[error.code]).send(errorBody(error.code, error.message));
    }
    if (error instanceof ZodError) {
      return reply.status(400).send(errorBody('invalid_request', describeZodError(error)));
    }
    const status = error.statusCode ?? 500;
    if (status === 429) {
      return reply.status(429).send(errorBody('rate_limited', 'Too many requests; try again later'));
    }
    const known = typeof error.code === 'string' ? FRAMEWORK_ERRORS[error.code] : undefined;
    if (known) return send(reply, known.code, known.message);
    if (status >= 400 && status < 500) {
      // Other framework errors are described in our words; a plugin's own 4xx keeps its message.
      const message = error.code?.startsWith('FST_') ? 'The request is malformed' : error.message;
      return reply.status(400).send(errorBody('invalid_request', message));
    }
    request.log.error({ err: error }, 'request failed');
    return reply.status(500).send(errorBody('internal', 'Something went wrong on our side'));
  });
  app.setNotFoundHandler((request, reply) => {
    const allowed = allowedMethods(app, request.url.split('?')[0] ?? '/');
    if (allowed.length > 0) {
      reply.header('allow', allowed.join(', '));
      return send(
        reply,
        'method_not_allowed',
        `${request.method} is not allowed here; use ${allowed.join(', ')}`,
      );
    }
    return send(reply, 'not_found', `No route for ${request.method} ${quotePath(request.url)}`);
  });
}
