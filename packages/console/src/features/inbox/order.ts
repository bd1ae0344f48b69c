import type { Conversation, ConversationStatus } from '@topay-support/protocol';

/** When anything last happened in a conversation. */
export function lastActivity(conversation: Conversation): number {
  return Date.parse(conversation.lastMessage?.createdAt ?? conversation.createdAt);
}

/**
 * The order agents work each tab in:
 * - Open: complaints first (they must never be left unanswered), then the longest wait first, so the
 *   queue is fair rather than newest-first.
 * - Assigned: mine first, then the most recent activity.
 * - Resolved: most recently resolved first.
 */
export function sortForTab(
  list: Conversation[],
  status: ConversationStatus,
  agentId: string,
): Conversation[] {
  const byActivity = (a: Conversation, b: Conversation) => lastActivity(b) - lastActivity(a);
  switch (status) {
    case 'open':
      return list.sort(
        (a, b) =>
          Number(b.flagged) - Number(a.flagged) ||
          Date.parse(a.waitingSince ?? a.createdAt) - Date.parse(b.waitingSince ?? b.createdAt),
      );
    case 'assigned':
      return list.sort(
        (a, b) => Number(b.assignee?.id === agentId) - Number(a.assignee?.id === agentId) || byActivity(a, b),
      );
    case 'resolved':
      return list.sort(
        (a, b) =>
          Date.parse(b.resolvedAt ?? b.createdAt) - Date.parse(a.resolvedAt ?? a.createdAt) ||
          byActivity(a, b),
      );
  }
}

/** A case-insensitive match on what the row shows, for conversations that arrive while a search is on. */
export function matchesLocally(conversation: Conversation, query: string): boolean {
  const needle = query.toLocaleLowerCase();
  return [conversation.visitor.name, conversation.visitor.email, conversation.lastMessage?.text].some(
    (value) => value?.toLocaleLowerCase().includes(needle) === true,
  );
}
