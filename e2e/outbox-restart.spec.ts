import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { E2E_AGENT_PASSWORD } from './demo.js';

// Must show (issue 12): the widget's outbox survives a page reload during a server restart. The visitor sends
// while the server is down, the page goes away before the server is back (its message only in the widget's
// stored outbox), the server comes back, the visitor opens the page again: the message reaches the agent's
// console exactly once.
//
// This spec kills its own demo server, so it runs one next to the suite's: on E2E_PORT + 2, a fixed port, as
// the page must find the server at the same address after the restart.
const PORT = Number(process.env.E2E_PORT ?? 8790) + 2;
const BASE = `http://127.0.0.1:${PORT}`;
const DATA_DIR = `.tmp/e2e-restart-${PORT}`;

let server: ChildProcess | undefined;

async function startServer(): Promise<void> {
  server = spawn(process.execPath, ['packages/server/dist/cli.js', 'demo'], {
    env: {
      PATH: process.env.PATH ?? '',
      PORT: String(PORT),
      HOST: '127.0.0.1',
      DATA_DIR,
      DEMO_AGENT_PASSWORD: E2E_AGENT_PASSWORD,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const ready = await fetch(`${BASE}/readyz`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the demo server on ${BASE} did not become ready`);
}

async function killServer(): Promise<void> {
  const child = server;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

test.beforeAll(async () => {
  rmSync(DATA_DIR, { recursive: true, force: true });
  await startServer();
});

test.afterAll(async () => {
  await killServer();
  rmSync(DATA_DIR, { recursive: true, force: true });
});

/** Every stored message of the conversation with this text, from the agent API: the server's own count. */
async function storedWithText(conversationId: string, text: string): Promise<number> {
  const login = await fetch(`${BASE}/v1/agent/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'agent@demo.test', password: E2E_AGENT_PASSWORD }),
  });
  const { token } = (await login.json()) as { token: string };
  const response = await fetch(`${BASE}/v1/agent/conversations/${conversationId}/messages?after=0`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const { messages } = (await response.json()) as { messages: { text: string }[] };
  return messages.filter((message) => message.text === text).length;
}

const storedOutbox = (page: Page) =>
  page.evaluate(() =>
    Object.keys(localStorage)
      .filter((key) => key.includes(':outbox:'))
      .map((key) => localStorage.getItem(key) ?? ''),
  );

test('a message sent while the server is down survives a reload and arrives exactly once', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  // Base 36: a 13-digit timestamp passes the Luhn check one time in ten and would be redacted as a card number.
  const run = `${test.info().retry}-${Date.now().toString(36)}`;
  const agentContext = await browser.newContext({ locale: 'en-US' });
  const agent = await agentContext.newPage();
  await agent.goto(`${BASE}/console/`);
  await agent.getByLabel('Email').fill('agent@demo.test');
  await agent.getByLabel('Password').fill(E2E_AGENT_PASSWORD);
  await agent.getByRole('button', { name: 'Sign in' }).click();
  await expect(agent.getByText('Topay 演示商店')).toBeVisible();

  const visitorContext = await browser.newContext({
    locale: 'zh-CN',
    viewport: { width: 1280, height: 800 },
  });
  const visitor = await visitorContext.newPage();
  await visitor.goto(`${BASE}/`);
  const widget = visitor.locator('topay-support');
  // A complaint goes straight to people (docs/assistant.md): no assistant reply joins the conversation.
  await visitor.getByRole('button', { name: '打开客服' }).click();
  await visitor.getByRole('button', { name: /联系客服/ }).click();
  await visitor.getByRole('button', { name: '投诉' }).click();
  const composer = visitor.getByLabel('消息', { exact: true });
  const first = `付款失败了（${run}）`;
  await composer.fill(first);
  await composer.press('Enter');
  await expect(widget.getByText(first, { exact: true })).toBeVisible();
  const conversationId = await visitor.evaluate(() => {
    const key = Object.keys(localStorage).find((k) => k.endsWith(':chat'));
    return key
      ? (JSON.parse(localStorage.getItem(key) ?? '{}') as { conversationId: string }).conversationId
      : '';
  });
  expect(conversationId).not.toBe('');

  // The agent has the conversation open.
  await agent.getByText(first).first().click();
  const agentLog = agent.locator('.messages__list');
  await expect(agentLog.getByText(first, { exact: true })).toHaveCount(1);

  // The server dies; the visitor writes anyway: the message waits in the widget's stored outbox.
  await killServer();
  const offline = `服务器重启时发送的消息（${run}）`;
  await composer.fill(offline);
  await composer.press('Enter');
  await expect(widget.getByText(offline, { exact: true })).toBeVisible();
  expect((await storedOutbox(visitor)).join()).toContain(offline);

  // The page goes away while the server is still down (the first half of a reload: nothing of this page can
  // deliver the message any more), the server comes back, and the visitor opens the page again.
  await visitor.goto('about:blank');
  await startServer();
  await visitor.goto(`${BASE}/`);

  // The reloaded widget resumes the chat by itself and sends what its outbox held.
  await expect(agentLog.getByText(offline, { exact: true })).toHaveCount(1, { timeout: 20_000 });
  await expect.poll(() => storedOutbox(visitor)).toEqual([]);

  // A later message is the marker: once it is in the console, anything doubled would be there before it.
  await visitor.getByRole('button', { name: /打开客服/ }).click();
  await visitor.getByRole('button', { name: /联系客服/ }).click();
  const marker = `还在吗？（${run}）`;
  await composer.fill(marker);
  await composer.press('Enter');
  await expect(agentLog.getByText(marker, { exact: true })).toHaveCount(1);
  await expect(agentLog.getByText(offline, { exact: true })).toHaveCount(1);
  await expect(widget.getByText(offline, { exact: true })).toHaveCount(1);
  expect(await storedWithText(conversationId, offline)).toBe(1);

  await agentContext.close();
  await visitorContext.close();
});
