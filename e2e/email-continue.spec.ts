import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { createEmailTokens } from '../packages/server/dist/features/email/tokens.js';
import { E2E_AGENT_PASSWORD } from './demo.js';

// Issue 15 (docs/email.md): an emailed "continue the chat" link opens the widget on that
// conversation, on another device. The link's token is signed here the way the outbox signs it
// (the email itself is tested on real mail in packages/server/test/email-continuity.test.ts).

test('a continue link opens its conversation on another device, and only there', async ({
  browser,
  request,
}) => {
  test.setTimeout(60_000);
  // An agent is online, so the chat starts without the offline form.
  const desk = await browser.newContext({ locale: 'en-US' });
  const agent = await desk.newPage();
  await agent.goto('/console/');
  await agent.getByLabel('Email').fill('agent@demo.test');
  await agent.getByLabel('Password').fill(E2E_AGENT_PASSWORD);
  await agent.getByRole('button', { name: 'Sign in' }).click();
  await expect(agent.getByText('Topay 演示商店')).toBeVisible();

  const phone = await browser.newContext({ locale: 'zh-CN' });
  const visitor = await phone.newPage();
  await visitor.goto('/');
  await visitor.getByRole('button', { name: '打开客服' }).click();
  await visitor.getByRole('button', { name: /联系客服/ }).click();
  await visitor.getByRole('button', { name: '投诉' }).click();
  // Base 36: a 13-digit timestamp passes the Luhn check one time in ten and would be redacted as a card number.
  const question = `退款还没到账（${test.info().retry}-${Date.now().toString(36)}）`;
  const composer = visitor.getByLabel('消息', { exact: true });
  await composer.fill(question);
  await composer.press('Enter');
  await expect(visitor.locator('topay-support').getByText(question, { exact: true })).toBeVisible();
  await phone.close();

  const login = await request.post('/v1/agent/login', {
    data: { email: 'agent@demo.test', password: E2E_AGENT_PASSWORD },
  });
  const { token } = (await login.json()) as { token: string };
  const headers = { authorization: `Bearer ${token}` };
  type Row = { id: string; visitor: { id: string }; lastMessage: { text: string } | null };
  let conversation: Row | undefined;
  await expect
    .poll(async () => {
      const list = (await (await request.get('/v1/agent/conversations?limit=50', { headers })).json()) as {
        conversations: Row[];
      };
      conversation = list.conversations.find((c) => c.lastMessage?.text === question);
      return conversation !== undefined;
    })
    .toBe(true);
  const answer = `已经退款，3–5 天到账（${Date.now().toString(36)}）`;
  await request.post(`/v1/agent/conversations/${conversation!.id}/messages`, {
    headers,
    data: { text: answer, clientId: `e2e-continue-${Date.now()}` },
  });

  const secret = readFileSync('.tmp/e2e-data/token-secret', 'utf8').trim();
  const link = createEmailTokens(secret).sign('continue', {
    conversationId: conversation!.id,
    visitorId: conversation!.visitor.id,
    expiresAt: new Date(Date.now() + 3_600_000),
  });

  const laptop = await browser.newContext({ locale: 'zh-CN' });
  const page = await laptop.newPage();
  await page.goto(`/#tps-continue=${link}`);
  const widget = page.locator('topay-support');
  await expect(widget.getByText(question, { exact: true })).toBeVisible({ timeout: 15_000 });
  await expect(widget.getByText(answer, { exact: true })).toBeVisible();
  // The token leaves the address bar, and the borrowed session leaves nothing on the device.
  expect(new URL(page.url()).hash).toBe('');
  const stored = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.endsWith(':visitor')));
  expect(stored).toEqual([]);

  await widget.getByLabel('消息', { exact: true }).fill('收到了，谢谢');
  await widget.getByLabel('消息', { exact: true }).press('Enter');
  await expect
    .poll(async () => {
      const { messages } = (await (
        await request.get(`/v1/agent/conversations/${conversation!.id}/messages`, { headers })
      ).json()) as { messages: Array<{ text: string }> };
      return messages.map((m) => m.text).at(-1);
    })
    .toBe('收到了，谢谢');
  await laptop.close();
  await desk.close();
});
