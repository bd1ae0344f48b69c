import { expect, type Page, test } from '@playwright/test';
import { E2E_AGENT_PASSWORD } from './demo.js';

// Must show (issue 15): "ask about this payment" for two payments gives two conversations, the
// visitor switches between them with nothing posted into the wrong one, and the agent sees the two
// linked in the console.

type Api = { TopaySupport(...a: unknown[]): void };

async function askAbout(visitor: Page, reference: string, question: string): Promise<void> {
  const widget = visitor.locator('topay-support');
  await visitor.evaluate((ref) => (window as unknown as Api).TopaySupport('checkPayment', ref), reference);
  await expect(widget.getByLabel('Order or payment reference')).toHaveValue(reference);
  await widget.getByLabel('Email used to pay').fill('buyer@example.com');
  await widget.getByRole('button', { name: 'Check payment status' }).click();
  await widget.getByRole('button', { name: 'Ask about this payment' }).click();
  const composer = widget.getByLabel('Message', { exact: true });
  await expect(composer).toBeVisible();
  await composer.fill(question);
  await composer.press('Enter');
  await expect(widget.getByText(question).first()).toBeVisible();
}

test('asking about two payments gives two conversations, linked for the agent', async ({ browser }) => {
  test.setTimeout(90_000);
  const visitorContext = await browser.newContext({ locale: 'en-US' });
  const visitor = await visitorContext.newPage();
  const started: string[] = [];
  await visitor.exposeFunction('__chatStarted', (payload: { conversationId: string }) =>
    started.push(payload.conversationId),
  );
  await visitor.addInitScript(() => {
    const w = window as unknown as {
      TopaySupport: ((...a: unknown[]) => void) & { q?: unknown[] };
      __chatStarted(p: unknown): void;
    };
    w.TopaySupport = (...args: unknown[]) => {
      w.TopaySupport.q = w.TopaySupport.q || [];
      w.TopaySupport.q.push(args);
    };
    w.TopaySupport('on', 'chatStarted', (payload: unknown) => w.__chatStarted(payload));
  });
  await visitor.goto('/');
  await visitor.evaluate(() => (window as unknown as Api).TopaySupport('setLocale', 'en'));
  const widget = visitor.locator('topay-support');

  await askAbout(visitor, 'demo-failed', 'Why did demo-failed fail?');
  await expect.poll(() => started.length).toBe(1);
  await askAbout(visitor, 'demo-declined', 'Why was demo-declined declined?');
  // A second conversation, not the first one with its payment replaced.
  await expect.poll(() => started.length).toBe(2);
  const [first, second] = started as [string, string];
  expect(second).not.toBe(first);

  // The visitor's conversations, one per payment, to switch between.
  const tabs = widget.getByRole('navigation', { name: 'Your conversations' });
  await expect(tabs.getByRole('button')).toHaveCount(2);
  await expect(tabs.getByRole('button', { name: /Payment demo-declined/ })).toHaveAttribute(
    'aria-current',
    'true',
  );
  await visitor.screenshot({ path: 'e2e/output/payment-conversations-widget.png' });
  await tabs.getByRole('button', { name: /Payment demo-failed/ }).click();
  await expect(tabs.getByRole('button', { name: /Payment demo-failed/ })).toHaveAttribute(
    'aria-current',
    'true',
  );
  const messages = widget.locator('.messages');
  await expect(messages.getByText('Why did demo-failed fail?')).toBeVisible();
  await expect(messages.getByText('Why was demo-declined declined?')).toHaveCount(0);
  const composer = widget.getByLabel('Message', { exact: true });
  await composer.fill('One more thing about demo-failed');
  await composer.press('Enter');
  await expect(messages.getByText('One more thing about demo-failed')).toBeVisible();
  // Switching resumed a conversation: no new chatStarted.
  expect(started).toHaveLength(2);

  // The agent opens the second conversation and finds the first linked beside it, with its payment.
  const agentContext = await browser.newContext({ locale: 'en-US' });
  const agent = await agentContext.newPage();
  await agent.goto('/console/');
  await agent.getByLabel('Email').fill('agent@demo.test');
  await agent.getByLabel('Password').fill(E2E_AGENT_PASSWORD);
  await agent.getByRole('button', { name: 'Sign in' }).click();
  await expect(agent.getByText('Topay 演示商店')).toBeVisible();
  await agent.goto(`/console/#/c/${second}`);
  await expect(agent.getByText('Why was demo-declined declined?').first()).toBeVisible();
  const linked = agent.getByRole('region', { name: 'Other conversations' });
  const link = linked.getByRole('link', { name: /Payment demo-failed/ });
  await expect(link).toBeVisible();
  await expect(linked.getByRole('link')).toHaveCount(1);
  await agent.screenshot({ path: 'e2e/output/payment-conversations-console.png' });
  await link.click();
  await expect(agent).toHaveURL(new RegExp(`#/c/${first}$`));
  await expect(agent.getByText('One more thing about demo-failed').first()).toBeVisible();
  // The first conversation keeps its own payment, and links back to the second.
  const panel = agent.locator('aside.context');
  await expect(panel.getByText('Insufficient funds')).toBeVisible();
  await expect(
    agent
      .getByRole('region', { name: 'Other conversations' })
      .getByRole('link', { name: /Payment demo-declined/ }),
  ).toBeVisible();
  await agentContext.close();
  await visitorContext.close();
});
