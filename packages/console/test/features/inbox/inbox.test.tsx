import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../../../../server/src/auth/passwords.js';
import { mountForTest, submitLogin, type TestConsole } from '../../dom.js';
import { DEMO_PASSWORD, startTestServer, type TestServer } from '../../server.js';

const HOSTILE = '<img src=x onerror=alert(1)>';

let server: TestServer;
let mounted: TestConsole | undefined;

beforeAll(async () => {
  server = await startTestServer();
  const merchant = await server.storage.merchants.create({
    key: 'pk_hostile',
    secret: 'sk_hostile',
    name: HOSTILE,
    defaultLocale: 'en',
    allowedOrigins: [],
    settings: { color: '#1f5fd1', position: 'right', colorScheme: 'auto', greeting: {} },
  });
  await server.storage.agents.create({
    merchantId: merchant.id,
    email: 'hostile@demo.test',
    name: HOSTILE,
    role: 'agent',
    passwordHash: await hashPassword('hostile-password-123'),
  });
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

async function signIn(email = 'agent@demo.test', password = DEMO_PASSWORD) {
  mounted = mountForTest(server.baseUrl);
  await submitLogin(email, password);
  await screen.findByRole('heading', { name: 'Conversations' });
}

describe('inbox shell', () => {
  it('shows the conversation filters, an honest empty state and the detail placeholder', async () => {
    await signIn();
    const tabs = screen.getAllByRole('tab');
    expect(tabs.map((tab) => tab.textContent)).toEqual(['Open', 'Assigned', 'Resolved']);
    expect(screen.getByRole('tab', { selected: true }).textContent).toBe('Open');
    await waitFor(() => expect(screen.getByRole('tabpanel').textContent).toBe('No one is waiting.'));
    expect(screen.getByText('Select a conversation')).toBeTruthy();
  });

  it('moves between filters with the arrow keys, one tab stop for the list', async () => {
    await signIn();
    const open = screen.getByRole('tab', { name: 'Open' });
    open.focus();
    fireEvent.keyDown(open, { key: 'ArrowRight' });
    const assigned = await screen.findByRole('tab', { name: 'Assigned', selected: true });
    expect(document.activeElement).toBe(assigned);
    expect(screen.getAllByRole('tab').map((tab) => tab.tabIndex)).toEqual([-1, 0, -1]);
    fireEvent.keyDown(assigned, { key: 'End' });
    expect(await screen.findByRole('tab', { name: 'Resolved', selected: true })).toBeTruthy();
    fireEvent.keyDown(document.activeElement ?? assigned, { key: 'ArrowRight' });
    expect(await screen.findByRole('tab', { name: 'Open', selected: true })).toBeTruthy();
    fireEvent.click(screen.getByRole('tab', { name: 'Resolved' }));
    const resolved = await screen.findByRole('tab', { name: 'Resolved', selected: true });
    expect(screen.getByRole('tabpanel').getAttribute('aria-labelledby')).toBe(resolved.id);
  });

  it('switches the whole shell to Chinese and remembers the choice', async () => {
    await signIn();
    fireEvent.change(screen.getByLabelText('Language'), { target: { value: 'zh-CN' } });
    expect(await screen.findByRole('heading', { name: '会话' })).toBeTruthy();
    expect(screen.getByRole('button', { name: '退出登录' })).toBeTruthy();
    expect(screen.getAllByRole('tab').map((tab) => tab.textContent)).toEqual(['待处理', '已分配', '已解决']);
    expect(screen.getByText('管理员')).toBeTruthy();
    expect(document.documentElement.lang).toBe('zh-CN');
    expect(localStorage.getItem('topay-support:console-locale')).toBe('zh-CN');
  });

  it('renders a hostile merchant and agent name as text, never as markup', async () => {
    await signIn('hostile@demo.test', 'hostile-password-123');
    expect(screen.getAllByText(HOSTILE)).toHaveLength(2);
    expect(mounted?.root.querySelector('img')).toBeNull();
    expect(screen.getByText('Agent')).toBeTruthy();
  });
});
