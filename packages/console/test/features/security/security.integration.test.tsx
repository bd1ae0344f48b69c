import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
// Relative, as in test/server.ts: the console does not depend on the server package.
import { hashPassword } from '../../../../server/src/auth/passwords.js';
import { totpCode } from '../../../../server/test/agent-accounts.js';
import { createRequester } from '../../../src/api.js';
import { createSecurityApi } from '../../../src/features/security/security-api.js';
import { mountForTest, submitLogin, type TestConsole } from '../../dom.js';
import { DEMO_PASSWORD, startTestServer, type TestServer } from '../../server.js';

let server: TestServer;
let mounted: TestConsole | undefined;
let counter = 0;

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

async function newAgent(merchantId = server.merchantId, role: 'agent' | 'admin' = 'agent') {
  counter += 1;
  const email = `person-${counter}@security.test`;
  const password = `security-password-${counter}`;
  await server.storage.agents.create({
    merchantId,
    email,
    name: `Person ${counter}`,
    role,
    passwordHash: await hashPassword(password),
  });
  return { email, password };
}

/** Enrols over the API as an agent would from another browser; returns the secret and recovery codes. */
async function enrolled() {
  const agent = await newAgent();
  const api = createSecurityApi(createRequester(server.baseUrl));
  const setup = await api.setup(agent);
  const { recoveryCodes } = await api.enable(agent, await totpCode(setup.secret));
  return { ...agent, secret: setup.secret, recoveryCodes };
}

async function enterCode(label: string, code: string) {
  fireEvent.input(await screen.findByLabelText(label), { target: { value: code } });
  fireEvent.submit(screen.getByLabelText(label).closest('form')!);
}

describe('two-factor sign-in in the console, against the real server', () => {
  it('asks for the app’s code after the password and opens the inbox with it', async () => {
    const agent = await enrolled();
    mounted = mountForTest(server.baseUrl);
    await submitLogin(agent.email, agent.password);
    await screen.findByText('Enter the 6-digit code from your authenticator app.');
    await enterCode('Authentication code', '000000');
    expect((await screen.findByRole('alert')).textContent).toMatch(/^Wrong or already used code/);
    await enterCode('Authentication code', await totpCode(agent.secret, 1));
    await screen.findByRole('heading', { name: 'Conversations' });
  });

  it('signs in with a recovery code instead', async () => {
    const agent = await enrolled();
    mounted = mountForTest(server.baseUrl);
    await submitLogin(agent.email, agent.password);
    fireEvent.click(await screen.findByRole('button', { name: 'Use a recovery code' }));
    await enterCode('Recovery code', agent.recoveryCodes[0]!);
    await screen.findByRole('heading', { name: 'Conversations' });
  });

  it('says how long an account is locked after repeated failures', async () => {
    const agent = await newAgent();
    mounted = mountForTest(server.baseUrl);
    for (let i = 0; i < 5; i++) {
      await submitLogin(agent.email, 'wrong-password-0');
      await screen.findByRole('alert');
      await waitFor(() =>
        expect(screen.getByRole('button', { name: 'Sign in' }).getAttribute('aria-busy')).toBeNull(),
      );
    }
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toMatch(
        /^Too many failed sign-ins for this account\. Try again in 15 minutes\.$/,
      ),
    );
  });

  it('makes an agent enrol at sign-in when the team requires it, showing the key and recovery codes once', async () => {
    const other = await server.storage.merchants.create({
      key: 'pk_requires_2fa',
      secret: 'sk_x',
      name: 'Strict Shop',
      defaultLocale: 'en',
      allowedOrigins: ['https://strict.example'],
      settings: {
        color: '#123456',
        position: 'right',
        colorScheme: 'auto',
        greeting: {},
        requireTwoFactor: true,
      },
    });
    const agent = await newAgent(other.id);
    mounted = mountForTest(server.baseUrl);
    await submitLogin(agent.email, agent.password);
    await screen.findByText('Your team requires two-factor sign-in. Set it up now to continue.');
    const secret = (await screen.findByText(/^[A-Z2-7]{16,}$/)).textContent!;
    expect(screen.getByRole('link', { name: /^otpauth:\/\/totp\// }).getAttribute('href')).toContain(
      `secret=${secret}`,
    );
    await enterCode('Authentication code', await totpCode(secret));
    const codes = await screen.findByRole('list', { name: 'Recovery codes' });
    expect(within(codes).getAllByRole('listitem')).toHaveLength(10);
    fireEvent.click(screen.getByRole('button', { name: 'I saved them — continue' }));
    await screen.findByRole('heading', { name: 'Conversations' });
  });
});

describe('the Security screen', () => {
  it('sets up two-factor sign-in from the key shown, for an agent; no admin parts', async () => {
    const agent = await newAgent();
    mounted = mountForTest(server.baseUrl);
    await submitLogin(agent.email, agent.password);
    await screen.findByRole('heading', { name: 'Conversations' });
    fireEvent.click(screen.getByRole('link', { name: 'Security' }));
    await screen.findByRole('heading', { name: 'Account security' });
    await screen.findByText('Off: your password alone signs you in.');
    expect(screen.queryByRole('heading', { name: 'Audit log' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Set up two-factor sign-in' }));
    const secret = (await screen.findByText(/^[A-Z2-7]{16,}$/)).textContent!;
    await enterCode('Authentication code', await totpCode(secret));
    await screen.findByRole('list', { name: 'Recovery codes' });
    fireEvent.click(screen.getByRole('button', { name: 'I saved them' }));
    await screen.findByText(/^On: signing in needs your password/);
  });

  it('lets an admin require two factors and read the audit log, in Chinese too', async () => {
    mounted = mountForTest(server.baseUrl);
    await submitLogin('agent@demo.test', DEMO_PASSWORD);
    await screen.findByRole('heading', { name: 'Conversations' });
    fireEvent.click(screen.getByRole('link', { name: 'Security' }));
    const table = await screen.findByRole('table');
    expect(within(table).getAllByText('agent.login').length).toBeGreaterThan(0);
    expect(within(table).getAllByText('agent@demo.test').length).toBeGreaterThan(0);
    const toggle = screen.getByLabelText('Require two-factor sign-in for every agent') as HTMLInputElement;
    expect(toggle.checked).toBe(false);
    fireEvent.click(toggle);
    await waitFor(async () => {
      const merchant = await server.storage.merchants.findById(server.merchantId);
      expect(merchant?.settings.requireTwoFactor).toBe(true);
    });
    // The box shows what the server now holds; then put the demo back (password alone signs in).
    await waitFor(() => expect(toggle.checked).toBe(true));
    fireEvent.click(toggle);
    await waitFor(async () => {
      const merchant = await server.storage.merchants.findById(server.merchantId);
      expect(merchant?.settings.requireTwoFactor).toBe(false);
    });
    mounted.locale.set('zh-CN');
    await screen.findByRole('heading', { name: '审计日志' });
    expect(screen.getByRole('columnheader', { name: '操作者' })).toBeTruthy();
  });
});
