import { ASSISTANT_MODES, type AssistantMode, LIMITS } from '@topay-support/protocol';
import type { AssistantSettings, MerchantRecord } from '../../storage/types.js';

/** The name its replies carry when the merchant chose none. */
export const DEFAULT_ASSISTANT_NAME = 'Assistant';
/** A persona longer than this is cut: it goes into every prompt. */
export const PERSONA_MAX_LENGTH = 1000;

/**
 * A merchant's assistant settings with defaults applied. Settings are JSON an operator wrote, so an
 * unknown mode reads as `off` rather than as something the assistant might do.
 */
export function assistantSettings(merchant: Pick<MerchantRecord, 'settings'>): Required<
  Pick<AssistantSettings, 'mode' | 'name'>
> & {
  persona?: string;
} {
  const raw = merchant.settings.assistant;
  const mode: AssistantMode = ASSISTANT_MODES.includes(raw?.mode as AssistantMode) ? raw!.mode : 'off';
  const name =
    typeof raw?.name === 'string' && raw.name.trim()
      ? raw.name.trim().slice(0, LIMITS.nameLength)
      : DEFAULT_ASSISTANT_NAME;
  const persona =
    typeof raw?.persona === 'string' && raw.persona.trim()
      ? raw.persona.trim().slice(0, PERSONA_MAX_LENGTH)
      : undefined;
  return { mode, name, ...(persona ? { persona } : {}) };
}
