import { API_ERROR_STATUS, type ApiErrorBody, type ApiErrorCode } from '@topay-support/protocol';
import type { FastifyError, FastifyInstance } from 'fastify';
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
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.status(413).send(errorBody('too_large', 'The request body is too large'));
    }
    if (status >= 400 && status < 500) {
      return reply.status(400).send(errorBody('invalid_request', error.message));
    }
    request.log.error({ err: error }, 'request failed');
    return reply.status(500).send(errorBody('internal', 'Something went wrong on our side'));
  });
  app.setNotFoundHandler((request, reply) => {
    reply
      .status(404)
      .send(errorBody('not_found', `No route for ${request.method} ${request.url.split('?')[0]}`));
  });
}
