import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApi } from '../../../src/api.js';
import { TOKEN_STORAGE_KEY } from '../../../src/features/auth/token-store.js';
import { mountForTest, submitLogin, type TestConsole } from '../../dom.js';
import { DEMO_PASSWORD, startTestServer, type TestServer } from '../../server.js';

let server: TestServer;
let mounted: TestConsole | undefined;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  sessionStorage.clear();
  localStorage.clear();
});
afterEach(() => {
  mounted?.dispose();
  mounted = undefined;
});

function mount(baseUrl = server.baseUrl) {
  mounted = mountForTest(baseUrl);
  return mounted;
}

/** A real token from the server, stored the way a previous page load would have left it. */
async function storeRealToken(expiresAt?: string) {
  const login = await createApi(server.baseUrl).login({ email: 'agent@demo.test', password: DEMO_PASSWORD });
  sessionStorage.setItem(
    TOKEN_STORAGE_KEY,
    JSON.stringify({ token: login.token, expiresAt: expiresAt ?? login.expiresAt }),
  );
}

describe('login', () => {
  it('shows an accessible form with the email field focused', async () => {
    mount();
    const email = await screen.findByLabelText('Email');
    expect(email.getAttribute('autocomplete')).toBe('username');
    expect(screen.getByLabelText('Password').getAttribute('autocomplete')).toBe('current-password');
    await waitFor(() => expect(document.activeElement).toBe(email));
    expect(screen.getByRole('button', { name: 'Sign in' }).getAttribute('type')).toBe('submit');
  });

  it('shows the inbox with the merchant name after a successful login and stores the token', async () => {
    mount();
    await submitLogin('agent@demo.test', DEMO_PASSWORD);
    expect(await screen.findByText('Topay 演示商店')).toBeTruthy();
    expect(screen.getByText('Demo Agent')).toBeTruthy();
    expect(screen.getByText('Admin')).toBeTruthy();
    expect(screen.queryByLabelText('Password')).toBeNull();
    const stored = JSON.parse(sessionStorage.getItem(TOKEN_STORAGE_KEY) ?? '{}') as Record<string, unknown>;
    expect(typeof stored.token).toBe('string');
    expect(Date.parse(String(stored.expiresAt))).toBeGreaterThan(Date.now());
  });

  it('marks the button busy while the request is in flight', async () => {
    mount();
    await submitLogin('agent@demo.test', 'wrong-password');
    const busy = await screen.findByRole('button', { name: 'Signing in…' });
    expect(busy.getAttribute('aria-busy')).toBe('true');
    await screen.findByRole('alert');
  });

  it('explains a wrong password and keeps the form filled in', async () => {
    mount();
    await submitLogin('agent@demo.test', 'wrong-password');
    expect((await screen.findByRole('alert')).textContent).toBe('Wrong email or password.');
    expect((screen.getByLabelText('Email') as HTMLInputElement).value).toBe('agent@demo.test');
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeTruthy();
    expect(sessionStorage.getItem(TOKEN_STORAGE_KEY)).toBeNull();
  });

  it('tells the agent how long to wait when rate limited', async () => {
    const api = createApi(server.baseUrl);
    const credentials = { email: 'someone-else@demo.test', password: 'wrong-password' };
    for (let attempt = 0; attempt < 10; attempt += 1) await api.login(credentials).catch(() => undefined);
    mount();
    await submitLogin(credentials.email, credentials.password);
    expect((await screen.findByRole('alert')).textContent).toMatch(
      /^Too many sign-in attempts\. Try again in \d+ minutes?\.$/,
    );
  });

  it('says so when the server cannot be reached', async () => {
    mount('http://127.0.0.1:1');
    await submitLogin('agent@demo.test', DEMO_PASSWORD);
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Can’t reach the server. Check your connection and try again.',
    );
  });
});

describe('stored session', () => {
  it('is restored on reload through /v1/agent/me', async () => {
    mount();
    await submitLogin('agent@demo.test', DEMO_PASSWORD);
    await screen.findByText('Topay 演示商店');
    mounted?.dispose();

    mount();
    expect(screen.getByRole('status').textContent).toBe('Checking your session…');
    expect(await screen.findByText('Topay 演示商店')).toBeTruthy();
    expect(screen.queryByLabelText('Password')).toBeNull();
  });

  it('goes back to login when the server rejects the token, and forgets it', async () => {
    sessionStorage.setItem(
      TOKEN_STORAGE_KEY,
      JSON.stringify({ token: 'garbage', expiresAt: new Date(Date.now() + 3_600_000).toISOString() }),
    );
    mount();
    expect(await screen.findByLabelText('Password')).toBeTruthy();
    expect(sessionStorage.getItem(TOKEN_STORAGE_KEY)).toBeNull();
  });

  it('does not even try an expired token', async () => {
    await storeRealToken(new Date(Date.now() - 1000).toISOString());
    mount();
    expect(screen.getByLabelText('Password')).toBeTruthy();
    expect(sessionStorage.getItem(TOKEN_STORAGE_KEY)).toBeNull();
  });

  it('signs out when the token expires while the console is open', async () => {
    await storeRealToken(new Date(Date.now() + 1500).toISOString());
    mount();
    await screen.findByText('Topay 演示商店');
    // By text, not role: the connection banner is a status too while the socket connects.
    const notice = await screen.findByText(
      'Your session expired. Sign in again to continue.',
      {},
      { timeout: 4000 },
    );
    expect(notice.getAttribute('role')).toBe('status');
    expect(screen.getByLabelText('Password')).toBeTruthy();
    expect(sessionStorage.getItem(TOKEN_STORAGE_KEY)).toBeNull();
  });

  it('keeps the token and offers a retry when the server is unreachable', async () => {
    await storeRealToken();
    mount('http://127.0.0.1:1');
    expect(await screen.findByRole('heading', { name: 'Can’t check your session' })).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toBe(
      'Can’t reach the server. Check your connection and try again.',
    );
    expect(sessionStorage.getItem(TOKEN_STORAGE_KEY)).not.toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Log out' }));
    expect(await screen.findByLabelText('Password')).toBeTruthy();
    expect(sessionStorage.getItem(TOKEN_STORAGE_KEY)).toBeNull();
  });

  it('log out clears the token and returns to login', async () => {
    await storeRealToken();
    mount();
    await screen.findByText('Topay 演示商店');
    fireEvent.click(screen.getByRole('button', { name: 'Log out' }));
    expect(await screen.findByLabelText('Password')).toBeTruthy();
    expect(sessionStorage.getItem(TOKEN_STORAGE_KEY)).toBeNull();
    mounted?.dispose();
    mount();
    await waitFor(() => expect(screen.getByLabelText('Email')).toBeTruthy());
    expect(screen.queryByText('Topay 演示商店')).toBeNull();
  });
});
