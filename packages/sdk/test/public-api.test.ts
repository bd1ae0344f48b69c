import { expect, test } from 'vitest';
import * as api from '../src/index.js';

// The npm entry's runtime surface is a promise to developers: adding to it is a decision, not an accident.
// docs/sdk.md documents `createSupportClient` and `SupportError` for apps; the rest is what the widget and the
// script-tag loader share with the SDK (command dispatch, init validation, the loader, the chat hint).
const DOCUMENTED = [
  // for apps (docs/sdk.md)
  'SupportError',
  'createSupportClient',
  // for the widget and the loader (docs/script-tag.md)
  'COMMAND_NAMES',
  'Emitter',
  'InvalidArgument',
  'WIDGET_EVENT_NAMES',
  'createCommandDispatcher',
  'hasActiveChat',
  'installLoader',
  'parseInitOptions',
  'reportError',
];

test('the npm entry exports exactly its documented values', () => {
  expect(Object.keys(api).sort()).toEqual([...DOCUMENTED].sort());
});

test('constants are UPPER_CASE lists; every other export is a function or a class', () => {
  for (const [name, value] of Object.entries(api)) {
    const kind = Array.isArray(value) ? 'array' : typeof value;
    expect([name, kind]).toEqual([name, /^[A-Z_]+$/.test(name) ? 'array' : 'function']);
  }
});
