import type { ConversationRecord } from '../../storage/conversations.js';
import type { MessageRecord } from '../../storage/messages.js';

/**
 * What the chat service announces, once per fact, after the change is stored. The relay (sockets),
 * webhooks, email and the assistant all hear the same stream and each decides what it needs: nobody
 * calls back into the service to learn what happened.
 */
export type ChatEvent =
  | { type: 'conversation.created'; conversation: ConversationRecord }
  /** Status, assignee, read marks, rating, payment, assistant state: anything but a new message. */
  | { type: 'conversation.updated'; conversation: ConversationRecord }
  | { type: 'conversation.resolved'; conversation: ConversationRecord }
  /** Every stored message, internal notes included: each listener decides what leaves the server. */
  | { type: 'message.created'; conversation: ConversationRecord; message: MessageRecord };

export type ChatEventType = ChatEvent['type'];

/** A listener returns at once; slow work (a webhook row, an email) runs in its own background task. */
export type ChatListener = (event: ChatEvent) => void;

export interface ChatEventSource {
  /** Hears every event from now on; returns an unsubscribe. */
  subscribe(listener: ChatListener): () => void;
}

/**
 * The stream itself. Listeners are called in the order they subscribed; one that throws is logged and
 * does not keep the event from the others.
 */
export function createChatEventStream(logger?: { error(obj: object, msg: string): void }) {
  const listeners: ChatListener[] = [];
  return {
    subscribe(listener: ChatListener): () => void {
      listeners.push(listener);
      return () => {
        const index = listeners.indexOf(listener);
        if (index >= 0) listeners.splice(index, 1);
      };
    },
    publish(event: ChatEvent): void {
      for (const listener of listeners) {
        try {
          listener(event);
        } catch (error) {
          logger?.error({ err: error, event: event.type }, 'a chat event listener failed');
        }
      }
    },
  };
}
