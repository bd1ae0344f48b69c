import { expect, type Page } from '@playwright/test';
import { command, FIXTURES, test, waitReady } from './hosts.js';

// Must show (issue "Embedding"): shutdown() leaves nothing behind: no host node, no listeners on the page's
// window/document/visualViewport/media queries, no timers, no open socket, no requests.

test.use({ locale: 'en-US', reducedMotion: 'reduce' });

interface Probe {
  listeners: Map<string, number>;
  timeouts: Set<number>;
  intervals: Set<number>;
  fired: number;
  requests: number;
  sockets: WebSocket[];
}

/** Wraps the page's globals before any of its scripts run, to count what the widget adds and removes. */
async function installProbe(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const probe: Probe = {
      listeners: new Map(),
      timeouts: new Set(),
      intervals: new Set(),
      fired: 0,
      requests: 0,
      sockets: [],
    };
    (window as unknown as { __probe: Probe }).__probe = probe;
    const labels = new WeakMap<object, string>();
    const label = (target: object): string | undefined => {
      if (target === window) return 'window';
      if (target === document) return 'document';
      if (target === document.documentElement) return 'html';
      if (target === document.body) return 'body';
      if (target === window.visualViewport) return 'visualViewport';
      if (target instanceof MediaQueryList) return `media ${target.media}`;
      return labels.get(target);
    };
    const ids = new WeakMap<object, number>();
    let next = 0;
    const key = (target: object, type: string, listener: unknown, options: unknown) => {
      const where = label(target);
      if (!where || (typeof listener !== 'function' && typeof listener !== 'object')) return undefined;
      if (!ids.has(listener as object)) ids.set(listener as object, next++);
      const capture =
        typeof options === 'boolean' ? options : Boolean((options as { capture?: boolean })?.capture);
      return `${where} ${type} #${ids.get(listener as object)} ${capture ? 'capture' : ''}`;
    };
    const { addEventListener, removeEventListener } = EventTarget.prototype;
    EventTarget.prototype.addEventListener = function (type, listener, options) {
      const k = listener ? key(this, type, listener, options) : undefined;
      if (k) probe.listeners.set(k, 1);
      return addEventListener.call(this, type, listener, options);
    };
    EventTarget.prototype.removeEventListener = function (type, listener, options) {
      const k = listener ? key(this, type, listener, options) : undefined;
      if (k) probe.listeners.delete(k);
      return removeEventListener.call(this, type, listener, options);
    };
    const { setTimeout, clearTimeout, setInterval, clearInterval, fetch } = window;
    window.setTimeout = ((fn: () => void, ms?: number, ...args: unknown[]) => {
      const id: number = setTimeout(() => {
        probe.timeouts.delete(id);
        probe.fired++;
        fn(...(args as []));
      }, ms);
      probe.timeouts.add(id);
      return id;
    }) as typeof window.setTimeout;
    window.clearTimeout = ((id?: number) => {
      if (id !== undefined) probe.timeouts.delete(id);
      clearTimeout(id);
    }) as typeof window.clearTimeout;
    window.setInterval = ((fn: () => void, ms?: number, ...args: unknown[]) => {
      const id: number = setInterval(() => {
        probe.fired++;
        fn(...(args as []));
      }, ms);
      probe.intervals.add(id);
      return id;
    }) as typeof window.setInterval;
    window.clearInterval = ((id?: number) => {
      if (id !== undefined) probe.intervals.delete(id);
      clearInterval(id);
    }) as typeof window.clearInterval;
    window.fetch = (...args: Parameters<typeof fetch>) => {
      probe.requests++;
      return fetch(...args);
    };
    const open = XMLHttpRequest.prototype.open;
    XMLHttpRequest.prototype.open = function (this: XMLHttpRequest, ...args: Parameters<typeof open>) {
      probe.requests++;
      return open.apply(this, args);
    } as typeof open;
    const NativeWebSocket = window.WebSocket;
    window.WebSocket = class extends NativeWebSocket {
      constructor(...args: ConstructorParameters<typeof WebSocket>) {
        super(...args);
        probe.sockets.push(this);
      }
    };
  });
}

const snapshot = (page: Page) =>
  page.evaluate(() => {
    const probe = (window as unknown as { __probe: Probe }).__probe;
    return {
      hosts: document.querySelectorAll('topay-support').length,
      listeners: [...probe.listeners.keys()].sort(),
      timeouts: probe.timeouts.size,
      intervals: probe.intervals.size,
      fired: probe.fired,
      requests: probe.requests,
      openSockets: probe.sockets.filter((socket) => socket.readyState !== WebSocket.CLOSED).length,
      sockets: probe.sockets.length,
    };
  });

// engine.io-client (inside socket.io-client, in the chat chunk) adds two window listeners when its modules are first
// evaluated, once per page: "offline" fans out to the sockets in a module-level list, "pagehide" aborts the polling
// requests in another. Nothing outside the library can remove them; after shutdown both lists are empty, so they do
// nothing, and a second init + chat + shutdown adds no other listener.
const ENGINE_IO_MODULE_LISTENERS = /^window (offline|pagehide) #\d+ $/;

async function chatThenShutdown(page: Page, text: string) {
  const widget = page.locator('topay-support');
  await command(page, 'startChat');
  // The first time a topic; after a restart the open conversation resumes.
  const topic = widget.getByRole('button', { name: 'A payment problem' });
  const composer = widget.getByLabel('Message', { exact: true });
  await expect(topic.or(composer)).toBeVisible();
  if (await topic.isVisible()) await topic.click();
  await composer.fill(text);
  await composer.press('Enter');
  await expect(widget.getByText(text, { exact: true })).toBeVisible();
  await expect.poll(async () => (await snapshot(page)).openSockets).toBeGreaterThan(0);
  await command(page, 'shutdown');
  await expect
    .poll(async () => {
      const now = await snapshot(page);
      return {
        hosts: now.hosts,
        openSockets: now.openSockets,
        timeouts: now.timeouts,
        intervals: now.intervals,
      };
    })
    .toEqual({ hosts: 0, openSockets: 0, timeouts: 0, intervals: 0 });
}

test('shutdown leaves no node, listener, timer, socket or request behind', async ({
  page,
  agent: _agent,
}) => {
  await installProbe(page);
  await page.goto(`${FIXTURES}/plain/`);
  const beforeWidget = await snapshot(page);
  await waitReady(page);
  await command(page, 'open');
  await expect(page.getByRole('dialog')).toBeVisible();
  await chatThenShutdown(page, 'First visit');

  const after = await snapshot(page);
  const leftover = after.listeners.filter((k) => !beforeWidget.listeners.includes(k));
  expect(leftover.filter((k) => !ENGINE_IO_MODULE_LISTENERS.test(k))).toEqual([]);
  expect(leftover.length).toBeLessThanOrEqual(2);
  expect(after.sockets).toBeGreaterThan(0);

  // Quiet afterwards: no callbacks, no requests.
  await page.waitForTimeout(1500);
  const quiet = await snapshot(page);
  expect({ fired: quiet.fired, requests: quiet.requests }).toEqual({
    fired: after.fired,
    requests: after.requests,
  });

  // The page can start it again, and a second round adds nothing that stays.
  await command(page, 'init', { merchantKey: 'pk_demo', locale: 'en' });
  await expect(page.locator('topay-support').getByRole('button', { name: 'Open support' })).toBeVisible();
  await chatThenShutdown(page, 'Second visit');
  expect((await snapshot(page)).listeners).toEqual(after.listeners);
});
