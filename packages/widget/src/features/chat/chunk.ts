// The chat chunk's entry: everything behind `import('./chunk.js')`, loaded when the visitor first opens chat.
import type { Locale } from '@topay-support/protocol';
import { chatEn, chatZhCN } from './messages.js';

export { ChatScreen } from './ChatScreen.js';
export { createChatRoom } from './room.js';
export { CHAT_CSS } from './styles.js';

export const CHAT_MESSAGES: Record<Locale, Readonly<Record<string, string>>> = {
  en: chatEn,
  'zh-CN': chatZhCN,
};

export type ChatChunk = typeof import('./chunk.js');
