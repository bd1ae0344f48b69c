import { computed, type ReadonlySignal, signal } from '@preact/signals';
import type { ConversationContext, Locale } from '@topay-support/protocol';
import { type EmitWidgetEvent, hasActiveChat, type Identity, type OpenChatRequest } from '@topay-support/sdk';
import { type ChunkStatus, createLazyChunk } from '../../app/lazy-chunk.js';
import type { ChatChunk } from './chunk.js';
import type { ChatBackend, ChatRoom } from './room.js';

export interface ChatModelOptions {
  /** The SDK client; without one (tests of other views) chat says it is unavailable. */
  backend: (ChatBackend & { merchantKey: string }) | undefined;
  visible: ReadonlySignal<boolean>;
  online: ReadonlySignal<boolean>;
  preChatForm: ReadonlySignal<boolean>;
  identity: ReadonlySignal<Identity | undefined>;
  /** The merchant's assistant answers first (`WidgetConfig.assistant.enabled`). */
  assistant: ReadonlySignal<boolean>;
  context(): ConversationContext;
  emit: EmitWidgetEvent;
  addResources(resources: Partial<Record<Locale, Readonly<Record<string, string>>>>): void;
  /** Fetches this feature's strings in the visitor's locale (`LocaleModel.featureStrings`). */
  featureStrings?: () => Promise<void>;
  setStyles(css: string): void;
}

export type ChatLoadStatus = ChunkStatus;

/** The home bundle's side of chat: a first message to keep, and the lazy chunk with the real chat room. */
export interface ChatModel {
  readonly status: ReadonlySignal<ChatLoadStatus>;
  readonly chunk: ReadonlySignal<ChatChunk | undefined>;
  readonly room: ReadonlySignal<ChatRoom | undefined>;
  /** `startChat(text)`'s text while chat is loading (or unavailable, to show what was not sent). */
  readonly draft: ReadonlySignal<string>;
  /** Agent messages the visitor has not seen: the launcher's badge. */
  readonly unread: ReadonlySignal<number>;
  /** The latest call decides the first message, so `startChat()` after `startChat('…')` starts blank. */
  start(firstMessage?: string): void;
  /** At page load: if this browser has an open chat or unsent messages, connect in the background. */
  resumeIfActive(): void;
  /** Loads the chunk again after a failure. */
  retry(): void;
  /** "Ask about this payment": the open conversation, or a new one about payments, with the payment attached. */
  ask(payment: NonNullable<OpenChatRequest['payment']>): void;
  /** The visitor signed out: forget the conversation on screen. */
  reset(): void;
  dispose(): void;
}

export function createChatModel(options: ChatModelOptions): ChatModel {
  const draft = signal('');
  // The chat chunk (views, room model, SDK chat session and socket.io-client) arrives only now.
  const lazy = createLazyChunk({
    source: options.backend,
    importChunk: () => import('./chunk.js'),
    strings: options.featureStrings,
    setup(module, backend) {
      options.addResources(module.CHAT_MESSAGES);
      options.setStyles(module.CHAT_CSS);
      return module.createChatRoom({ ...options, backend });
    },
  });
  const { status, chunk, feature: room, load } = lazy;

  return {
    status,
    chunk,
    room,
    draft,
    unread: computed(() => room.value?.unread.value ?? 0),
    start(firstMessage) {
      draft.value = firstMessage ?? '';
      void load().then((r) => {
        r?.start(draft.peek() || undefined);
        if (r) draft.value = '';
      });
    },
    resumeIfActive() {
      const backend = options.backend;
      if (backend && hasActiveChat(backend.merchantKey)) void load().then((r) => r?.resume());
    },
    ask(payment) {
      draft.value = '';
      void load().then((r) => r?.askAbout(payment));
    },
    retry() {
      void load().then((r) => r?.start());
    },
    reset() {
      room.peek()?.reset();
    },
    dispose: lazy.dispose,
  };
}
