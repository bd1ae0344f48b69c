// The help chunk's entry: everything behind `import('./chunk.js')`, loaded when the home view first shows (or a
// help command, or the chat composer's first message, asks for it).
import type { Locale } from '@topay-support/protocol';
import { helpEn, helpZhCN } from './messages.js';

export type { HelpCenter } from './center.js';
export { createHelpCenter } from './center.js';
export { Deflection } from './Deflection.js';
export { HelpScreen } from './HelpScreen.js';
export { HomeHelp } from './HomeHelp.js';
export { onSearchKey } from './nav.js';
export { HELP_CSS } from './styles.js';

export const HELP_MESSAGES: Record<Locale, Readonly<Record<string, string>>> = {
  en: helpEn,
  'zh-CN': helpZhCN,
};

export type HelpChunk = typeof import('./chunk.js');
