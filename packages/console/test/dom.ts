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
