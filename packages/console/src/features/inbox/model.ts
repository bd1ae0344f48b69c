import { type ReadonlySignal, signal } from '@preact/signals';
import type { ConversationStatus } from '@topay-support/protocol';

export interface InboxModel {
  /** Which conversations the list shows; the agent API filters by the same statuses. */
  readonly filter: ReadonlySignal<ConversationStatus>;
  setFilter(status: ConversationStatus): void;
}

/**
 * The inbox's state. Conversations join it with the chat relay; until then it holds only the filter,
 * and the list says plainly that there is nothing to show.
 *
 * @example
 * const inbox = createInboxModel();
 * inbox.setFilter('assigned');
 */
export function createInboxModel(): InboxModel {
  const filter = signal<ConversationStatus>('open');
  return {
    filter,
    setFilter(status) {
      filter.value = status;
    },
  };
}
