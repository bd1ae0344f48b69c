import { expect, type Page } from '@playwright/test';
import { FIXTURES, test, waitReady } from './hosts.js';

// Must show (issue "Embedding"): keyboard only, from the page's own links to a sent chat message and back.

test.use({ locale: 'en-US', reducedMotion: 'reduce' });

/** The focused element, looking through open shadow roots: its tag and accessible-ish name. */
function focused(page: Page) {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return {
      tag: el?.tagName.toLowerCase() ?? '',
      name: (
        el?.getAttribute('aria-label') ||
        (el as HTMLInputElement | null)?.labels?.[0]?.textContent ||
        el?.textContent ||
        ''
      )
        .trim()
        .replace(/\s+/g, ' '),
      inWidget: el?.getRootNode() !== document,
    };
  });
}

/** Presses Tab (or Shift+Tab) until the focused element's name matches, at most `max` times. */
async function tabTo(page: Page, name: RegExp, { max = 15, back = false } = {}): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (name.test((await focused(page)).name)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  expect((await focused(page)).name).toMatch(name);
}

test('keyboard only: launcher, search, article, chat, Escape returns focus', async ({
  page,
  agent: _agent,
}) => {
  await page.goto(`${FIXTURES}/plain/`);
  await waitReady(page);
  const widget = page.locator('topay-support');

  // From the top of the page, Tab reaches the launcher after the page's own controls.
  await tabTo(page, /^Open support$/);
  expect(await focused(page)).toMatchObject({ tag: 'button', inWidget: true });
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog')).toBeVisible();
  // Focus moves into the panel, on the search box.
  await expect.poll(() => focused(page)).toMatchObject({ tag: 'input', name: 'Search help articles' });

  // Search, ArrowDown into the results, Enter opens an article (its title takes focus).
  await page.keyboard.type('password');
  await expect(widget.getByRole('button', { name: /forgot my password/ })).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await expect.poll(async () => (await focused(page)).name).toMatch(/forgot my password/);
  await page.keyboard.press('Enter');
  await expect(widget.getByRole('heading', { name: 'I forgot my password' })).toBeFocused();

  // Back (Shift+Tab to it) returns to the result that opened the article.
  await tabTo(page, /^Back$/, { back: true });
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await focused(page)).name).toMatch(/forgot my password/);

  // Clear the search (ArrowUp returns to the box) and Tab to the "Chat with us" entry.
  await page.keyboard.press('ArrowUp');
  await expect.poll(async () => (await focused(page)).tag).toBe('input');
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Backspace');
  await tabTo(page, /^Chat with us/);
  await page.keyboard.press('Enter');

  // A topic, then the composer: type and send with Enter.
  await tabTo(page, /^A payment problem$/);
  await page.keyboard.press('Enter');
  const composer = widget.getByLabel('Message', { exact: true });
  await expect(composer).toBeVisible();
  await tabTo(page, /^Message$/);
  await page.keyboard.type('Sent without a mouse');
  await page.keyboard.press('Enter');
  await expect(widget.getByText('Sent without a mouse', { exact: true })).toBeVisible();
  await page.screenshot({ path: 'e2e/output/keyboard-chat.png' });

  // Escape closes the panel and focus returns to the launcher.
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();
  expect(await focused(page)).toMatchObject({ name: 'Open support', inWidget: true });
});
