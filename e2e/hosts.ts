import { type BrowserContext, test as base, expect, type Page } from '@playwright/test';
import { E2E_AGENT_PASSWORD } from './demo.js';

/** The fixture pages' server (e2e/fixtures/server.mjs): another origin than the widget's, like a merchant's site. */
export const FIXTURES = `http://127.0.0.1:${process.env.E2E_FIXTURES_PORT ?? 8791}`;

export type TopayWindow = Window & {
  TopaySupport(...args: unknown[]): unknown;
  __events: [name: string, payload: unknown][];
  __cspViolations?: unknown[];
};

/** Runs a command through the page's `window.TopaySupport`. */
export async function command(page: Page, name: string, ...args: unknown[]): Promise<void> {
  await page.evaluate(([n, a]) => void (window as unknown as TopayWindow).TopaySupport(n, ...a), [
    name,
    args,
  ] as const);
}

/** The widget events the fixture's stub (e2e/fixtures/shared/stub.js) recorded, in order. */
export function events(page: Page): Promise<[string, unknown][]> {
  return page.evaluate(() => (window as unknown as TopayWindow).__events);
}

/** Waits for `ready`: the app bundle has loaded and mounted its host element. */
export async function waitReady(page: Page): Promise<void> {
  await expect.poll(async () => (await events(page)).map(([name]) => name)).toContain('ready');
}

/** Boxes and computed styles of the widget's key parts, for comparing one host page with another. */
export function widgetLayout(page: Page) {
  return page.evaluate(() => {
    const root = document.querySelector('topay-support')?.shadowRoot;
    if (!root) return null;
    const parts = {
      launcher: '.launcher',
      panel: '.panel',
      header: '.header',
      title: '.title',
      close: '.header .icon-button',
      greeting: '.greeting',
      search: '.search input',
      entry: '.entry',
      popular: '.help-item',
    };
    const out: Record<string, unknown> = {};
    for (const [name, selector] of Object.entries(parts)) {
      const el = root.querySelector<HTMLElement>(selector);
      if (!el) {
        out[name] = null;
        continue;
      }
      const box = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      out[name] = {
        box: [box.x, box.y, box.width, box.height].map(Math.round),
        font: `${style.fontSize}/${style.lineHeight} ${style.fontWeight}`,
        color: style.color,
        background: style.backgroundColor,
        boxSizing: style.boxSizing,
        direction: style.direction,
      };
    }
    return out;
  });
}

const SUPPORT = `http://127.0.0.1:${process.env.E2E_PORT ?? 8790}`;

/**
 * `test` with a worker-scoped `agent`: the demo agent signed in to the console (on the widget's server) for the
 * whole worker, so the widget's chat finds someone online instead of the offline form. One sign-in per worker:
 * the server allows 10 per IP in 10 minutes, and the whole suite signs in from one IP.
 */
export const test = base.extend<object, { agent: BrowserContext }>({
  agent: [
    async ({ browser }, use) => {
      const context = await browser.newContext({ locale: 'en-US' });
      const page = await context.newPage();
      await page.goto(`${SUPPORT}/console/`);
      await page.getByLabel('Email').fill('agent@demo.test');
      await page.getByLabel('Password').fill(E2E_AGENT_PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByText('Topay 演示商店')).toBeVisible();
      await use(context);
      await context.close();
    },
    { scope: 'worker' },
  ],
});
