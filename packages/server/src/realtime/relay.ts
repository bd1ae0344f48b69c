import type { Message } from '@topay-support/protocol';
import type { AssistantEvent } from '../features/assistant/service.js';
import type { ChatEvent } from '../features/chat/events.js';
import type { ConversationRecord } from '../storage/conversations.js';
import type { MessageRecord } from '../storage/messages.js';
import type { RealtimeParts } from './namespaces.js';
import { rooms, visitorRooms } from './rooms.js';

/**
 * Turns the chat service's and the assistant's events into socket events, each to the sockets that
 * may see it. A new message is one `message:new` to each side (protocol 2): clients derive the
 * conversation's last message, unread count and wait from it (`agentConversationAfter`), so the
 * relay reads nothing from storage for a message. A change of the conversation itself (status,
 * assignee, read marks, rating) goes out as `conversation:updated`, built once per side.
 */
export function createRelay({ ctx, visitors, agents, services }: RealtimeParts) {
  const { chat, assistant } = services;
  const log = ctx.logger;

  function messageCreated(conversation: ConversationRecord, message: MessageRecord): void {
    ctx.metrics.messages.inc({ author: message.authorType });
    const event = { conversationId: conversation.id, message: chat.toMessage(message) };
    agents.to(rooms.merchantAgents(conversation.merchantId)).emit('message:new', event);
    if (!message.internal) visitors.to(visitorRooms(conversation)).emit('message:new', event);
  }

  function conversationChanged(conversation: ConversationRecord): void {
    chat.forAgent(conversation).then(
      (view) =>
        agents
          .to(rooms.merchantAgents(conversation.merchantId))
          .emit('conversation:updated', { conversation: view }),
      (error: unknown) => log.error({ err: error }, 'relaying a conversation to agents failed'),
    );
    chat.forVisitor(conversation).then(
      (view) => visitors.to(visitorRooms(conversation)).emit('conversation:updated', { conversation: view }),
      (error: unknown) => log.error({ err: error }, 'relaying a conversation to its visitor failed'),
    );
  }

  function onChatEvent(event: ChatEvent): void {
    switch (event.type) {
      case 'message.created':
        messageCreated(event.conversation, event.message);
        return;
      case 'conversation.created':
      case 'conversation.updated':
      case 'conversation.resolved':
        conversationChanged(event.conversation);
        return;
    }
  }

  function onAssistantEvent(event: AssistantEvent): void {
    switch (event.type) {
      case 'assistant.draft':
        // Volatile: a visitor who misses a draft simply waits for the stored reply.
        visitors.volatile.to(visitorRooms(event.conversation)).emit('assistant:draft', event.draft);
        return;
      case 'assistant.suggestion':
        agents
          .to(rooms.merchantAgents(event.conversation.merchantId))
          .emit('assistant:suggestion', event.suggestion);
        return;
    }
  }

  const unsubscribe = [chat.subscribe(onChatEvent), assistant.subscribe(onAssistantEvent)];

  /** Sends agents these messages again after a change (their email delivery). */
  function messagesUpdated(
    conversation: { id: string; merchantId: string },
    messages: MessageRecord[],
  ): void {
    for (const message of messages) {
      const wire: Message = chat.toMessage(message);
      agents
        .to(rooms.merchantAgents(conversation.merchantId))
        .emit('message:new', { conversationId: conversation.id, message: wire });
    }
  }

  return {
    messagesUpdated,
    stop(): void {
      for (const off of unsubscribe) off();
    },
  };
}
