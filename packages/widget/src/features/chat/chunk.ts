// The chat chunk's entry: everything behind `import('./chunk.js')`, loaded when the visitor first opens chat.
import type { Locale } from '@topay-support/protocol';
import { chatZhCN } from './messages.zh-CN.js';

export { ChatScreen } from './chat-screen.js';
export { createChatRoom } from './room.js';
export { CHAT_CSS } from './styles.js';

export const CHAT_MESSAGES: Partial<Record<Locale, Readonly<Record<string, string>>>> = {
  // Only the inlined default locale: the others' strings come with their locale chunk (`i18n/locales/`).
  'zh-CN': chatZhCN,
};

export type ChatChunk = typeof import('./chunk.js');
