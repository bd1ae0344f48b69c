import { describe, expect, it } from 'vitest';
import { renderTranscript } from '../src/features/chat/transcript.js';
import type { ConversationRecord } from '../src/storage/conversations.js';
import type { MessageRecord } from '../src/storage/messages.js';

const at = '2026-12-07T02:00:00.000Z';
const message = (patch: Partial<MessageRecord>): MessageRecord => ({
  id: 'm',
  conversationId: 'c',
  seq: 1,
  clientId: 'x',
  authorType: 'visitor',
  authorId: 'v',
  authorName: null,
  text: '',
  internal: false,
  redacted: false,
  createdAt: at,
  attachments: [],
  sources: [],
  ...patch,
});

describe('renderTranscript', () => {
  it("names the assistant and the articles its replies quote, and leaves out agents' notes", () => {
    const text = renderTranscript('Shop', { createdAt: at, resolvedAt: null } as ConversationRecord, [
      message({ text: '付款失败了怎么办' }),
      message({
        authorType: 'bot',
        authorId: 'assistant:m',
        authorName: 'Topay 助手',
        text: '帮助中心《付款失败怎么办？》里是这样说的：…',
        sources: [{ slug: 'payment-failed', title: '付款失败怎么办？', locale: 'zh-CN' }],
      }),
      message({ authorType: 'agent', authorName: 'Ann', text: 'note', internal: true }),
    ]);
    expect(text).toContain('] You:\n  付款失败了怎么办');
    expect(text).toContain('] Topay 助手:\n  帮助中心');
    expect(text).toContain('(help article: 付款失败怎么办？)');
    expect(text).not.toContain('note');
  });
});
