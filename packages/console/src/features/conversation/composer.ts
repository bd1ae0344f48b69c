import { computed, type ReadonlySignal, signal } from '@preact/signals';
import { LIMITS } from '@topay-support/protocol';
import type { UploadsModel } from '../attachments/uploads.js';
import type { AgentTransport } from '../realtime/transport.js';
import type { Outbox } from './outbox.js';

export interface Draft {
  text: string;
  /** An internal note: stored for agents only, never sent to the visitor. */
  internal: boolean;
  /** Send was pressed while files were still uploading: the reply goes out once they are stored. */
  queued: boolean;
}

export interface ComposerModel {
  /** Drafts by conversation id, so switching conversations never loses a half-written reply. */
  readonly drafts: ReadonlySignal<ReadonlyMap<string, Draft>>;
  draft(conversationId: string): ReadonlySignal<Draft>;
  setText(conversationId: string, text: string): void;
  setInternal(conversationId: string, internal: boolean): void;
  /**
   * Hands the draft and its finished uploads to the outbox, or queues it while uploads are running;
   * false when there is nothing (or too much) to send, or a file failed and needs the agent's decision.
   */
  submit(conversationId: string): boolean;
  dispose(): void;
}

export interface ComposerOptions {
  transport: AgentTransport;
  outbox: Outbox;
  uploads: UploadsModel;
  /** At most one typing signal per this interval (the visitor's indicator times out on its own). */
  typingIntervalMs?: number;
  now?: () => number;
}

const EMPTY: Draft = { text: '', internal: false, queued: false };

/**
 * @example
 * const composer = createComposerModel({ transport, outbox });
 * composer.setText(id, 'Hello');
 * composer.submit(id);
 */
export function createComposerModel(options: ComposerOptions): ComposerModel {
  const { transport, outbox, uploads } = options;
  const now = options.now ?? Date.now;
  const interval = options.typingIntervalMs ?? 2_000;
  const drafts = signal<ReadonlyMap<string, Draft>>(new Map());
  // Per conversation: what the visitor was last told, when, and a trailing update waiting its turn.
  const typing = new Map<string, { shown: boolean; at: number; timer?: ReturnType<typeof setTimeout> }>();

  function write(conversationId: string, patch: Partial<Draft>) {
    const next = new Map(drafts.peek());
    next.set(conversationId, { ...(next.get(conversationId) ?? EMPTY), ...patch });
    drafts.value = next;
  }

  /** Throttled with a trailing edge, so the last state (typing or not) always reaches the visitor. */
  function signalTyping(conversationId: string, wanted: boolean) {
    const entry = typing.get(conversationId) ?? { shown: false, at: -Infinity };
    typing.set(conversationId, entry);
    clearTimeout(entry.timer);
    entry.timer = undefined;
    if (entry.shown === wanted && (!wanted || now() - entry.at < interval)) return;
    const wait = entry.at + interval - now();
    const emit = () => {
      entry.timer = undefined;
      entry.shown = wanted;
      entry.at = now();
      transport.signal('typing', { conversationId, typing: wanted });
    };
    if (wait <= 0) emit();
    else entry.timer = setTimeout(emit, wait);
  }

  function submit(conversationId: string): boolean {
    const draft = drafts.peek().get(conversationId) ?? EMPTY;
    const text = draft.text.trim();
    const files = uploads.list(conversationId);
    // A failed file is the agent's call (retry or remove); sending without it could go unnoticed.
    const blocked =
      text.length > LIMITS.messageLength ||
      (text === '' && files.length === 0) ||
      files.some((file) => file.state === 'failed');
    if (blocked) {
      if (draft.queued) write(conversationId, { queued: false });
      return false;
    }
    if (files.some((file) => file.state === 'uploading')) {
      write(conversationId, { queued: true });
      return true;
    }
    // Keep the note toggle as it was: agents often write several notes in a row.
    write(conversationId, { text: '', queued: false });
    outbox.send(conversationId, text, draft.internal, uploads.take(conversationId));
    signalTyping(conversationId, false);
    return true;
  }

  // A queued reply leaves as soon as its last upload settles (or stays, unqueued, if one failed).
  const stopUploads = uploads.onChange((conversationId) => {
    const draft = drafts.peek().get(conversationId);
    if (!draft?.queued) return;
    const files = uploads.list(conversationId);
    if (files.some((file) => file.state === 'uploading')) return;
    submit(conversationId);
  });

  return {
    drafts,
    draft: (conversationId) => computed(() => drafts.value.get(conversationId) ?? EMPTY),
    setText(conversationId, text) {
      write(conversationId, { text });
      const internal = drafts.peek().get(conversationId)?.internal ?? false;
      // A note is none of the visitor's business, not even that one is being written.
      signalTyping(conversationId, !internal && text.trim() !== '');
    },
    setInternal(conversationId, internal) {
      write(conversationId, { internal });
      const text = drafts.peek().get(conversationId)?.text ?? '';
      signalTyping(conversationId, !internal && text.trim() !== '');
    },
    submit,
    dispose() {
      stopUploads();
      for (const entry of typing.values()) clearTimeout(entry.timer);
      typing.clear();
    },
  };
}
