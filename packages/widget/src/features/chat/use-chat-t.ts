import { useT } from '../../app/context.js';
import type { ChatTranslate } from './messages.js';

/**
 * The widget's translator, typed with chat's keys. The cast is sound once the chunk has added its strings
 * (`ChatModel` does that before any chat component renders); the home keys' type cannot list them statically
 * without putting chat's strings in the home bundle.
 */
export function useChatT(): ChatTranslate {
  return useT() as unknown as ChatTranslate;
}
