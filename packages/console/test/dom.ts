import { fireEvent, screen } from '@testing-library/preact';
import { type ConsoleOptions, type MountedConsole, mountConsole } from '../src/mount.js';

export interface TestConsole extends MountedConsole {
  root: HTMLElement;
}

/** Mounts the whole console, as `main.ts` does, into a fresh element; English unless told otherwise. */
export function mountForTest(baseUrl: string, options: ConsoleOptions = {}): TestConsole {
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
): Promise<TestConsole> {
  const { storeToken } = await import('./fake-backend.js');
  storeToken();
  const mounted = mountForTest('', {
    api: backend.consoleApi,
    agentApi: () => backend.api,
    transport: () => backend.transport,
    ...options,
  });
  await screen.findByRole('heading', { name: 'Conversations' });
  backend.transport.connect();
  return mounted;
}
