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

// Content text inside the Arabic UI keeps its own direction: a Chinese search quoted in an Arabic sentence is an
// isolate (a <bdi> made from the translator's `isolate`), and titles carry dir="auto", so the full-width question mark
// stays after the Chinese instead of jumping to the far (left) end of the line.
test('a Chinese query and titles in the Arabic panel keep their punctuation in place', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('/');
  await page.evaluate(() =>
    (window as unknown as { TopaySupport(...a: unknown[]): void }).TopaySupport('setLocale', 'ar'),
  );
  await page.getByRole('button', { name: 'فتح الدعم' }).click();
  const widget = page.locator('topay-support');
  const titles = widget.locator('.help-item-title');
  await expect(titles.first()).toBeVisible();
  for (const dir of await titles.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('dir'))))
    expect(dir).toBe('auto');

  const query = '鲸鱼唱歌怎么办？';
  await widget.getByLabel('البحث في مقالات المساعدة').first().fill(query);
  const empty = widget.locator('.help-empty-title');
  await expect(empty).toContainText(query);
  await expect(empty.locator('bdi')).toHaveText(query);

  // Where the browser lays out "办" and "？": inside the <bdi> "？" follows "办" to its right. The same sentence as one
  // plain text node, beside it in the same right-to-left panel, puts "？" at the far left: the check can fail.
  const order = await empty.evaluate((p) => {
    const control = document.createElement('p');
    control.textContent = p.textContent;
    p.after(control);
    const gap = (text: Text) => {
      const at = (char: string) => {
        const range = document.createRange();
        const i = text.data.lastIndexOf(char);
        range.setStart(text, i);
        range.setEnd(text, i + 1);
        return range.getBoundingClientRect().left;
      };
      return at('？') - at('办');
    };
    const result = {
      isolated: gap(p.querySelector('bdi')?.firstChild as Text),
      plain: gap(control.firstChild as Text),
    };
    control.remove();
    return result;
  });
  expect(order.isolated).toBeGreaterThan(0);
  expect(order.plain).toBeLessThan(0);
  // What the visitor typed reads in its own direction too.
  expect(await widget.locator('#tps-search').getAttribute('dir')).toBe('auto');
  await widget
    .locator('.panel, [role="dialog"]')
    .first()
    .screenshot({ path: 'e2e/output/widget-bidi-ar.png' });
  // Large enough to read the punctuation by eye.
  await empty.evaluate((p) => {
    (p as HTMLElement).style.zoom = '3';
  });
  await empty.screenshot({ path: 'e2e/output/widget-bidi-ar-sentence.png' });
});
