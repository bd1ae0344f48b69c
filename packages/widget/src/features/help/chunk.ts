// The help chunk's entry: everything behind `import('./chunk.js')`, loaded when the home view first shows (or a
// help command, or the chat composer's first message, asks for it).
import type { Locale } from '@topay-support/protocol';
import { helpZhCN } from './messages.zh-CN.js';

export type { HelpCenter } from './center.js';
export { createHelpCenter } from './center.js';
export { Deflection } from './deflection.js';
export { HelpScreen } from './help-screen.js';
export { HomeHelp } from './home-help.js';
export { HELP_CSS } from './styles.js';

export const HELP_MESSAGES: Partial<Record<Locale, Readonly<Record<string, string>>>> = {
  // Only the inlined default locale: the others' strings come with their locale chunk (`i18n/locales/`).
  'zh-CN': helpZhCN,
};

export type HelpChunk = typeof import('./chunk.js');
