import { useT } from '../../app/context.js';
import type { MessageKey } from '../../i18n/en.js';
import type { PaymentsKey, PaymentsTranslate } from './messages.js';

/**
 * The widget's translator, typed with the payments chunk's keys as well as the home ones. Sound once the chunk has
 * added its strings, which `PaymentsModel` does before any of its components renders (see `useChatT`).
 */
export function usePaymentsT(): PaymentsTranslate &
  ((key: MessageKey, values?: Record<string, string>) => string) {
  return useT() as unknown as PaymentsTranslate &
    ((key: MessageKey, values?: Record<string, string>) => string);
}

export type { PaymentsKey };
