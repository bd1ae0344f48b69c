import type { HandshakeErrorData } from '@topay-support/protocol';
import type { AppContext } from '../context.js';
import { IdentityRequiredError } from '../features/chat/visitors.js';
import { ApiError } from '../http/errors.js';

export class HandshakeError extends Error {
  readonly data: HandshakeErrorData;
  constructor(code: HandshakeErrorData['code'], message: string) {
    super(message);
    this.data = { code };
  }
}

export function toHandshakeError(error: unknown, ctx: AppContext): HandshakeError {
  if (error instanceof HandshakeError) return error;
  if (error instanceof IdentityRequiredError) return new HandshakeError('identity_rejected', error.message);
  if (error instanceof ApiError && error.code === 'unauthorized')
    return new HandshakeError('unauthorized', error.message);
  ctx.logger.error({ err: error }, 'socket handshake failed');
  return new HandshakeError('unauthorized', 'handshake failed');
}
