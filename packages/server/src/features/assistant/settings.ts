import { ASSISTANT_MODES, type AssistantMode, LIMITS } from '@topay-support/protocol';
import type { AssistantSettings, MerchantRecord } from '../../storage/merchants.js';

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

/** A bad `--assistant…` value: reported to the operator as one line, nothing written. */
export class AssistantSettingError extends Error {
  override readonly name = 'AssistantSettingError';
}

/** `merchant update --assistant <mode> --assistant-name <name> --assistant-persona <text>`. */
export interface AssistantOptions {
  assistant?: string;
  assistantName?: string;
  /** `false` for `--no-assistant-persona`. */
  assistantPersona?: string | false;
}

/** The merchant's assistant settings with the CLI's flags applied; `undefined` when no flag was given. */
export function applyAssistantOptions(
  current: AssistantSettings | undefined,
  options: AssistantOptions,
): AssistantSettings | undefined {
  if (
    options.assistant === undefined &&
    options.assistantName === undefined &&
    options.assistantPersona === undefined
  )
    return undefined;
  const mode = options.assistant ?? current?.mode ?? 'off';
  if (!ASSISTANT_MODES.includes(mode as AssistantMode))
    throw new AssistantSettingError(
      `--assistant must be one of ${ASSISTANT_MODES.join(', ')}, got "${mode}"`,
    );
  const name = (options.assistantName ?? current?.name ?? DEFAULT_ASSISTANT_NAME).trim();
  if (!name || name.length > LIMITS.nameLength)
    throw new AssistantSettingError(`--assistant-name must be 1 to ${LIMITS.nameLength} characters`);
  const persona =
    options.assistantPersona === false ? undefined : (options.assistantPersona ?? current?.persona)?.trim();
  if (persona && persona.length > PERSONA_MAX_LENGTH)
    throw new AssistantSettingError(`--assistant-persona must be at most ${PERSONA_MAX_LENGTH} characters`);
  return { mode: mode as AssistantMode, name, ...(persona ? { persona } : {}) };
}
