import { batch, type ReadonlySignal, signal } from '@preact/signals';
import { agentConversationAfter, type Conversation, type Message } from '@topay-support/protocol';

/**
 * Every conversation the console knows, by id: the one copy both the inbox and the open conversation
 * read, so a socket update changes the row and the header in the same render.
 */
export interface ConversationStore {
  readonly byId: ReadonlySignal<ReadonlyMap<string, Conversation>>;
  /** Newer copies from the server; a copy older than a message already applied keeps that message. */
  upsert(conversations: readonly Conversation[]): void;
  /**
   * A `message:new` push: the conversation as the server now has it (protocol 2 sends no update per
   * message). False when the conversation is not known here, so the caller can fetch it.
   */
  applyMessage(conversationId: string, message: Message): boolean;
  remove(id: string): void;
  get(id: string): Conversation | undefined;
}

/**
 * @example
 * const store = createConversationStore();
 * store.upsert([conversation]);
 */
export function createConversationStore(): ConversationStore {
  const byId = signal<ReadonlyMap<string, Conversation>>(new Map());
  return {
    byId,
    upsert(conversations) {
      if (conversations.length === 0) return;
      batch(() => {
        const next = new Map(byId.peek());
        for (const conversation of conversations) {
          const held = next.get(conversation.id);
          // Read before a message whose push already arrived: the push's changes still hold.
          const newer =
            held?.lastMessage && held.lastSeq > conversation.lastSeq
              ? agentConversationAfter(conversation, held.lastMessage)
              : conversation;
          next.set(conversation.id, newer);
        }
        byId.value = next;
      });
    },
    applyMessage(conversationId, message) {
      const held = byId.peek().get(conversationId);
      if (!held) return false;
      const next = agentConversationAfter(held, message);
      if (next !== held) byId.value = new Map(byId.peek()).set(conversationId, next);
      return true;
    },
    remove(id) {
      if (!byId.peek().has(id)) return;
      const next = new Map(byId.peek());
      next.delete(id);
      byId.value = next;
    },
    get: (id) => byId.peek().get(id),
  };
}
