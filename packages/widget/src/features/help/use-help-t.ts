import { useT } from '../../app/context.js';
import type { MessageKey } from '../../i18n/en.js';
import type { HelpTranslate } from './messages.js';

/**
 * The widget's translator, typed with the help chunk's keys as well as the home ones. Sound once the chunk has
 * added its strings, which `HelpModel` does before any of its components renders (see `useChatT`).
 */
export function useHelpT(): HelpTranslate & ((key: MessageKey, values?: Record<string, string>) => string) {
  return useT() as unknown as HelpTranslate & ((key: MessageKey, values?: Record<string, string>) => string);
}
