import { batch, type ReadonlySignal, signal } from '@preact/signals';
import type { Conversation } from '@topay-support/protocol';

/**
 * Every conversation the console knows, by id: the one copy both the inbox and the open conversation
 * read, so a socket update changes the row and the header in the same render.
 */
export interface ConversationStore {
  readonly byId: ReadonlySignal<ReadonlyMap<string, Conversation>>;
  upsert(conversations: readonly Conversation[]): void;
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
        for (const conversation of conversations) next.set(conversation.id, conversation);
        byId.value = next;
      });
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
