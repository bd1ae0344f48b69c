import { expect, test } from 'vitest';
import * as api from '../src/index.js';

// The npm entry's runtime surface is a promise to developers: adding to it is a decision, not an accident.
test('the npm entry exports exactly its documented functions', () => {
  expect(Object.keys(api).sort()).toEqual(['InvalidArgument', 'VERSION', 'createWidget', 'mountWidget']);
});

test('mountWidget returns a disposer that removes the widget', () => {
  const unmount = api.mountWidget({ merchantKey: 'pk_demo', serverUrl: 'http://127.0.0.1:9' });
  expect(typeof unmount.open).toBe('function');
  unmount.open();
  expect(document.querySelectorAll('topay-support')).toHaveLength(1);
  unmount();
  expect(document.querySelector('topay-support')).toBeNull();
});

test('mountWidget validates its options like the script tag does', () => {
  const bad = {
    merchantKey: 'pk_demo',
    serverUrl: 'http://127.0.0.1:9',
    position: 'top',
  } as unknown as Parameters<typeof api.mountWidget>[0];
  expect(() => api.mountWidget(bad)).toThrow(api.InvalidArgument);
  expect(() => api.mountWidget(bad)).toThrow(/position must be one of right, left/);
  expect(document.querySelector('topay-support')).toBeNull();
});
