import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppModule } from '../src/loader/bridge.js';
import { installLoader, type TopaySupportGlobal } from '../src/loader/install.js';

type Win = Window & { TopaySupport?: TopaySupportGlobal };

function stub(win: Win) {
  win.TopaySupport =
    win.TopaySupport ||
    ((...args: unknown[]) => {
      // The exact queue form of docs/script-tag.md, which stores `arguments` objects.
      const self = win.TopaySupport!;
      self.q = self.q || [];
      self.q.push(args);
    });
}

function script(attrs: Record<string, string> = {}): HTMLScriptElement {
  const el = document.createElement('script');
  el.src = 'https://support.example/widget/loader.js';
  for (const [key, value] of Object.entries(attrs)) el.setAttribute(key, value);
  return el;
}

/** A widget bundle double that records what the loader forwards; the real bundle is covered in Chromium. */
function recordingApp() {
  const runs: Array<[string, readonly unknown[]]> = [];
  const urls: string[] = [];
  let bridge: Parameters<AppModule['boot']>[0] | undefined;
  const importApp = vi.fn(async (url: string) => {
    urls.push(url);
    return {
      boot(b) {
        bridge = b;
        return { run: (command, args) => runs.push([command, args]) };
      },
    } satisfies AppModule;
  });
  return { runs, urls, importApp, bridge: () => bridge };
}

const win = window as Win;
const flush = () => new Promise((resolve) => setTimeout(resolve, 10));

beforeEach(() => {
  delete win.TopaySupport;
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('loader', () => {
  it('replays the queue stub in order and hands the loader origin to the app', async () => {
    stub(win);
    const ready = vi.fn();
    win.TopaySupport!('init', { merchantKey: 'pk_demo' });
    win.TopaySupport!('on', 'ready', ready);
    win.TopaySupport!('setLocale', 'en');
    win.TopaySupport!('open');
    const app = recordingApp();
    installLoader(win, { script: script(), appEntry: 'app-abc12345.js', importApp: app.importApp });
    await flush();
    expect(app.urls).toEqual(['https://support.example/widget/app-abc12345.js']);
    expect(app.runs).toEqual([
      ['init', [{ merchantKey: 'pk_demo' }]],
      ['setLocale', ['en']],
      ['open', []],
    ]);
    expect(app.bridge()?.defaultServerUrl).toBe('https://support.example');
    app.bridge()?.emit('ready', { version: '1.0.0' });
    expect(ready).toHaveBeenCalledWith({ version: '1.0.0' });
    win.TopaySupport!('close');
    expect(app.runs.at(-1)).toEqual(['close', []]);
  });

  it('calls init itself for data-merchant-key, before queued commands, unless init is queued', async () => {
    stub(win);
    win.TopaySupport!('open');
    const app = recordingApp();
    installLoader(win, {
      script: script({ 'data-merchant-key': 'pk_demo' }),
      appEntry: 'app.js',
      importApp: app.importApp,
    });
    await flush();
    expect(app.runs).toEqual([
      ['init', [{ merchantKey: 'pk_demo' }]],
      ['open', []],
    ]);

    delete win.TopaySupport;
    stub(win);
    win.TopaySupport!('init', { merchantKey: 'pk_other', locale: 'en' });
    const second = recordingApp();
    installLoader(win, {
      script: script({ 'data-merchant-key': 'pk_demo' }),
      appEntry: 'app.js',
      importApp: second.importApp,
    });
    await flush();
    expect(second.runs).toEqual([['init', [{ merchantKey: 'pk_other', locale: 'en' }]]]);
  });

  it('loads nothing until init, then on idle time', async () => {
    // Fake timers: running every timer and idle callback proves nothing was scheduled, without a guess.
    vi.useFakeTimers({ toFake: ['setTimeout', 'requestIdleCallback'] });
    const app = recordingApp();
    installLoader(win, { script: script(), appEntry: 'app.js', importApp: app.importApp });
    win.TopaySupport!('open');
    await vi.runAllTimersAsync();
    expect(app.importApp).not.toHaveBeenCalled();
    win.TopaySupport!('init', { merchantKey: 'pk_demo' });
    await vi.runAllTimersAsync();
    expect(app.importApp).toHaveBeenCalledTimes(1);
    expect(app.runs.map(([command]) => command)).toEqual(['open', 'init']);
  });

  it('returns an unsubscribe from on(), and off() removes a listener', async () => {
    const app = recordingApp();
    installLoader(win, { script: script(), appEntry: 'app.js', importApp: app.importApp });
    const a = vi.fn();
    const b = vi.fn();
    const unsubscribe = win.TopaySupport!('on', 'open', a) as () => void;
    win.TopaySupport!('on', 'open', b);
    win.TopaySupport!('init', { merchantKey: 'pk_demo' });
    await flush();
    expect(typeof unsubscribe).toBe('function');
    unsubscribe();
    win.TopaySupport!('off', 'open', b);
    app.bridge()?.emit('open');
    expect(a).not.toHaveBeenCalled();
    expect(b).not.toHaveBeenCalled();
  });

  it('reports unknown commands and bad listeners without throwing, and survives a throwing listener', async () => {
    const app = recordingApp();
    installLoader(win, { script: script(), appEntry: 'app.js', importApp: app.importApp });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const errors: unknown[] = [];
    win.TopaySupport!('on', 'error', () => {
      throw new Error('host bug');
    });
    win.TopaySupport!('on', 'error', (e: unknown) => errors.push(e));
    expect(() => win.TopaySupport!('launchRockets')).not.toThrow();
    expect(() => win.TopaySupport!('on', 'nope', () => {})).not.toThrow();
    expect(() => win.TopaySupport!('on', 'open', 'not a function')).not.toThrow();
    expect(errors).toEqual([
      { code: 'unknown_command', message: 'unknown command "launchRockets"' },
      expect.objectContaining({ code: 'invalid_argument' }),
      expect.objectContaining({ code: 'invalid_argument' }),
    ]);
    expect(warn).toHaveBeenCalledTimes(3);
  });

  it('steps aside when a second copy of the loader runs', () => {
    const app = recordingApp();
    installLoader(win, { script: script(), appEntry: 'app.js', importApp: app.importApp });
    const first = win.TopaySupport;
    installLoader(win, { script: script(), appEntry: 'app.js', importApp: app.importApp });
    expect(win.TopaySupport).toBe(first);
  });

  it('reports a bundle that fails to load as network_error and tries again on the next command', async () => {
    // Fake timers, as above: "no second attempt on open" is checked after every scheduled load ran.
    vi.useFakeTimers({ toFake: ['setTimeout', 'requestIdleCallback'] });
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const errors: unknown[] = [];
    let attempts = 0;
    installLoader(win, {
      script: script(),
      appEntry: 'app.js',
      importApp: async () => {
        attempts++;
        throw new Error('offline');
      },
    });
    win.TopaySupport!('on', 'error', (e: unknown) => errors.push(e));
    win.TopaySupport!('init', { merchantKey: 'pk_demo' });
    await vi.runAllTimersAsync();
    expect(errors).toEqual([expect.objectContaining({ code: 'network_error' })]);
    win.TopaySupport!('open');
    await vi.runAllTimersAsync();
    expect(attempts).toBe(1);
    win.TopaySupport!('init', { merchantKey: 'pk_demo' });
    await vi.runAllTimersAsync();
    expect(attempts).toBe(2);
  });
});
