import { writeFileSync } from 'node:fs';
import { type CDPSession, expect, type Page } from '@playwright/test';
import { command, FIXTURES, test, waitReady } from './hosts.js';

// Must show (issue "Embedding"): on a phone the panel is full screen, inputs never trigger iOS's zoom-on-focus
// (font-size ≥ 16px), safe-area insets are respected, and the on-screen keyboard does not hide the composer.
// Must show (issue 11, "The panel on real phones"): on pages wider than the phone (no viewport meta, an
// overflowing table, RTL), scrolled sideways and pinch-zoomed, the panel covers exactly the visual viewport.

// A real phone's emulation: with isMobile, Chromium honours the viewport meta (and its absence: 980 px and wider,
// zoomed out) and lets wide content widen the box `position: fixed` uses, as Android's Chrome does.
test.use({
  viewport: { width: 375, height: 667 },
  isMobile: true,
  hasTouch: true,
  deviceScaleFactor: 2,
  locale: 'en-US',
});

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

/**
 * Where the widget's parts are, in getBoundingClientRect's CSS px (the visual viewport's offsets are in the same
 * ones), and how big they look on the screen (CSS px × the page's scale).
 */
const geometry = (page: Page) =>
  page.evaluate(() => {
    const viewport = window.visualViewport as VisualViewport;
    const root = document.querySelector('topay-support')?.shadowRoot as ShadowRoot;
    const box = (selector: string) => {
      const r = (root.querySelector(selector) as HTMLElement).getBoundingClientRect();
      return [r.x, r.y, r.width, r.height];
    };
    const search = root.querySelector<HTMLInputElement>('.search input');
    const searchBox = search?.getBoundingClientRect();
    return {
      viewport: [viewport.offsetLeft, viewport.offsetTop, viewport.width, viewport.height],
      scale: viewport.scale,
      panel: box('.panel'),
      launcher: box('.launcher'),
      search: searchBox && [searchBox.x, searchBox.y, searchBox.width, searchBox.height],
      // What the visitor sees: the search field's text size on the screen, in CSS px at scale 1.
      searchTextOnScreen:
        search && searchBox
          ? Number.parseFloat(getComputedStyle(search).fontSize) *
            (searchBox.height / search.offsetHeight) *
            viewport.scale
          : null,
      // Nothing covers the field's middle (another layer, the page).
      searchHit:
        search && searchBox
          ? root.elementFromPoint(searchBox.x + searchBox.width / 2, searchBox.y + searchBox.height / 2) ===
            search
          : false,
    };
  });

type Box = number[];
/** The largest difference between two boxes' x, y, width and height. */
const offBy = (a: Box, b: Box) => Math.max(...a.map((v, i) => Math.abs(v - (b[i] ?? Number.NaN))));
/** Whether `inner` lies inside `outer`, within half a pixel. */
const inside = (inner: Box, outer: Box) =>
  inner[0]! >= outer[0]! - 0.5 &&
  inner[1]! >= outer[1]! - 0.5 &&
  inner[0]! + inner[2]! <= outer[0]! + outer[2]! + 0.5 &&
  inner[1]! + inner[3]! <= outer[1]! + outer[3]! + 0.5;

/** A finger dragging across the screen (CSS px from the visual viewport's corner), as a visitor pans a wide page. */
async function drag(cdp: CDPSession, from: [number, number], by: [number, number]) {
  const [x, y] = from;
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }] });
  for (let step = 1; step <= 10; step++) {
    const touch = { x: x + (by[0] * step) / 10, y: y + (by[1] * step) / 10 };
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [touch] });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}

/** Waits for a drag's fling to end: a tap during a fling only stops it, as on a real phone. */
async function settle(page: Page) {
  const offsets = () => page.evaluate(() => `${visualViewport?.offsetLeft},${visualViewport?.offsetTop}`);
  let last = '';
  await expect
    .poll(async () => {
      await page.waitForTimeout(100);
      const now = await offsets();
      const same = now === last;
      last = now;
      return same;
    })
    .toBe(true);
}

/**
 * A finger's tap on the middle of `selector` (in the widget's shadow root), where it shows on the screen. Not
 * locator.tap(): Playwright aims at the layout viewport's coordinates, which miss once the visual viewport is
 * panned away from them (vv.offsetLeft ≠ 0), and then tap the page. Chromium's emulated touch points are CSS px
 * from the visual viewport's corner.
 */
async function tapOnScreen(page: Page, cdp: CDPSession, selector: string) {
  const [x, y] = await page.evaluate((s) => {
    const viewport = window.visualViewport as VisualViewport;
    const el = document.querySelector('topay-support')?.shadowRoot?.querySelector(s) as HTMLElement;
    const r = el.getBoundingClientRect();
    return [r.x + r.width / 2 - viewport.offsetLeft, r.y + r.height / 2 - viewport.offsetTop];
  }, selector);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }] });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}

