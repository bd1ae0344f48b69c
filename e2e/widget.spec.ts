import { expect, type Page, test } from '@playwright/test';

type Recorded = [name: string, payload: unknown];

/** Subscribes to widget events through the queue stub before the page's own scripts run. */
async function recordEvents(page: Page): Promise<Recorded[]> {
  const events: Recorded[] = [];
  await page.exposeFunction('__recordWidgetEvent', (name: string, payload: unknown) => {
    events.push([name, payload]);
  });
  await page.addInitScript(() => {
    const w = window as unknown as {
      TopaySupport: ((...args: unknown[]) => void) & { q?: unknown[] };
      __recordWidgetEvent(name: string, payload: unknown): void;
    };
    w.TopaySupport = (...args: unknown[]) => {
      w.TopaySupport.q = w.TopaySupport.q || [];
      w.TopaySupport.q.push(args);
    };
    for (const name of ['ready', 'open', 'close', 'error']) {
      w.TopaySupport('on', name, (payload: unknown) => w.__recordWidgetEvent(name, payload ?? null));
    }
  });
  return events;
}

const names = (events: Recorded[]) => events.map(([name]) => name);

test.describe('widget on the demo merchant page', () => {
  test('loads, fires ready, opens in a shadow root, switches locale, closes with Escape', async ({
    page,
  }) => {
    const events = await recordEvents(page);
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto('/');
    await expect.poll(() => names(events)).toContain('ready');
    expect(events.find(([name]) => name === 'ready')?.[1]).toEqual({ version: expect.any(String) });

    // The demo merchant's default locale is zh-CN, and the page says lang="zh-CN".
    const launcher = page.getByRole('button', { name: '打开客服' });
    await launcher.click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('Topay 演示商店');
    const placement = await page.evaluate(() => {
      const host = document.querySelector('topay-support');
      return {
        inShadow: Boolean(host?.shadowRoot?.querySelector('[role="dialog"]')),
        inLightDom: Boolean(document.querySelector('[role="dialog"]')),
      };
    });
    expect(placement).toEqual({ inShadow: true, inLightDom: false });
    await expect.poll(() => names(events)).toContain('open');
    await page.screenshot({ path: 'e2e/output/widget-home-zh-CN.png' });

    await page.evaluate(() =>
      (window as unknown as { TopaySupport(...a: unknown[]): void }).TopaySupport('setLocale', 'en'),
    );
    await expect(page.getByRole('button', { name: 'Close support' })).toBeVisible();
    await page.screenshot({ path: 'e2e/output/widget-home-en.png' });

    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('button', { name: 'Open support' })).toBeFocused();
    await expect.poll(() => names(events)).toContain('close');
    expect(pageErrors).toEqual([]);
  });

  test('reports unknown commands as error events without breaking the page', async ({ page }) => {
    const events = await recordEvents(page);
    await page.goto('/');
    await expect.poll(() => names(events)).toContain('ready');
    await page.getByRole('button', { name: 'nonsense() → error' }).click();
    await expect
      .poll(() => events.filter(([name]) => name === 'error').map(([, payload]) => payload))
      .toContainEqual({ code: 'unknown_command', message: 'unknown command "nonsense"' });
    await page.getByRole('button', { name: 'open()' }).click();
    await expect(page.getByRole('dialog')).toBeVisible();
  });

  test('fills the screen on a 375 px phone', async ({ browser }) => {
    const context = await browser.newContext({
      viewport: { width: 375, height: 740 },
      hasTouch: true,
      isMobile: true,
    });
    const page = await context.newPage();
    await page.goto('/');
    await page.getByRole('button', { name: '打开客服' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toBeVisible();
    // Polled: the panel slides in, and its box is final only when the transition ends.
    await expect
      .poll(async () => {
        const box = await dialog.boundingBox();
        return box && [box.x, box.y, box.width, box.height].map(Math.round);
      })
      .toEqual([0, 0, 375, 740]);
    await page.screenshot({ path: 'e2e/output/widget-phone-zh-CN.png' });
    await context.close();
  });
});
