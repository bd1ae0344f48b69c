import { type ReadonlySignal, signal } from '@preact/signals';
import { ATTACHMENT_TYPES, type Attachment, LIMITS } from '@topay-support/protocol';
import { ApiFailure, type ApiFailureCode } from '../../api.js';

/**
 * A file on its way to the server, shown as a chip above the reply box.
 * - `uploading`: the bytes are being sent.
 * - `ready`: stored; `attachment.id` goes into the message.
 * - `failed`: `failure` says why; `too_large` and `invalid_request` cannot be fixed by retrying.
 */
export interface PendingUpload {
  key: string;
  /** The file's own name: untrusted (it can be anything the agent's disk or clipboard holds). */
  name: string;
  size: number;
  state: 'uploading' | 'ready' | 'failed';
  attachment?: Attachment;
  failure?: ApiFailureCode;
}

export interface UploadsModel {
  /** Chips by conversation id, so switching conversations keeps each one's files. */
  readonly byConversation: ReadonlySignal<ReadonlyMap<string, readonly PendingUpload[]>>;
  list(conversationId: string): readonly PendingUpload[];
  /** Starts uploading; false when some files were left out because a message holds at most five. */
  add(conversationId: string, files: readonly File[]): boolean;
  retry(conversationId: string, key: string): void;
  /** Drops a chip, aborting its upload if it is still running. */
  remove(conversationId: string, key: string): void;
  /** The finished uploads, removing every chip: called when the message that carries them is queued. */
  take(conversationId: string): Attachment[];
  /** Called after every change of a conversation's chips (an upload finishing, failing or removed). */
  onChange(listener: (conversationId: string) => void): () => void;
  dispose(): void;
}

export interface UploadsOptions {
  upload(file: Blob, name: string, signal: AbortSignal): Promise<Attachment>;
  newKey?: () => string;
}

/** Failures a retry cannot fix: the same bytes would be refused again. */
export function isPermanentUploadFailure(failure: ApiFailureCode | undefined): boolean {
  return failure === 'too_large' || failure === 'invalid_request';
}

/** Checked before any byte is sent; the server checks again by content, which is what counts. */
function precheck(file: File): ApiFailureCode | undefined {
  if (file.size > LIMITS.attachmentBytes) return 'too_large';
  if (file.size === 0) return 'invalid_request';
  // An empty type is common (unknown extensions, some clipboards): let the server sniff it.
  if (file.type !== '' && !(ATTACHMENT_TYPES as readonly string[]).includes(file.type))
    return 'invalid_request';
  return undefined;
}

let sequence = 0;

/**
 * Uploads over HTTP as soon as a file is picked or pasted, so pressing Send rarely waits. The bytes
 * stay here (in memory) only until the upload is done; the outbox only ever sees the server's ids.
 *
 * @example
 * const uploads = createUploadsModel({ upload: api.uploadAttachment });
 * uploads.add(conversationId, [...input.files]);
 * const attachments = uploads.take(conversationId);
 */
export function createUploadsModel(options: UploadsOptions): UploadsModel {
  const newKey = options.newKey ?? (() => `upload-${++sequence}`);
  const byConversation = signal<ReadonlyMap<string, readonly PendingUpload[]>>(new Map());
  // What a retry needs, by key: the file itself (until it is stored) and the way to abort it.
  const held = new Map<string, { file: File; controller?: AbortController }>();
  const listeners = new Set<(conversationId: string) => void>();

  const list = (conversationId: string) => byConversation.peek().get(conversationId) ?? [];

  function write(conversationId: string, next: readonly PendingUpload[]) {
    const map = new Map(byConversation.peek());
    if (next.length === 0) map.delete(conversationId);
    else map.set(conversationId, next);
    byConversation.value = map;
    for (const listener of listeners) listener(conversationId);
  }

  function patch(conversationId: string, key: string, change: Partial<PendingUpload>) {
    write(
      conversationId,
      list(conversationId).map((entry) => (entry.key === key ? { ...entry, ...change } : entry)),
    );
  }

  function start(conversationId: string, key: string) {
    const entry = held.get(key);
    if (!entry) return;
    const controller = new AbortController();
    entry.controller = controller;
    options.upload(entry.file, entry.file.name, controller.signal).then(
      (attachment) => {
        if (controller.signal.aborted || !held.has(key)) return;
        // Stored: the bytes are no longer needed here.
        held.delete(key);
        patch(conversationId, key, { state: 'ready', attachment, failure: undefined });
      },
      (error: unknown) => {
        if (controller.signal.aborted || !held.has(key)) return;
        const failure = error instanceof ApiFailure ? error.code : 'network_error';
        patch(conversationId, key, { state: 'failed', failure });
      },
    );
  }

  return {
    byConversation,
    list,

    add(conversationId, files) {
      const current = list(conversationId);
      const room = Math.max(0, LIMITS.attachmentsPerMessage - current.length);
      const accepted = files.slice(0, room);
      if (accepted.length === 0) return files.length === 0;
      const added: PendingUpload[] = [];
      const toStart: string[] = [];
      for (const file of accepted) {
        const key = newKey();
        const failure = precheck(file);
        // Pasted images are all called "image.png"; a name still tells the agent which chip is which.
        const name = file.name || 'file';
        if (failure) {
          added.push({ key, name, size: file.size, state: 'failed', failure });
          continue;
        }
        held.set(key, { file });
        added.push({ key, name, size: file.size, state: 'uploading' });
        toStart.push(key);
      }
      write(conversationId, [...current, ...added]);
      for (const key of toStart) start(conversationId, key);
      return accepted.length === files.length;
    },

    retry(conversationId, key) {
      const entry = list(conversationId).find((candidate) => candidate.key === key);
      if (entry?.state !== 'failed' || isPermanentUploadFailure(entry.failure) || !held.has(key)) return;
      patch(conversationId, key, { state: 'uploading', failure: undefined });
      start(conversationId, key);
    },

    remove(conversationId, key) {
      held.get(key)?.controller?.abort();
      held.delete(key);
      write(
        conversationId,
        list(conversationId).filter((entry) => entry.key !== key),
      );
    },

    take(conversationId) {
      const ready = list(conversationId).flatMap((entry) =>
        entry.state === 'ready' && entry.attachment ? [entry.attachment] : [],
      );
      for (const entry of list(conversationId)) held.delete(entry.key);
      write(conversationId, []);
      return ready;
    },

    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    dispose() {
      for (const entry of held.values()) entry.controller?.abort();
      held.clear();
      listeners.clear();
    },
  };
}
