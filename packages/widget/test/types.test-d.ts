// Type tests for the widget's npm entry and the event map it shares with the script tag (docs/script-tag.md, docs/sdk.md).
// `pnpm typecheck` runs tsc over this file, so every `expectTypeOf` and `@ts-expect-error` is enforced at compile
// time. vitest does not run it (`.test-d.ts`): at run time these are no-ops, and CI would count each as a pass
// that proved nothing.
import type { AuthorType, Locale, PaymentStatus, WidgetErrorCode } from '@topay-support/protocol';
import { describe, expectTypeOf, test } from 'vitest';
import {
  type EmitWidgetEvent,
  type InitOptions,
  mountWidget,
  type WidgetEventName,
  type WidgetEvents,
  type WidgetOptions,
} from '../src/index.js';

// Wrong uses are written as arguments to these: checked by tsc, harmless when the test runs.
const init = (value: InitOptions) => value;
const widget = (value: WidgetOptions) => value;

describe('mountWidget', () => {
  test('takes WidgetOptions and returns a disposer', () => {
    expectTypeOf(mountWidget).parameters.toEqualTypeOf<[WidgetOptions]>();
    // A disposer first (docs/sdk.md), which also carries the widget's controls.
    expectTypeOf(mountWidget).returns.toExtend<() => void>();
    expectTypeOf(mountWidget).returns.toHaveProperty('open');
  });

  test('WidgetOptions are init options with serverUrl required, plus an optional event sink', () => {
    expectTypeOf<WidgetOptions>().toExtend<InitOptions>();
    expectTypeOf<WidgetOptions['serverUrl']>().toEqualTypeOf<string>();
    expectTypeOf<WidgetOptions['onEvent']>().toEqualTypeOf<EmitWidgetEvent | undefined>();
    widget({
      merchantKey: 'pk_demo',
      serverUrl: 'http://localhost:8787',
      onEvent: (event, ...args) => console.log(event, ...args),
    });
    // @ts-expect-error serverUrl is required from a bundler: there is no loader origin to default to
    widget({ merchantKey: 'pk_demo' });
  });
});

describe('InitOptions (docs/script-tag.md)', () => {
  test('has exactly the documented fields, merchantKey alone required', () => {
    expectTypeOf<InitOptions>().toEqualTypeOf<{
      merchantKey: string;
      serverUrl?: string;
      locale?: Locale;
      hideLauncher?: boolean;
      container?: HTMLElement;
      position?: 'right' | 'left';
      colorScheme?: 'light' | 'dark' | 'auto';
      nonce?: string;
    }>();
    expectTypeOf<Locale>().toEqualTypeOf<'zh-CN' | 'en' | 'zh-TW' | 'ar'>();
    init({ merchantKey: 'pk_demo' });
  });

  test('rejects wrong uses', () => {
    // @ts-expect-error merchantKey is required: the widget cannot know whose support it is without it
    init({ locale: 'en' });
    // @ts-expect-error 'fr' is not a supported locale (zh-CN, en, zh-TW, ar)
    init({ merchantKey: 'pk_demo', locale: 'fr' });
    // @ts-expect-error position is a side, right or left
    init({ merchantKey: 'pk_demo', position: 'top' });
    // @ts-expect-error colorScheme is light, dark or auto
    init({ merchantKey: 'pk_demo', colorScheme: 'sepia' });
    // @ts-expect-error container is an element that already has its size, not a selector
    init({ merchantKey: 'pk_demo', container: '#support' });
  });
});

describe('WidgetEvents (docs/script-tag.md)', () => {
  test('names the nine events', () => {
    expectTypeOf<WidgetEventName>().toEqualTypeOf<
      | 'ready'
      | 'open'
      | 'close'
      | 'unreadCountChange'
      | 'message'
      | 'chatStarted'
      | 'chatEnded'
      | 'paymentChecked'
      | 'error'
    >();
  });

  test('payloads, as listener argument lists', () => {
    expectTypeOf<WidgetEvents['ready']>().toEqualTypeOf<[{ version: string }]>();
    expectTypeOf<WidgetEvents['open']>().toEqualTypeOf<[]>();
    expectTypeOf<WidgetEvents['close']>().toEqualTypeOf<[]>();
    expectTypeOf<WidgetEvents['unreadCountChange']>().toEqualTypeOf<[count: number]>();
    expectTypeOf<WidgetEvents['chatStarted']>().toEqualTypeOf<[{ conversationId: string }]>();
    expectTypeOf<WidgetEvents['chatEnded']>().toEqualTypeOf<[{ conversationId: string }]>();
  });

  test('message: the fields of §3.1 and nothing else', () => {
    expectTypeOf<WidgetEvents['message']>().toEqualTypeOf<
      [
        {
          conversationId: string;
          id: string;
          seq: number;
          text: string;
          author: { type: AuthorType; name?: string };
          createdAt: string;
        },
      ]
    >();
    expectTypeOf<AuthorType>().toEqualTypeOf<'visitor' | 'agent' | 'bot' | 'system'>();
  });

  test('paymentChecked carries reference and status only: never card data or the email', () => {
    expectTypeOf<WidgetEvents['paymentChecked']>().toEqualTypeOf<
      [{ reference: string; status: PaymentStatus }]
    >();
  });

  test('error: { code, message } with the closed list of codes', () => {
    expectTypeOf<WidgetEvents['error']>().toEqualTypeOf<[{ code: WidgetErrorCode; message: string }]>();
    expectTypeOf<WidgetErrorCode>().toEqualTypeOf<
      | 'unknown_command'
      | 'invalid_argument'
      | 'not_initialized'
      | 'already_initialized'
      | 'origin_not_allowed'
      | 'identity_rejected'
      | 'rate_limited'
      | 'network_error'
    >();
  });

  test('an onEvent sink gets each event with its own payload', () => {
    const sink: EmitWidgetEvent = () => {};
    expectTypeOf(sink<'unreadCountChange'>).parameters.toEqualTypeOf<['unreadCountChange', count: number]>();
    const wrong = () => {
      // @ts-expect-error unreadCountChange carries a number, not a string
      sink('unreadCountChange', '3');
      // @ts-expect-error error payloads need a message next to the code
      sink('error', { code: 'network_error' });
    };
    expectTypeOf(wrong).toBeFunction();
  });
});
