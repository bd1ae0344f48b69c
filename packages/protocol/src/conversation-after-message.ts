import type { Conversation, Message, VisitorConversation } from './chat.js';
import { nextWaitingSince } from './waiting-since.js';

/**
 * The agents' view of a conversation once `message` is stored in it, as the server would send it
 * (protocol 2 sends no `conversation:updated` per message: clients apply this to `message:new`).
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
    waitingSince: nextWaitingSince(conversation.waitingSince, message),
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
