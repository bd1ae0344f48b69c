import type { WidgetConfig } from '@topay-support/protocol';
import { SupportError } from '@topay-support/sdk';
import { describe, expect, test, vi } from 'vitest';
import { createConfigModel } from '../../../src/features/config/model.js';

const config = { merchant: { name: 'Shop' }, protocolVersion: 1 } as WidgetConfig;

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

// Only where nothing must happen: one turn of the event loop lets every settled promise's handlers run.
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('config model', () => {
  test('loads once: a second load after success neither refetches nor re-announces', async () => {
    const fetchConfig = vi.fn(() => Promise.resolve(config));
    const onLoaded = vi.fn();
    const model = createConfigModel({ fetchConfig, onLoaded, onFailed: vi.fn() });
    expect(model.state.value).toEqual({ status: 'loading' });
    model.load();
    await vi.waitFor(() => expect(model.state.value).toEqual({ status: 'ready', config }));
    model.load();
    await tick();
    expect(model.state.value).toEqual({ status: 'ready', config });
    expect(fetchConfig).toHaveBeenCalledTimes(1);
    expect(onLoaded).toHaveBeenCalledTimes(1);
  });

  test.each([
    [new SupportError('origin_not_allowed', 'no'), 'origin_not_allowed'],
    [new SupportError('rate_limited', 'slow down', { status: 429 }), 'rate_limited'],
    [new SupportError('unauthorized', 'bad key', { status: 401 }), 'network_error'],
    [new TypeError('Failed to fetch'), 'network_error'],
  ])('maps %s to the widget error code %s', async (error, code) => {
    const onFailed = vi.fn();
    const model = createConfigModel({
      fetchConfig: () => Promise.reject(error),
      onLoaded: vi.fn(),
      onFailed,
    });
    model.load();
    await vi.waitFor(() => expect(model.state.value).toEqual({ status: 'failed', code }));
    expect(onFailed).toHaveBeenCalledWith(code, expect.stringContaining(error.message));
  });

  test('only the latest attempt lands, and nothing lands after dispose', async () => {
    const first = deferred<WidgetConfig>();
    const second = deferred<WidgetConfig>();
    const answers = [first.promise, second.promise];
    const onLoaded = vi.fn();
    const model = createConfigModel({ fetchConfig: () => answers.shift()!, onLoaded, onFailed: vi.fn() });
    model.load();
    model.load();
    first.reject(new Error('stale'));
    await tick();
    expect(model.state.value).toEqual({ status: 'loading' });
    model.dispose();
    second.resolve(config);
    await tick();
    expect(model.state.value).toEqual({ status: 'loading' });
    expect(onLoaded).not.toHaveBeenCalled();
  });
});
