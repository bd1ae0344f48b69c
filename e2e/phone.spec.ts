import { expect, type Page } from '@playwright/test';
import { command, FIXTURES, test, waitReady } from './hosts.js';

// Must show (issue "Embedding"): on a phone the panel is full screen, inputs never trigger iOS's zoom-on-focus
// (font-size ≥ 16px), safe-area insets are respected, and the on-screen keyboard does not hide the composer.

test.use({ viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true, locale: 'en-US' });

/** Font sizes (px) of every text field in the shadow root. */
const fieldFontSizes = (page: Page) =>
  page
    .locator('topay-support')
    .evaluate((host) =>
      Array.from(
        host.shadowRoot?.querySelectorAll('input:not([type=file]), textarea, select') ?? [],
        (el): [string, number] => [
          el.getAttribute('aria-label') ?? el.id ?? el.tagName,
          Number.parseFloat(getComputedStyle(el).fontSize),
        ],
      ),
    );

test('full screen, no zoom on focus (inputs ≥ 16px), composer visible above the keyboard', async ({
  page,
  agent: _agent,
}) => {
  await page.goto(`${FIXTURES}/plain/`);
  await waitReady(page);
  const widget = page.locator('topay-support');
  await widget.getByRole('button', { name: 'Open support' }).tap();
  const dialog = page.getByRole('dialog');
  await expect
    .poll(async () => {
      const box = await dialog.boundingBox();
      return box && [box.x, box.y, box.width, box.height].map(Math.round);
    })
    .toEqual([0, 0, 375, 667]);

  const sizes: [string, number][] = [];
  sizes.push(...(await fieldFontSizes(page)));
  await command(page, 'checkPayment');
  await expect(widget.getByLabel('Email used to pay')).toBeVisible();
  sizes.push(...(await fieldFontSizes(page)));
  await command(page, 'startChat');
  await widget.getByRole('button', { name: 'A payment problem' }).tap();
  const composer = widget.getByLabel('Message', { exact: true });
  await expect(composer).toBeVisible();
  sizes.push(...(await fieldFontSizes(page)));
  expect(sizes.length).toBeGreaterThanOrEqual(4);
  for (const [name, size] of sizes) expect(size, `font-size of ${name}`).toBeGreaterThanOrEqual(16);

  // The on-screen keyboard: focus the composer, then the viewport shrinks to what is left above the keyboard.
  await composer.tap();
  await page.setViewportSize({ width: 375, height: 360 });
  await expect
    .poll(async () => {
      const box = await composer.boundingBox();
      return box !== null && box.y >= 0 && box.y + box.height <= 360;
    })
    .toBe(true);
  // Not merely inside the viewport: nothing covers it, and it still takes text.
  const hit = await composer.evaluate((el) => {
    const box = el.getBoundingClientRect();
    const root = el.getRootNode() as ShadowRoot;
    return root.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2) === el;
  });
  expect(hit).toBe(true);
  await composer.fill('typed with the keyboard up');
  await expect(composer).toHaveValue('typed with the keyboard up');
  await page.screenshot({ path: 'e2e/output/phone-keyboard-composer.png' });
});

test('safe-area insets (a notched phone) keep the header, composer and launcher clear', async ({ page }) => {
  // The page opts in with viewport-fit=cover; Chromium then applies emulated insets to env(safe-area-inset-*).
  const cdp = await page.context().newCDPSession(page);
  await cdp.send(
    'Emulation.setSafeAreaInsetsOverride' as never,
    {
      insets: { top: 47, bottom: 34, left: 0, right: 0 },
    } as never,
  );
  await page.goto(`${FIXTURES}/plain/`);
  await waitReady(page);
  const widget = page.locator('topay-support');
  const launcher = widget.getByRole('button', { name: 'Open support' });
  const launcherBox = await launcher.boundingBox();
  // 20 px from the bottom edge plus the home indicator's 34 px.
  expect(launcherBox && Math.round(667 - (launcherBox.y + launcherBox.height))).toBe(54);
  await launcher.tap();
  const styles = await widget.evaluate((host) => {
    const root = host.shadowRoot as ShadowRoot;
    const header = getComputedStyle(root.querySelector('.header') as Element);
    const panel = getComputedStyle(root.querySelector('.panel') as Element);
    return { headerTop: header.paddingTop, panelBottom: panel.paddingBottom };
  });
  expect(styles).toEqual({ headerTop: '57px', panelBottom: '34px' });
  await page.screenshot({ path: 'e2e/output/phone-safe-area.png' });
});
