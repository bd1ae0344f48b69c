import { expect } from '@playwright/test';
import { command, FIXTURES, test } from './hosts.js';

// Must show (issue "Embedding"): on examples/strict-csp (nonce + 'strict-dynamic', no 'unsafe-inline', default-src
// 'none'), every view works and the page sees ZERO securitypolicyviolation events.

test.use({ locale: 'en-US', reducedMotion: 'reduce' });

test('a strict-CSP page: every view works with zero CSP violations', async ({ page, agent: _agent }) => {
  const sockets: string[] = [];
  page.on('websocket', (socket) => sockets.push(socket.url()));
  const cspConsole: string[] = [];
  page.on('console', (message) => {
    if (/Content.Security.Policy|Refused to/i.test(message.text())) cspConsole.push(message.text());
  });
  const response = await page.goto(`${FIXTURES}/strict-csp/`);
  expect(response?.headers()['content-security-policy']).toMatch(/script-src 'nonce-[^']+' 'strict-dynamic'/);
  const widget = page.locator('topay-support');

  // The loader (nonce'd) imported the app ('strict-dynamic'), and the constructable stylesheets apply.
  await expect(widget.getByRole('button', { name: 'Open support' })).toBeVisible();
  expect(
    await widget.evaluate((host) => {
      const launcher = host.shadowRoot?.querySelector('.launcher') as HTMLElement;
      const style = getComputedStyle(launcher);
      return [style.position, style.width, style.borderRadius];
    }),
  ).toEqual(['fixed', '56px', '50%']);
  await command(page, 'setLocale', 'en');

  // Home and help: search, results, an article (its sanitised HTML), back.
  await widget.getByRole('button', { name: 'Open support' }).click();
  await widget.getByRole('searchbox', { name: 'Search help articles' }).fill('refund');
  await widget
    .getByRole('button', { name: /Refunds/ })
    .first()
    .click();
  await expect(widget.getByRole('heading', { name: /Refunds/ }).first()).toBeVisible();
  await page.screenshot({ path: 'e2e/output/strict-csp-article.png' });

  // Payments: a look-up and its result.
  await command(page, 'checkPayment', 'demo-failed');
  await widget.getByLabel('Email used to pay').fill('buyer@example.com');
  await widget.getByRole('button', { name: 'Check payment status' }).click();
  await expect(widget.getByRole('heading', { name: /failed/i }).first()).toBeVisible();

  // Chat: socket.io over HTTP polling, then the WebSocket upgrade (connect-src http: and ws:).
  await command(page, 'startChat');
  await widget.getByRole('button', { name: 'A payment problem' }).click();
  const composer = widget.getByLabel('Message', { exact: true });
  await composer.fill('Hello from a strict CSP page');
  await composer.press('Enter');
  await expect(widget.getByText('Hello from a strict CSP page', { exact: true })).toBeVisible();
  await page.screenshot({ path: 'e2e/output/strict-csp-chat.png' });

  expect(sockets).toContainEqual(expect.stringMatching(/^ws:\/\/127\.0\.0\.1:\d+\/socket\.io\//));
  const violations = await page.evaluate(
    () => (window as unknown as { __cspViolations: unknown[] }).__cspViolations,
  );
  expect(violations).toEqual([]);
  expect(cspConsole).toEqual([]);
  // Nothing was injected into the light DOM to get there: no <style>, <script> or <link> of ours.
  expect(
    await page.evaluate(() =>
      Array.from(document.querySelectorAll('style, script, link'), (el) =>
        el.outerHTML.replace(/nonce="[^"]*"/, ''),
      ),
    ),
  ).toHaveLength(4);
});
