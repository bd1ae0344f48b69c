import { type ReadonlySignal, signal } from '@preact/signals';

export interface ChatModel {
  /** A first message to prefill, from `startChat(text)`; nothing is sent until chat exists. */
  readonly draft: ReadonlySignal<string>;
  /** The latest call decides the prefill, so `startChat()` after `startChat('…')` starts blank. */
  start(firstMessage?: string): void;
}

export function createChatModel(): ChatModel {
  const draft = signal('');
  return {
    draft,
    start(firstMessage) {
      draft.value = firstMessage ?? '';
    },
  };
}
