import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { command, FIXTURES, test, waitReady } from './hosts.js';

// Must show (issue "Embedding"): axe finds no WCAG 2.0/2.1/2.2 A or AA violation in any view. axe walks open shadow
// roots; the analysis is limited to our host element, so the fixture page's own markup is not judged.

test.use({ locale: 'en-US', reducedMotion: 'reduce' });

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

async function expectNoViolations(page: Page, view: string): Promise<void> {
  const results = await new AxeBuilder({ page }).include('topay-support').withTags(TAGS).analyze();
  const found = results.violations.map((violation) => ({
    view,
    rule: violation.id,
    impact: violation.impact,
    nodes: violation.nodes.map((node) => `${node.target.join(' ')}: ${node.failureSummary}`),
  }));
  expect(found, `axe violations in ${view}`).toEqual([]);
  // A sanity check that axe saw inside the shadow root at all.
  expect(results.passes.length, `axe checked something in ${view}`).toBeGreaterThan(0);
}

async function openPlain(page: Page, locale: string): Promise<void> {
  await page.goto(`${FIXTURES}/plain/`);
  await waitReady(page);
  await command(page, 'setLocale', locale);
}

for (const locale of ['en', 'zh-CN']) {
  test(`axe (${locale}): home, help results, article`, async ({ page }) => {
    await openPlain(page, locale);
    const widget = page.locator('topay-support');
    await expectNoViolations(page, 'closed (launcher)');
    await command(page, 'open');
    await expect(widget.locator('.help-item').first()).toBeVisible();
    await expectNoViolations(page, 'home');
    await command(page, 'searchHelp', locale === 'en' ? 'refund' : '退款');
    await expect(widget.locator('mark').first()).toBeVisible();
    await expectNoViolations(page, 'help results');
    await command(page, 'showArticle', 'refunds');
    await expect(widget.locator('article, .article').first()).toBeVisible();
    await expectNoViolations(page, 'article');
  });
}

test('axe: payment form, its errors and the result', async ({ page }) => {
  await openPlain(page, 'en');
  const widget = page.locator('topay-support');
  await command(page, 'checkPayment');
  await expect(widget.getByLabel('Email used to pay')).toBeVisible();
  await expectNoViolations(page, 'payment form');
  await widget.getByRole('button', { name: 'Check payment status' }).click();
  await expect(widget.locator('[aria-invalid=true]').first()).toBeVisible();
  await expectNoViolations(page, 'payment form with errors');
  await widget.getByLabel('Order or payment reference').fill('demo-failed');
  await widget.getByLabel('Email used to pay').fill('buyer@example.com');
  await widget.getByRole('button', { name: 'Check payment status' }).click();
  await expect(widget.getByRole('button', { name: 'Ask about this payment' })).toBeVisible();
  await expectNoViolations(page, 'payment result (failed)');
});

test('axe: chat topics and a conversation', async ({ page, agent: _agent }) => {
  await openPlain(page, 'en');
  const widget = page.locator('topay-support');
  const topic = widget.getByRole('button', { name: 'A payment problem' });
  const composer = widget.getByLabel('Message', { exact: true });
  await command(page, 'startChat');
  await expect(topic).toBeVisible();
  await expectNoViolations(page, 'chat topics');
  await topic.click();
  await composer.fill('Where is my refund?');
  await composer.press('Enter');
  await expect(widget.getByText('Where is my refund?', { exact: true })).toBeVisible();
  await expectNoViolations(page, 'chat conversation');
  await page.screenshot({ path: 'e2e/output/a11y-chat.png' });
});
