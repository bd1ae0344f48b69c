import type { AuthorType, Conversation, Message, VisitorConversation } from './chat.js';

/**
 * What a new message does to "waiting for an agent": a visitor's message starts the wait (unless one
 * is already waiting), an agent's public answer ends it, anything else (an internal note, the
 * assistant, a system line) leaves it as it is. The server stores it with the message; clients apply
 * the same rule to `message:new` (protocol 2 sends no `conversation:updated` per message).
 */
export type WaitingChange = 'start' | 'end' | 'keep';

export function waitingChange(message: { authorType: AuthorType; internal: boolean }): WaitingChange {
  if (message.authorType === 'visitor') return 'start';
  if (message.authorType === 'agent' && !message.internal) return 'end';
  return 'keep';
}

export function waitingSinceAfter(
  waitingSince: string | null,
  message: { authorType: AuthorType; internal: boolean; createdAt: string },
): string | null {
  switch (waitingChange(message)) {
    case 'start':
      return waitingSince ?? message.createdAt;
    case 'end':
      return null;
    case 'keep':
      return waitingSince;
  }
}

/**
 * The agents' view of a conversation once `message` is stored in it, as the server would send it.
 * A message the view already counts (its seq is not past `lastSeq`) changes nothing, so a view
 * fetched after the message and the push of that message agree in either order.
 *
 * @example
 * conversation = agentConversationAfter(conversation, event.message); // on `message:new`
 */
export function agentConversationAfter(conversation: Conversation, message: Message): Conversation {
  if (message.seq <= conversation.lastSeq) return conversation;
  const fromVisitor = message.author.type === 'visitor';
  return {
    ...conversation,
    lastSeq: message.seq,
    lastMessage: message,
    updatedAt: message.createdAt,
    waitingSince: waitingSinceAfter(conversation.waitingSince, {
      authorType: message.author.type,
      internal: message.internal === true,
      createdAt: message.createdAt,
    }),
    unreadCount:
      fromVisitor && message.seq > conversation.agentReadSeq
        ? conversation.unreadCount + 1
        : conversation.unreadCount,
  };
}

/** The visitor's view of their conversation once `message` is stored in it. */
export function visitorConversationAfter(
  conversation: VisitorConversation,
  message: Message,
): VisitorConversation {
  return message.seq <= conversation.lastSeq ? conversation : { ...conversation, lastSeq: message.seq };
}
