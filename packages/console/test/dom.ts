import { fireEvent, screen } from '@testing-library/preact';
import { type ConsoleOptions, type MountedConsole, mountConsole } from '../src/mount.js';

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

/** Mounts the console signed in against an in-memory backend, with the socket connected. */
export async function mountWithBackend(
  backend: import('./fake-backend.js').FakeBackend,
  options: ConsoleOptions = {},
  testOptions: TestMountOptions = {},
): Promise<TestConsole> {
  const { storeToken } = await import('./fake-backend.js');
  storeToken();
  const mounted = mountForTest(
    '',
    {
      api: backend.consoleApi,
      agentApi: () => backend.api,
      transport: () => backend.transport,
      ...options,
    },
    testOptions,
  );
  await screen.findByRole('heading', { name: 'Conversations' });
  backend.transport.connect();
  return mounted;
}