/** The panel covers exactly the visual viewport (within 1 px), and its text reads at phone size or larger. */
async function expectPanelOnScreen(page: Page, when: string) {
  await expect
    .poll(
      async () => {
        const g = await geometry(page);
        return offBy(g.panel, g.viewport);
      },
      { message: `panel box vs visual viewport ${when}` },
    )
    .toBeLessThanOrEqual(1);
  const g = await geometry(page);
  expect(g.searchTextOnScreen, `search text on screen ${when}`).toBeGreaterThanOrEqual(15.5);
  expect(g.search && inside(g.search, g.viewport), `search field inside the screen ${when}`).toBe(true);
  expect(g.searchHit, `search field uncovered ${when}`).toBe(true);
}

/** Chromium's own capture of the screen: Playwright's page.screenshot() misplaces RTL pages scrolled wide. */
async function screenshot(cdp: CDPSession, name: string) {
  const { data } = (await cdp.send('Page.captureScreenshot')) as { data: string };
  writeFileSync(`e2e/output/phone-${name}.png`, Buffer.from(data, 'base64'));
}

const WIDE_PAGES = [
  { page: 'no-meta', about: 'a 1,400 px page without viewport meta (zoomed out)' },
  { page: 'table', about: 'a responsive page with a 1,500 px table' },
  { page: 'rtl', about: 'a 1,400 px RTL (Arabic) page' },
  { page: 'rtl-no-meta', about: 'a 1,400 px RTL page without viewport meta' },
];

for (const { page: name, about } of WIDE_PAGES) {
  test(`on ${about}, the panel covers exactly the visual viewport, scrolled sideways and pinch-zoomed`, async ({
    page,
  }) => {
    await page.goto(`${FIXTURES}/wide/${name}.html`);
    await waitReady(page);
    const cdp = await page.context().newCDPSession(page);
    // Pan the page sideways first, as a visitor reading it would (a no-op where the page is zoomed out to fit).
    await drag(cdp, [300, 300], [-150, -40]);
    await settle(page);

    const widget = page.locator('topay-support');
    const closed = await geometry(page);
    expect(inside(closed.launcher, closed.viewport), 'launcher on screen').toBe(true);
    // At its own size on the screen (56 px), whatever the page's zoom: tappable, not a 15 px dot.
    expect(closed.launcher[2]! * closed.scale).toBeCloseTo(56, 0);
    await tapOnScreen(page, cdp, '.launcher');
    await expect(page.getByRole('dialog')).toBeVisible();
    await expectPanelOnScreen(page, 'when opened');
    await screenshot(cdp, `wide-${name}`);

    // Typed into with the phone's keyboard: the field is reachable by touch and takes text.
    const search = widget.getByRole('searchbox');
    await tapOnScreen(page, cdp, '.search input');
    await expect(search).toBeFocused();
    await page.keyboard.type('refund');
    await expect(search).toHaveValue('refund');

    // Panned while open (a drag on the header, which does not scroll itself), and scrolled by the page's script.
    await drag(cdp, [150, 40], [120, 0]);
    await settle(page);
    await expectPanelOnScreen(page, 'after panning');
    // The page's own script scrolls it: the layout viewport moves (where the page can still scroll) and the
    // visual viewport reports no event.
    await page.evaluate(() => window.scrollBy(100, 0));
    await expectPanelOnScreen(page, 'after scrollBy');

    // Pinch-zoomed in, panned while zoomed, then at half scale (zoomed out on a phone-ready page, in on the others).
    await cdp.send('Emulation.setPageScaleFactor', { pageScaleFactor: 2 });
    await expect.poll(async () => (await geometry(page)).scale).toBe(2);
    await expectPanelOnScreen(page, 'at scale 2');
    await drag(cdp, [150, 40], [-60, 0]);
    await settle(page);
    await expectPanelOnScreen(page, 'panned at scale 2');
    await cdp.send('Emulation.setPageScaleFactor', { pageScaleFactor: 0.5 });
    await expect.poll(async () => (await geometry(page)).scale).toBe(0.5);
    await expectPanelOnScreen(page, 'at scale 0.5');
    // Zoomed out, the panel is laid out at the phone's width and scaled up: it looks as on a phone-ready page.
    const zoomedOut = await geometry(page);
    expect(zoomedOut.panel[2]! * zoomedOut.scale).toBeCloseTo(375, 0);

    // Closed again: the launcher is back, on screen.
    await tapOnScreen(page, cdp, '.header .icon-button');
    await expect(page.getByRole('dialog')).toBeHidden();
    const after = await geometry(page);
    expect(inside(after.launcher, after.viewport), 'launcher on screen after closing').toBe(true);
  });
}
