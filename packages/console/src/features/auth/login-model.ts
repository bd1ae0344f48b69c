import { batch, type ReadonlySignal, signal } from '@preact/signals';
import type { AgentLoginRequest } from '@topay-support/protocol';
import { ApiFailure } from '../../api.js';
import type { SessionModel } from './session.js';

export interface LoginModel {
  /** A login request is in flight; the form shows a busy button and ignores further submits. */
  readonly pending: ReadonlySignal<boolean>;
  /** Why the last attempt failed, until the next one starts. */
  readonly error: ReadonlySignal<ApiFailure | null>;
  submit(credentials: AgentLoginRequest): Promise<void>;
}

/**
 * The login form's state, apart from the session itself: a failed attempt is the form's business,
 * not the session's.
 *
 * @example
 * const form = createLoginModel(session);
 * await form.submit({ email, password }); // form.error.value explains a failure
 */
export function createLoginModel(session: SessionModel): LoginModel {
  const pending = signal(false);
  const error = signal<ApiFailure | null>(null);
  return {
    pending,
    error,
    async submit(credentials) {
      if (pending.peek()) return;
      batch(() => {
        pending.value = true;
        error.value = null;
      });
      try {
        await session.login(credentials);
      } catch (failure) {
        error.value =
          failure instanceof ApiFailure
            ? failure
            : new ApiFailure('network_error', (failure as Error).message);
      } finally {
        pending.value = false;
      }
    },
  };
}
