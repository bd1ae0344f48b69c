import { type ReadonlySignal, signal } from '@preact/signals';
import { type CannedReply, LIMITS } from '@topay-support/protocol';
import type { AgentApi } from '../../agent-api.js';
import { ApiFailure } from '../../api.js';

export interface CannedRepliesModel {
  /** The merchant's replies, shared by the `/` picker and the management dialog. */
  readonly replies: ReadonlySignal<readonly CannedReply[]>;
  /** Why the last `load` failed; null once one succeeds. */
  readonly error: ReadonlySignal<ApiFailure | null>;
  load(): Promise<void>;
  /** Resolves with the failure (`conflict`: the shortcut is taken), or null once stored. */
  create(shortcut: string, text: string): Promise<ApiFailure | null>;
  /** Resolves with the failure, or null once deleted (or already gone). */
  remove(id: string): Promise<ApiFailure | null>;
}

/** The longest shortcut the server accepts. */
export const SHORTCUT_MAX_LENGTH = 40;
/** Letters (any script: `退款` is as good as `refund`), digits, `-` and `_`, as on the server. */
const SHORTCUT_PATTERN = /^[\p{L}\p{N}_-]+$/u;

export interface CannedReplyProblems {
  shortcut?: 'required' | 'pattern' | 'tooLong';
  text?: 'required' | 'tooLong';
}

/** What is wrong with a new reply before it is sent; the server checks the same and is the authority. */
export function validateCannedReply(shortcut: string, text: string): CannedReplyProblems {
  const problems: CannedReplyProblems = {};
  if (shortcut === '') problems.shortcut = 'required';
  else if (shortcut.length > SHORTCUT_MAX_LENGTH) problems.shortcut = 'tooLong';
  else if (!SHORTCUT_PATTERN.test(shortcut)) problems.shortcut = 'pattern';
  const body = text.trim();
  if (body === '') problems.text = 'required';
  else if (body.length > LIMITS.messageLength) problems.text = 'tooLong';
  return problems;
}

/** Agents type the `/` out of habit; the shortcut itself is what follows it. */
export function normalizeShortcut(input: string): string {
  return input.trim().replace(/^\//, '');
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
 * const failure = await canned.create('refund-time', 'Refunds take 3–5 business days.');
 */
export function createCannedRepliesModel(api: AgentApi): CannedRepliesModel {
  const replies = signal<readonly CannedReply[]>([]);
  const error = signal<ApiFailure | null>(null);

  async function load() {
    try {
      replies.value = await api.cannedReplies();
      error.value = null;
    } catch (failure) {
      error.value = toFailure(failure);
    }
  }

  return {
    replies,
    error,
    load,
    async create(shortcut, text) {
      try {
        const reply = await api.createCannedReply({ shortcut, text: text.trim() });
        replies.value = [...replies.peek().filter((other) => other.id !== reply.id), reply];
        return null;
      } catch (caught) {
        const failure = toFailure(caught);
        // Taken by a reply we do not show yet (another agent just added it): show the current list.
        if (failure.code === 'conflict') void load();
        return failure;
      }
    },
    async remove(id) {
      try {
        await api.deleteCannedReply(id);
      } catch (caught) {
        const failure = toFailure(caught);
        if (failure.code !== 'not_found') return failure;
      }
      replies.value = replies.peek().filter((reply) => reply.id !== id);
      return null;
    },
  };
}
