import type { AssistantRelay } from '../features/assistant/service.js';
import type { ChatRelay } from '../features/chat/service.js';
import type { MessageRecord } from '../storage/types.js';
import type { RealtimeParts } from './namespaces.js';
import { rooms, visitorRooms } from './rooms.js';

/** Turns domain events into socket events, each to the sockets that may see it. */
export function createRelay({ ctx, visitors, agents, services }: RealtimeParts) {
  const log = ctx.logger;

  const relay: ChatRelay = {
    messageCreated(conversation, message) {
      const chat = services.chat;
      if (!chat) return;
      ctx.metrics.messages.inc({ author: message.authorType });
      const wire = chat.toMessage(message);
      agents.to(rooms.merchantAgents(conversation.merchantId)).emit('message:new', {
        conversationId: conversation.id,
        message: wire,
      });
      if (!message.internal) {
        visitors
          .to(visitorRooms(conversation))
          .emit('message:new', { conversationId: conversation.id, message: wire });
      }
    },
    conversationChanged(conversation, lastMessage) {
      const chat = services.chat;
      if (!chat) return;
      const service = chat;
      service.forAgent(conversation, lastMessage).then(
        (dto) =>
          agents
            .to(rooms.merchantAgents(conversation.merchantId))
            .emit('conversation:updated', { conversation: dto }),
        (error: unknown) => log.error({ err: error }, 'relaying a conversation to agents failed'),
      );
      service.forVisitor(conversation).then(
        (dto) => visitors.to(visitorRooms(conversation)).emit('conversation:updated', { conversation: dto }),
        (error: unknown) => log.error({ err: error }, 'relaying a conversation to its visitor failed'),
      );
    },
  };

  const assistantRelay: AssistantRelay = {
    draft(conversation, draft) {
      // Volatile: a visitor who misses a draft simply waits for the stored reply.
      visitors.volatile.to(visitorRooms(conversation)).emit('assistant:draft', draft);
    },
    suggestion(conversation, suggestion) {
      agents.to(rooms.merchantAgents(conversation.merchantId)).emit('assistant:suggestion', suggestion);
    },
  };

  /** Sends agents these messages again after a change (their email delivery). */
  function messagesUpdated(
    conversation: { id: string; merchantId: string },
    messages: MessageRecord[],
  ): void {
    const chat = services.chat;
    if (!chat) return;
    for (const message of messages) {
      agents
        .to(rooms.merchantAgents(conversation.merchantId))
        .emit('message:new', { conversationId: conversation.id, message: chat.toMessage(message) });
    }
  }

  return { relay, assistantRelay, messagesUpdated };
}
