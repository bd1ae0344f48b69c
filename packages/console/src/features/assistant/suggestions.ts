import { type ReadonlySignal, signal } from '@preact/signals';
import type { AssistantSuggestion } from '@topay-support/protocol';

/**
 * `suggest` mode (docs/assistant.md): the assistant's drafted answer per conversation, shown to agents above
 * the reply box until one of them uses it, dismisses it, or answers the visitor another way.
 */
export interface SuggestionsModel {
  readonly byConversation: ReadonlySignal<ReadonlyMap<string, AssistantSuggestion>>;
  /** A newer suggestion (for a later visitor message) replaces the one shown. */
  receive(suggestion: AssistantSuggestion): void;
  dismiss(conversationId: string): void;
}

export function createSuggestionsModel(): SuggestionsModel {
  const byConversation = signal<ReadonlyMap<string, AssistantSuggestion>>(new Map());
  return {
    byConversation,
    receive(suggestion) {
      const known = byConversation.peek().get(suggestion.conversationId);
      if (known && known.seq > suggestion.seq) return;
      byConversation.value = new Map(byConversation.peek()).set(suggestion.conversationId, suggestion);
    },
    dismiss(conversationId) {
      if (!byConversation.peek().has(conversationId)) return;
      const next = new Map(byConversation.peek());
      next.delete(conversationId);
      byConversation.value = next;
    },
  };
}
