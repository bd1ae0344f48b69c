import type { ConversationRecord } from '../../storage/conversations.js';
import type { MessageRecord } from '../../storage/messages.js';

/**
 * A plain-text transcript for the visitor: what was said, by whom, when (UTC). Internal notes are
 * never part of it; attachments are listed by name.
 */
export function renderTranscript(
  merchantName: string,
  conversation: ConversationRecord,
  messages: MessageRecord[],
): string {
  const time = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;
  const lines = [
    `${merchantName} — support conversation`,
    `Started ${time(conversation.createdAt)}${conversation.resolvedAt ? `, ended ${time(conversation.resolvedAt)}` : ''}`,
    '',
  ];
  for (const message of messages) {
    if (message.internal) continue;
    const author =
      message.authorType === 'visitor'
        ? 'You'
        : message.authorType === 'agent'
          ? (message.authorName ?? 'Agent')
          : message.authorType === 'bot'
            ? (message.authorName ?? 'Assistant')
            : 'System';
    lines.push(`[${time(message.createdAt)}] ${author}:`);
    for (const line of message.text.split('\n')) lines.push(`  ${line}`);
    // An assistant reply names the help articles it quotes, so the visitor can find them again.
    for (const source of message.sources ?? []) lines.push(`  (help article: ${source.title})`);
    for (const attachment of message.attachments) lines.push(`  (attachment: ${attachment.name})`);
  }
  return `${lines.join('\n')}\n`;
}
