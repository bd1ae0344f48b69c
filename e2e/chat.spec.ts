import { type Browser, expect, type Page, test } from '@playwright/test';
import { E2E_AGENT_PASSWORD } from './demo.js';

// Must show (issue 3): a visitor on the demo page and an agent in the console converse both ways,
// with typing, the unread badge, history kept across a reload, and a rating.

async function agentConsole(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  await page.goto('/console/');
  await page.getByLabel('Email').fill('agent@demo.test');
  await page.getByLabel('Password').fill(E2E_AGENT_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Topay 演示商店')).toBeVisible();
  return page;
}

async function visitorPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto('/');
  return page;
}

test('a visitor and an agent chat both ways, with typing, unread badge, reload and rating', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const agent = await agentConsole(browser);
  const visitor = await visitorPage(browser);

  // The visitor starts a chat with a complaint about a payment: complaints go straight to people
  // (docs/assistant.md), so the inbox row previews the visitor's own words, not an assistant's reply
  // (e2e/assistant.spec.ts covers the assistant answering first).
  await visitor.getByRole('button', { name: '打开客服' }).click();
  await visitor.getByRole('button', { name: /联系客服/ }).click();
  await visitor.getByRole('button', { name: '投诉' }).click();
  const composer = visitor.getByLabel('消息', { exact: true });
  await expect(composer).toBeVisible();
  // Its own words each run, so a retry on the same demo opens its own conversation, not the last one's.
  const firstMessage = `我的付款失败了，订单 demo-failed（${test.info().retry}-${test.info().repeatEachIndex}）`;
  await composer.fill(firstMessage);
  await composer.press('Enter');
  await expect(visitor.locator('topay-support').getByText(firstMessage, { exact: true })).toBeVisible();

  // The agent sees it arrive live, opens it and sees the visitor typing.
  const row = agent.getByText(firstMessage).first();
  await expect(row).toBeVisible({ timeout: 10_000 });
  await row.click();
  await composer.pressSequentially('还有', { delay: 50 });
  await expect(agent.getByText('Visitor is typing…')).toBeVisible();
  await composer.fill('');

  // The agent types (the visitor sees it) and answers.
  const reply = agent.getByLabel('Reply to the visitor');
  await reply.pressSequentially('请稍等', { delay: 30 });
  await expect(visitor.locator('topay-support').getByText(/Demo Agent正在输入/)).toBeVisible();
  await reply.fill('余额不足导致付款失败，请换一张卡再试。');
  await reply.press('Enter');
  await expect(
    visitor.locator('topay-support').getByText('余额不足导致付款失败，请换一张卡再试。', { exact: true }),
  ).toBeVisible();

  // The visitor answers back.
  await composer.fill('好的，谢谢！');
  await composer.press('Enter');
  await expect(agent.getByText('好的，谢谢！', { exact: true }).first()).toBeVisible();
  await visitor.screenshot({ path: 'e2e/output/chat-visitor-zh-CN.png' });
  await agent.screenshot({ path: 'e2e/output/chat-agent-en.png' });

  // With the panel closed, a new answer shows as an unread badge on the launcher.
  await visitor.keyboard.press('Escape');
  await reply.fill('还有其他问题吗？');
  await reply.press('Enter');
  await expect(visitor.getByRole('button', { name: /打开客服.*1 条未读消息/ })).toBeVisible();

  // A reload keeps the whole conversation.
  await visitor.reload();
  await visitor.getByRole('button', { name: /打开客服/ }).click();
  await visitor.getByRole('button', { name: /联系客服/ }).click();
  for (const text of [
    firstMessage,
    '余额不足导致付款失败，请换一张卡再试。',
    '好的，谢谢！',
    '还有其他问题吗？',
  ]) {
    await expect(visitor.locator('topay-support').getByText(text, { exact: true })).toBeVisible();
  }

  // The agent resolves; the visitor rates the conversation.
  await agent.getByRole('button', { name: 'Resolve' }).click();
  await expect(
    visitor.locator('topay-support').getByText('你对本次服务满意吗？', { exact: true }),
  ).toBeVisible();
  await visitor.getByRole('button', { name: '5 分（满分 5 分）' }).click();
  await visitor.getByRole('button', { name: '提交评价' }).click();
  await expect(visitor.locator('topay-support').getByText('感谢你的评价！', { exact: true })).toBeVisible();
  await visitor.screenshot({ path: 'e2e/output/chat-rated-zh-CN.png' });
});

test('untrusted text stays text in the widget and the console', async ({ browser }) => {
  const agent = await agentConsole(browser);
  const visitor = await visitorPage(browser);
  const dialogs: string[] = [];
  for (const page of [agent, visitor]) page.on('dialog', (dialog) => dialogs.push(dialog.message()));
  await visitor.getByRole('button', { name: '打开客服' }).click();
  await visitor.getByRole('button', { name: /联系客服/ }).click();
  // A complaint goes straight to people (docs/assistant.md): no assistant reply becomes the inbox preview.
  await visitor.getByRole('button', { name: '投诉' }).click();
  const payload = '<img src=x onerror=alert(1)> <script>alert(2)</script> javascript:alert(3)';
  const composer = visitor.getByLabel('消息', { exact: true });
  await composer.fill(payload);
  await composer.press('Enter');
  await expect(visitor.locator('topay-support').getByText(payload, { exact: true })).toBeVisible();
  await agent.getByText(payload).first().click();
  await expect(agent.getByRole('log').or(agent.locator('main')).getByText(payload).first()).toBeVisible();
  expect(dialogs).toEqual([]);
  expect(
    await visitor
      .locator('topay-support')
      .evaluate((host) => host.shadowRoot?.querySelectorAll('img[src="x"]').length),
  ).toBe(0);
  expect(await agent.locator('img[src="x"]').count()).toBe(0);
});
