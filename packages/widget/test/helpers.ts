import { act, type BoundFunctions, type queries, within } from '@testing-library/preact';
import type { WidgetConfig } from '@topay-support/protocol';
import type { EmitWidgetEvent, WidgetController, WidgetEventName } from '@topay-support/sdk';
import type { WidgetClient } from '../src/app/model.js';
import { type HostOptions, mountHost } from '../src/host/mount.js';

// Loaded once up front, so the widget's `import()` of a locale chunk resolves within `flush()`.
await Promise.all([
  import('../src/i18n/locales/en.js'),
  import('../src/i18n/locales/zh-TW.js'),
  import('../src/i18n/locales/ar.js'),
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
 * Mounts the real host element with a config source that answers from memory: the components and models
 * are the production ones, only the network is left out (the HTTP path has its own test with a real server).
 */
export async function mount(
  options: HostOptions = {},
  config: WidgetConfig | (() => Promise<WidgetConfig>) = demoConfig(),
  client?: WidgetClient,
): Promise<Mounted> {
  const events: Recorded[] = [];
  const onEvent: EmitWidgetEvent = (event, ...args) => events.push({ event, args });
  const fetchConfig = typeof config === 'function' ? config : () => Promise.resolve(config);
  let controller!: WidgetController;
  await act(() => {
    controller = mountHost(
      { onEvent, ...options },
      { fetchConfig, close: () => {}, ...(client ? { client } : {}) },
    );
  });
  const host = (options.container ?? document.body).querySelector<HTMLElement>(':scope > topay-support');
  if (!host?.shadowRoot) throw new Error('no host element with a shadow root');
  const shadow = host.shadowRoot;
  const mounted: Mounted = {
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
  await mounted.flush();
  return mounted;
}

export function eventNames(events: Recorded[]): WidgetEventName[] {
  return events.map((e) => e.event);
}

export interface FakeMediaQueryList {
  /** Flips the match and notifies listeners, like a resize across the breakpoint. */
  set(matches: boolean): void;
  listeners: number;
}

/** jsdom has no matchMedia; this stands in for it and counts listeners so teardown can be checked. */
export function installMatchMedia(initial: boolean): { list: FakeMediaQueryList; restore(): void } {
  const listeners = new Set<(event: MediaQueryListEvent) => void>();
  let matches = initial;
  const list: FakeMediaQueryList = {
    set(next) {
      matches = next;
      for (const listener of listeners) listener({ matches: next } as MediaQueryListEvent);
    },
    get listeners() {
      return listeners.size;
    },
  };
  const previous = Object.getOwnPropertyDescriptor(window, 'matchMedia');
  Object.defineProperty(window, 'matchMedia', {
    configurable: true,
    writable: true,
    value: (media: string) => ({
      media,
      get matches() {
        return matches;
      },
      addEventListener: (_type: 'change', listener: (event: MediaQueryListEvent) => void) =>
        listeners.add(listener),
      removeEventListener: (_type: 'change', listener: (event: MediaQueryListEvent) => void) =>
        listeners.delete(listener),
    }),
  });
  return {
    list,
    restore() {
      if (previous) Object.defineProperty(window, 'matchMedia', previous);
      else Reflect.deleteProperty(window, 'matchMedia');
    },
  };
}
