import type { NewMessage } from './messages.js';

/** The conversation does not exist, or `onlyForVisitor` named someone else or it has ended. */
export class ConversationUnavailableError extends Error {
  override readonly name = 'ConversationUnavailableError';
}

/** Why an append found no conversation to take the next seq of. */
export function conversationUnavailable(input: NewMessage): ConversationUnavailableError {
  return new ConversationUnavailableError(
    input.onlyForVisitor === undefined
      ? `no conversation ${input.conversationId}`
      : `no open conversation ${input.conversationId} of this visitor`,
  );
}
