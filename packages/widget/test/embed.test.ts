import { act, waitFor } from '@testing-library/preact';
import type { EmitWidgetEvent, LoadedApp } from '@topay-support/sdk';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { boot } from '../src/embed.js';
import { type SupportServer, startSupportServer } from './support-server.js';

// The script-tag entry against the real server: the loader's origin is where settings and chat live.
let server: SupportServer;
let app: LoadedApp;
let events: Array<{ event: string; args: unknown[] }>;

beforeAll(async () => {
  server = await startSupportServer();
}, 30_000);
afterAll(() => server.close());

beforeEach(() => {
  events = [];
  const emit: EmitWidgetEvent = (event, ...args) => events.push({ event, args });
  app = boot({ emit, defaultServerUrl: server.url });
  // The dispatcher warns on the console for every rejected command; keep the output readable.
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});

afterEach(() => {
  app.run('shutdown', []);
  vi.restoreAllMocks();
});

const codes = () =>
  events.filter((e) => e.event === 'error').map((e) => (e.args[0] as { code: string }).code);

describe('boot (the script-tag entry)', () => {
  test('init mounts the widget against the loader’s origin and reports ready', async () => {
    await act(() => app.run('init', [{ merchantKey: 'pk_demo', locale: 'en' }]));
    expect(document.querySelectorAll('topay-support')).toHaveLength(1);
    await waitFor(() => expect(events.map((e) => e.event)).toContain('ready'));
    // The demo merchant's settings, fetched from the loader's origin.
    await act(() => app.run('open', []));
    const shadow = document.querySelector('topay-support')?.shadowRoot;
    await waitFor(() => expect(shadow?.querySelector('h2')?.textContent).toBe('Topay 演示商店'));
  });

  test('commands reach the widget, and shutdown removes it', async () => {
    await act(() => app.run('init', [{ merchantKey: 'pk_demo', locale: 'en' }]));
    await waitFor(() => expect(events.map((e) => e.event)).toContain('ready'));
    await act(() => app.run('checkPayment', ['demo-failed']));
    const shadow = document.querySelector('topay-support')?.shadowRoot;
    // The payments chunk loads, and its form arrives with the reference filled in.
    await waitFor(() =>
      expect(shadow?.querySelector<HTMLInputElement>('input[name="reference"]')?.value).toBe('demo-failed'),
    );
    expect(events.map((e) => e.event)).toContain('open');
    app.run('shutdown', []);
    expect(document.querySelector('topay-support')).toBeNull();
  });

  test('unknown commands, bad arguments and commands before init are error events, never exceptions', () => {
    expect(() => {
      app.run('open', []);
      app.run('explode', []);
      app.run('init', [{ merchantKey: '' }]);
    }).not.toThrow();
    expect(codes()).toEqual(['not_initialized', 'unknown_command', 'invalid_argument']);
    expect(document.querySelector('topay-support')).toBeNull();
  });

  test('a second init before shutdown reports already_initialized and mounts nothing more', async () => {
    await act(() => app.run('init', [{ merchantKey: 'pk_demo' }]));
    await act(() => app.run('init', [{ merchantKey: 'pk_demo' }]));
    expect(codes()).toEqual(['already_initialized']);
    expect(document.querySelectorAll('topay-support')).toHaveLength(1);
    app.run('shutdown', []);
    await act(() => app.run('init', [{ merchantKey: 'pk_demo' }]));
    expect(document.querySelectorAll('topay-support')).toHaveLength(1);
  });
});
