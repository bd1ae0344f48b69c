import { configure, fireEvent, screen, waitFor } from '@testing-library/preact';
import { expect } from 'vitest';
import { type ConsoleOptions, type MountedConsole, mountConsole } from '../src/mount.js';
import type { TestServer } from './server.js';
import { type Account, storeSession } from './team.js';

// Console tests wait for a real server over real sockets; on a busy two-core machine that can take
// longer than testing-library's default second. Waiting longer costs nothing when things are fast.
configure({ asyncUtilTimeout: 5_000 });

export interface TestConsole extends MountedConsole {
  root: HTMLElement;
}

export interface TestMountOptions {
  /** Keep the page URL (e.g. `#/c/<id>`) from before, as a reload does; by default each mount starts at `/`. */
  keepUrl?: boolean;
}

/** Mounts the whole console, as `main.ts` does, into a fresh element; English unless told otherwise. */
export function mountForTest(
  baseUrl: string,
  options: ConsoleOptions = {},
  testOptions: TestMountOptions = {},
): TestConsole {
  // jsdom keeps one URL for the whole file: a conversation opened by one test must not open in the next.
  if (!testOptions.keepUrl) history.replaceState(null, '', '/');
  const root = document.createElement('div');
  document.body.append(root);
  const mounted = mountConsole(root, { baseUrl, language: 'en', ...options });
  return {
    ...mounted,
    root,
    dispose() {
      mounted.dispose();
      root.remove();
    },
  };
}

/** Types into the login form the way an agent does and presses the submit button. */
export async function submitLogin(
  email: string,
  password: string,
  labels = { email: 'Email', password: 'Password', submit: 'Sign in' },
) {
  fireEvent.input(await screen.findByLabelText(labels.email), { target: { value: email } });
  fireEvent.input(screen.getByLabelText(labels.password), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: labels.submit }));
}

/**
 * Mounts the console signed in as `account` against the real server, and waits until the inbox is
 * shown and its `/agent` socket is connected, so what a test does next reaches the server.
 */
export async function mountSignedIn(
  server: TestServer,
  account: Account,
  options: ConsoleOptions = {},
  testOptions: TestMountOptions = {},
): Promise<TestConsole> {
  await storeSession(server, account);
  const mounted = mountForTest(server.baseUrl, options, testOptions);
  await screen.findByRole('heading', { name: 'Conversations' });
  await waitFor(() => expect(mounted.workspace.value?.transport.state.value).toBe('connected'));
  return mounted;
}
