import { act, waitFor } from '@testing-library/preact';
import type { EmitWidgetEvent, WidgetController } from '@topay-support/sdk';
import { SupportError } from '@topay-support/sdk';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import packageJson from '../package.json';
import { createWidget } from '../src/widget.js';
import { eventNames, type Mounted, mount } from './helpers.js';
import { type SupportServer, startSupportServer } from './support-server.js';

// The settings over real HTTP: the SDK client against the real server, seeded like the demo.
let server: SupportServer;
let widget: WidgetController | undefined;
let mounted: Mounted | undefined;

beforeAll(async () => {
  server = await startSupportServer();
}, 30_000);
afterAll(() => server.close());
afterEach(() => {
  vi.restoreAllMocks();
  widget?.destroy();
  widget = undefined;
  mounted?.controller.destroy();
  mounted = undefined;
});

async function start(merchantKey = 'pk_demo') {
  const events: Array<{ event: string; args: unknown[] }> = [];
  const onEvent: EmitWidgetEvent = (event, ...args) => events.push({ event, args });
  await act(() => {
    widget = createWidget({ merchantKey, serverUrl: server.url, locale: 'en', onEvent });
  });
  const shadow = document.querySelector('topay-support')?.shadowRoot;
  if (!shadow) throw new Error('not mounted');
  return { events, shadow };
}

describe('createWidget against a server', () => {
  test('fetches the merchant settings, then reports ready with the package version', async () => {
    const { events, shadow } = await start();
    await waitFor(() => expect(events.map((e) => e.event)).toEqual(['ready']));
    expect(events[0]?.args).toEqual([{ version: packageJson.version }]);
    await act(() => widget?.open());
    await waitFor(() => expect(shadow.querySelector('h2')?.textContent).toBe('Topay 演示商店'));
    // The demo's greeting for the page's locale, from the server's settings.
    expect(shadow.textContent).toContain('Hi there! How can we help?');
  });

  test('a key the server does not know is a network_error', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { events } = await start('pk_nobody');
    await waitFor(() => expect(events.map((e) => e.event)).toEqual(['error']));
    expect(events[0]?.args[0]).toMatchObject({ code: 'network_error' });
  });
});

describe('settings the widget cannot have', () => {
  // Node's fetch (which jsdom leaves in place) sends no Origin, so the server cannot refuse this page
  // here: the refusal itself is the server's test (packages/server/test/origins.test.ts); this is the view.
  test('a refused origin is reported as origin_not_allowed, and the panel says so', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    mounted = await mount({ locale: 'en' }, () =>
      Promise.reject(new SupportError('origin_not_allowed', 'origin http://evil.test is not allowed')),
    );
    expect(eventNames(mounted.events)).toEqual(['error']);
    expect(mounted.events[0]?.args[0]).toMatchObject({ code: 'origin_not_allowed' });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('[TopaySupport] origin_not_allowed'));
    await mounted.run((c) => c.open());
    expect(mounted.shadow.querySelector('[role="alert"]')?.textContent).toContain(
      'Support isn’t set up for this website',
    );
  });
});
