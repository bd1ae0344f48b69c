import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCommandDispatcher } from '../src/commands/dispatcher.js';
import type { InitOptions, WidgetController, WidgetEvents } from '../src/commands/types.js';

type Call = [keyof WidgetController, unknown[]];

function setup() {
  const events: Array<[string, unknown[]]> = [];
  const calls: Call[] = [];
  const mounted: Array<InitOptions & { serverUrl: string }> = [];
  const controller = new Proxy({} as WidgetController, {
    get:
      (_target, name) =>
      (...args: unknown[]) =>
        calls.push([name as keyof WidgetController, args]),
  });
  const dispatcher = createCommandDispatcher({
    emit: (event, ...args) => events.push([event, args]),
    defaultServerUrl: 'https://support.example',
    mount: (options) => {
      mounted.push(options);
      return controller;
    },
  });
  const errors = () =>
    events.filter(([name]) => name === 'error').map(([, [payload]]) => payload as WidgetEvents['error'][0]);
  return { dispatcher, events, calls, mounted, errors };
}

afterEach(() => vi.restoreAllMocks());

describe('command dispatcher', () => {
  it('mounts on init with the loader origin as default server', () => {
    const { dispatcher, mounted } = setup();
    dispatcher.run('init', [{ merchantKey: 'pk_demo', locale: 'en', position: 'left' }]);
    expect(mounted).toEqual([
      { merchantKey: 'pk_demo', serverUrl: 'https://support.example', locale: 'en', position: 'left' },
    ]);
    expect(dispatcher.initialized).toBe(true);
  });

  it('reports already_initialized for a second init, and allows init again after shutdown', () => {
    const { dispatcher, mounted, errors, calls } = setup();
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    dispatcher.run('init', [{ merchantKey: 'pk_demo' }]);
    dispatcher.run('init', [{ merchantKey: 'pk_demo' }]);
    expect(errors().map((e) => e.code)).toEqual(['already_initialized']);
    dispatcher.run('shutdown', []);
    expect(calls).toEqual([['destroy', []]]);
    dispatcher.run('init', [{ merchantKey: 'pk_demo' }]);
    expect(mounted).toHaveLength(2);
  });

  it('never throws into the host page: unknown commands and bad arguments become error events and warnings', () => {
    const { dispatcher, errors } = setup();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(() => dispatcher.run('open', [])).not.toThrow();
    dispatcher.run('init', [{ merchantKey: '' }]);
    dispatcher.run('init', ['pk_demo']);
    dispatcher.run('init', [{ merchantKey: 'pk_demo', colour: 'red' }]);
    dispatcher.run('init', [{ merchantKey: 'pk_demo', serverUrl: 'javascript:alert(1)' }]);
    dispatcher.run('init', [{ merchantKey: 'pk_demo', locale: 'xx' }]);
    dispatcher.run('init', [{ merchantKey: 'pk_demo' }]);
    dispatcher.run('explode', []);
    dispatcher.run('toString', []);
    dispatcher.run('showArticle', []);
    dispatcher.run('setLocale', ['fr']);
    dispatcher.run('identify', [{ userId: 'u1', userHash: 'NOT-HEX' }]);
    dispatcher.run('setAttributes', [{ plan: { nested: true } }]);
    dispatcher.run('startChat', ['x'.repeat(5000)]);
    expect(errors().map((e) => e.code)).toEqual([
      'not_initialized',
      'invalid_argument',
      'invalid_argument',
      'invalid_argument',
      'invalid_argument',
      'invalid_argument',
      'unknown_command',
      'unknown_command',
      'invalid_argument',
      'invalid_argument',
      'invalid_argument',
      'invalid_argument',
      'invalid_argument',
    ]);
    expect(errors()[3]?.message).toMatch(/unknown option "colour"/);
    expect(warn).toHaveBeenCalledTimes(13);
  });

  it('routes validated arguments to the widget', () => {
    const { dispatcher, calls } = setup();
    dispatcher.run('init', [{ merchantKey: 'pk_demo' }]);
    const hash = 'a'.repeat(64);
    for (const [command, args] of [
      ['open', []],
      ['toggle', []],
      ['showArticle', ['payment-failed']],
      ['searchHelp', ['  忘记密码  ']],
      ['checkPayment', []],
      ['checkPayment', ['demo-failed']],
      ['startChat', ['hello']],
      ['identify', [{ userId: 'demo-user-1', userHash: hash, email: 'buyer@example.com' }]],
      ['setLocale', ['en-GB']],
      ['setAttributes', [{ plan: 'pro', seats: 3, trial: false, note: null }]],
      ['logout', []],
      ['close', []],
    ] as const) {
      dispatcher.run(command, args);
    }
    expect(calls).toEqual([
      ['open', []],
      ['toggle', []],
      ['showArticle', ['payment-failed']],
      ['searchHelp', ['忘记密码']],
      ['checkPayment', [undefined]],
      ['checkPayment', ['demo-failed']],
      ['startChat', ['hello']],
      ['identify', [{ userId: 'demo-user-1', userHash: hash, email: 'buyer@example.com' }]],
      ['setLocale', ['en']],
      ['setAttributes', [{ plan: 'pro', seats: 3, trial: false, note: null }]],
      ['logout', []],
      ['close', []],
    ]);
  });

  it('keeps running when the widget itself throws', () => {
    const events: string[] = [];
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const dispatcher = createCommandDispatcher({
      emit: (event, ..._args) => {
        events.push(event);
      },
      defaultServerUrl: 'https://support.example',
      mount: () => {
        throw new Error('boom');
      },
    });
    expect(() => dispatcher.run('init', [{ merchantKey: 'pk_demo' }])).not.toThrow();
    expect(error).toHaveBeenCalled();
    expect(dispatcher.initialized).toBe(false);
  });
});
