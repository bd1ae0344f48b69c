import { type ReadonlySignal, signal } from '@preact/signals';
import type { CannedReply } from '@topay-support/protocol';
import type { AgentApi } from '../../agent-api.js';
import { ApiFailure } from '../../api.js';

export interface CannedRepliesModel {
  readonly replies: ReadonlySignal<readonly CannedReply[]>;
  readonly error: ReadonlySignal<ApiFailure | null>;
  load(): Promise<void>;
  create(shortcut: string, text: string): Promise<boolean>;
  remove(id: string): Promise<void>;
}

/** Replies whose shortcut starts with what follows the `/`, shortest shortcut first. */
export function matchCannedReplies(replies: readonly CannedReply[], prefix: string): CannedReply[] {
  const needle = prefix.toLocaleLowerCase();
  return replies
    .filter((reply) => reply.shortcut.toLocaleLowerCase().startsWith(needle))
    .sort((a, b) => a.shortcut.length - b.shortcut.length || a.shortcut.localeCompare(b.shortcut));
}

function toFailure(error: unknown): ApiFailure {
  return error instanceof ApiFailure ? error : new ApiFailure('network_error', (error as Error).message);
}

/**
 * @example
 * const canned = createCannedRepliesModel(api);
 * await canned.load();
 * matchCannedReplies(canned.replies.value, 'ref');
 */
export function createCannedRepliesModel(api: AgentApi): CannedRepliesModel {
  const replies = signal<readonly CannedReply[]>([]);
  const error = signal<ApiFailure | null>(null);
  return {
    replies,
    error,
    async load() {
      try {
        replies.value = await api.cannedReplies();
        error.value = null;
      } catch (failure) {
        error.value = toFailure(failure);
      }
    },
    async create(shortcut, text) {
      try {
        const reply = await api.createCannedReply({ shortcut, text });
        replies.value = [...replies.peek().filter((other) => other.id !== reply.id), reply];
        error.value = null;
        return true;
      } catch (failure) {
        error.value = toFailure(failure);
        return false;
      }
    },
    async remove(id) {
      try {
        await api.deleteCannedReply(id);
        replies.value = replies.peek().filter((reply) => reply.id !== id);
        error.value = null;
      } catch (failure) {
        error.value = toFailure(failure);
      }
    },
  };
}
