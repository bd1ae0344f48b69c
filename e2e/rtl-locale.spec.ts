import { expect, test } from '@playwright/test';

// The Arabic locale mirrors the widget: the panel reads right to left and sits on the other side.

test('setLocale("ar") loads Arabic on demand and mirrors the layout', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('/');
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  await page.evaluate(() =>
    (window as unknown as { TopaySupport(...a: unknown[]): void }).TopaySupport('setLocale', 'ar'),
  );
  const launcher = page.getByRole('button', { name: 'فتح الدعم' });
  await expect(launcher).toBeVisible();
  expect(requests.some((url) => /\/widget\/chunks\/ar-[\w-]+\.js$/.test(url))).toBe(true);
  const box = await launcher.boundingBox();
  // Mirrored: the launcher moves to the left edge.
  expect(box!.x).toBeLessThan(200);
  await launcher.click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  expect(await dialog.getAttribute('dir')).toBe('rtl');
  const panel = await dialog.boundingBox();
  expect(panel!.x).toBeLessThan(100);
  await page.screenshot({ path: 'e2e/output/widget-home-ar.png' });
});
