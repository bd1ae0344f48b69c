import { act, type BoundFunctions, type queries, waitFor, within } from '@testing-library/preact';
import type { WidgetConfig } from '@topay-support/protocol';
import type { EmitWidgetEvent, WidgetController, WidgetEventName } from '@topay-support/sdk';
import { expect } from 'vitest';
import { type HostOptions, mountHost } from '../src/host/mount.js';
import { createWidget } from '../src/widget.js';

// Loaded once up front, so the widget's `import()` of a locale chunk resolves within `flush()`.
await Promise.all([
  import('../src/i18n/locales/en.js'),
  import('../src/i18n/locales/zh-TW.js'),
  import('../src/i18n/locales/ar.js'),
  import('../src/i18n/locales/en-features.js'),
  import('../src/i18n/locales/zh-TW-features.js'),
  import('../src/i18n/locales/ar-features.js'),
]);

export function demoConfig(merchant: Partial<WidgetConfig['merchant']> = {}): WidgetConfig {
  return {
    merchant: {
      name: 'Demo Shop',
      defaultLocale: 'zh-CN',
      color: '#0a7d4f',
      position: 'right',
      colorScheme: 'light',
      greeting: { en: 'Hello from Demo Shop', 'zh-CN': '欢迎光临 Demo Shop' },
      preChatForm: false,
      ...merchant,
    },
    availability: { online: true },
    assistant: { enabled: false, name: '' },
    protocolVersion: 1,
  };
}

export interface Recorded {
  event: WidgetEventName;
  args: unknown[];
}

export interface Mounted {
  controller: WidgetController;
  host: HTMLElement;
  shadow: ShadowRoot;
  /** Testing Library queries scoped to the shadow root's content (an element, so failures print the DOM). */
  ui: BoundFunctions<typeof queries>;
  events: Recorded[];
  /** Runs a command and lets Preact render and run its layout effects. */
  run(fn: (controller: WidgetController) => void): Promise<void>;
  /** Settles the config promise and the renders that follow. */
  flush(): Promise<void>;
}

/**
 * Mounts the real host element with the merchant's settings given as plain data, for views that talk to no
 * server (no SDK client: chat, help and payments say they are unavailable). Anything that talks to the server
 * uses {@link mountWidget}.
 */
export async function mount(
  options: HostOptions = {},
  config: WidgetConfig | (() => Promise<WidgetConfig>) = demoConfig(),
): Promise<Mounted> {
  const events: Recorded[] = [];
  const onEvent: EmitWidgetEvent = (event, ...args) => events.push({ event, args });
  const fetchConfig = typeof config === 'function' ? config : () => Promise.resolve(config);
  let controller!: WidgetController;
  await act(() => {
    controller = mountHost({ onEvent, ...options }, { fetchConfig, close: () => {} });
  });
  const mounted = wrap(controller, events, options.container);
  await mounted.flush();
  return mounted;
}

/**
 * The widget as a merchant's page gets it (`createWidget`): the real SDK client against `serverUrl`, as the
 * demo merchant. Resolves once the settings have arrived (`ready`).
 */
export async function mountWidget(serverUrl: string, options: HostOptions = {}): Promise<Mounted> {
  const events: Recorded[] = [];
  const onEvent: EmitWidgetEvent = (event, ...args) => events.push({ event, args });
  let controller!: WidgetController;
  await act(() => {
    controller = createWidget({ merchantKey: 'pk_demo', serverUrl, onEvent, ...options });
  });
  const mounted = wrap(controller, events, options.container);
  await waitFor(() => expect(eventNames(events)).toContain('ready'), { timeout: 5000 });
  await mounted.flush();
  return mounted;
}

function wrap(controller: WidgetController, events: Recorded[], container?: HTMLElement): Mounted {
  const host = (container ?? document.body).querySelector<HTMLElement>(':scope > topay-support');
  if (!host?.shadowRoot) throw new Error('no host element with a shadow root');
  const shadow = host.shadowRoot;
  return {
    controller,
    host,
    shadow,
    ui: within(shadow.querySelector<HTMLElement>('.root') ?? (shadow as unknown as HTMLElement)),
    events,
    run: (fn) => act(() => fn(controller)),
    flush: async () => {
      for (let i = 0; i < 3; i++) await act(() => Promise.resolve());
      // A locale other than the inlined zh-CN arrives as a lazy chunk (a dynamic import).
      await act(() => new Promise((resolve) => setTimeout(resolve, 0)));
      for (let i = 0; i < 3; i++) await act(() => Promise.resolve());
    },
  };
}

export function eventNames(events: Recorded[]): WidgetEventName[] {
  return events.map((e) => e.event);
}

export interface FakeVisualViewport {
  width: number;
  height: number;
  scale: number;
  offsetLeft: number;
  offsetTop: number;
  /** Changes the viewport and notifies listeners, like a resize, a pinch-zoom or the on-screen keyboard. */
  set(
    change: Partial<Pick<FakeVisualViewport, 'width' | 'height' | 'scale' | 'offsetLeft' | 'offsetTop'>>,
  ): void;
  readonly listeners: number;
}

/**
 * A stand-in for `window.visualViewport`, which jsdom lacks: an event target with a box and a scale, counting its
 * listeners so teardown can be checked. `restore()` puts the window back as it was.
 */
export function installVisualViewport(
  box: Pick<FakeVisualViewport, 'width' | 'height'> & Partial<FakeVisualViewport>,
): { viewport: FakeVisualViewport; restore(): void } {
  const target = new EventTarget();
  let listeners = 0;
  const viewport = Object.assign(target, { scale: 1, offsetLeft: 0, offsetTop: 0, ...box }) as EventTarget &
    FakeVisualViewport;
  const add = target.addEventListener.bind(target);
  const remove = target.removeEventListener.bind(target);
  Object.defineProperties(viewport, {
    addEventListener: {
      value: (...args: Parameters<typeof add>) => {
        listeners++;
        add(...args);
      },
    },
    removeEventListener: {
      value: (...args: Parameters<typeof remove>) => {
        listeners--;
        remove(...args);
      },
    },
    listeners: { get: () => listeners },
    set: {
      value: (change: Partial<FakeVisualViewport>) => {
        Object.assign(viewport, change);
        target.dispatchEvent(new Event('resize'));
      },
    },
  });
  const previous = Object.getOwnPropertyDescriptor(window, 'visualViewport');
  Object.defineProperty(window, 'visualViewport', { configurable: true, value: viewport });
  return {
    viewport,
    restore() {
      if (previous) Object.defineProperty(window, 'visualViewport', previous);
      else Reflect.deleteProperty(window, 'visualViewport');
    },
  };
}
