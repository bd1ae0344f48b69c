import type { SocketErrorCode } from '@topay-support/protocol';

/** A refusal the chat domain explains to its caller; sockets and HTTP translate it to their shape. */
export class ChatError extends Error {
  override readonly name = 'ChatError';
  readonly code: SocketErrorCode;
  readonly retryAfterMs?: number;

  constructor(code: SocketErrorCode, message: string, retryAfterMs?: number) {
    super(message);
    this.code = code;
    if (retryAfterMs !== undefined) this.retryAfterMs = retryAfterMs;
  }
}
