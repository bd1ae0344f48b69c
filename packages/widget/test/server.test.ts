import { act, waitFor } from '@testing-library/preact';
import type { WidgetConfig } from '@topay-support/protocol';
import type { EmitWidgetEvent, WidgetController } from '@topay-support/sdk';
import { afterEach, describe, expect, test, vi } from 'vitest';
import packageJson from '../package.json';
import { createWidget } from '../src/widget.js';
import { type ConfigAnswer, type ConfigServer, startConfigServer } from './config-server.js';
import { demoConfig } from './helpers.js';

// The one path the other tests leave out: settings fetched over real HTTP by the SDK client.
let server: ConfigServer | undefined;
let widget: WidgetController | undefined;

afterEach(async () => {
  vi.restoreAllMocks();
  widget?.destroy();
  widget = undefined;
  await server?.close();
  server = undefined;
});

async function start(answer: () => ConfigAnswer) {
  server = await startConfigServer(answer);
  const events: Array<{ event: string; args: unknown[] }> = [];
  const onEvent: EmitWidgetEvent = (event, ...args) => events.push({ event, args });
  await act(() => {
    widget = createWidget({ merchantKey: 'pk_demo', serverUrl: server?.url ?? '', locale: 'en', onEvent });
  });
  const shadow = document.querySelector('topay-support')?.shadowRoot;
  if (!shadow) throw new Error('not mounted');
  return { events, shadow };
}

describe('createWidget against a server', () => {
  test('fetches the merchant settings once, then reports ready with the package version', async () => {
    const config: WidgetConfig = demoConfig({ name: 'Server Shop' });
    const { events, shadow } = await start(() => ({ status: 200, body: config }));
    await waitFor(() => expect(events.map((e) => e.event)).toEqual(['ready']));
    expect(events[0]?.args).toEqual([{ version: packageJson.version }]);
    expect(server?.requests).toEqual(['/v1/widget/config?merchantKey=pk_demo']);
    await act(() => widget?.open());
    expect(shadow.querySelector('h2')?.textContent).toBe('Server Shop');
  });

  test('a refused origin is reported as origin_not_allowed, and the panel says so', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { events, shadow } = await start(() => ({
      status: 403,
      body: { error: { code: 'origin_not_allowed', message: 'origin http://evil.test is not allowed' } },
    }));
    await waitFor(() => expect(events.map((e) => e.event)).toEqual(['error']));
    expect(events[0]?.args[0]).toMatchObject({ code: 'origin_not_allowed' });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('[TopaySupport] origin_not_allowed'));
    await act(() => widget?.open());
    expect(shadow.querySelector('[role="alert"]')?.textContent).toContain(
      'Support isn’t set up for this website',
    );
  });

  test('any other failure is a network_error', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { events } = await start(() => ({ status: 500, body: 'oops' }));
    await waitFor(() => expect(events.map((e) => e.event)).toEqual(['error']));
    expect(events[0]?.args[0]).toMatchObject({ code: 'network_error' });
  });
});
