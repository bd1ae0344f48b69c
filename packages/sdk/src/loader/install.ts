import { reportError } from '../commands/report.js';
import { COMMAND_NAMES, type EmitWidgetEvent, WIDGET_EVENT_NAMES } from '../commands/types.js';
import type { AppModule, LoadedApp } from './bridge.js';

/** The global a merchant's page talks to: the queue stub before the loader runs, the real API after. */
export interface TopaySupportGlobal {
  (...args: unknown[]): unknown;
  /** Calls made through the queue stub before the loader arrived (`arguments` objects). */
  q?: ArrayLike<unknown>[];
  /** Set once a loader has taken over, so a second copy of the loader steps aside. */
  loaded?: true;
}

export interface LoaderOptions {
  /** The loader's own `<script>`: its `src` locates the widget bundle, `data-merchant-key` enables auto-init. */
  script: HTMLScriptElement | null;
  /** The widget bundle's file name, relative to the loader. */
  appEntry: string;
  importApp?: (url: string) => Promise<AppModule>;
}

type AnyListener = (...args: unknown[]) => void;

// Commands that show something: waiting for idle time would make the visitor wait.
const EAGER = new Set([
  'open',
  'toggle',
  'showHome',
  'showArticle',
  'searchHelp',
  'checkPayment',
  'startChat',
]);
const INTERACTIONS = ['pointerdown', 'keydown', 'touchstart'] as const;

/**
 * Takes over `window.TopaySupport`: replays the stub's queue in order, answers `on`/`off` at once,
 * and loads the widget bundle when the browser is idle or on the first interaction.
 * Draws nothing itself, so it cannot shift the host page's layout.
 */
export function installLoader(
  win: Window & { TopaySupport?: TopaySupportGlobal },
  options: LoaderOptions,
): void {
  const stub = win.TopaySupport;
  if (stub?.loaded) return;
  const base = new URL(options.script?.src || win.location.href);
  const listeners = new Map<string, Set<AnyListener>>();
  const queue: unknown[][] = [];
  let app: LoadedApp | undefined;
  let state: 'waiting' | 'scheduled' | 'loading' = 'waiting';

  const emit: EmitWidgetEvent = (event, ...args) => {
    for (const listener of [...(listeners.get(event) ?? [])]) {
      try {
        listener(...args);
      } catch (error) {
        console.error(`[TopaySupport] a "${event}" listener threw`, error);
      }
    }
  };

  const onInteraction = () => load();
  const stopWatching = () => {
    for (const type of INTERACTIONS) win.removeEventListener(type, onInteraction, true);
  };

  function load(): void {
    if (state === 'loading' || app) return;
    state = 'loading';
    stopWatching();
    const importApp =
      options.importApp ?? ((url: string) => import(/* @vite-ignore */ url) as Promise<AppModule>);
    importApp(new URL(options.appEntry, base).href).then(
      (module) => {
        app = module.boot({ emit, defaultServerUrl: base.origin });
        for (const [command, ...args] of queue.splice(0)) app.run(command as string, args);
      },
      (error: unknown) => {
        state = 'waiting';
        reportError(emit, 'network_error', `could not load the widget bundle: ${String(error)}`);
      },
    );
  }

  function schedule(): void {
    if (state !== 'waiting') return;
    state = 'scheduled';
    for (const type of INTERACTIONS)
      win.addEventListener(type, onInteraction, { capture: true, passive: true });
    if (win.requestIdleCallback) win.requestIdleCallback(load, { timeout: 3000 });
    else win.setTimeout(load, 1);
  }

  const api: TopaySupportGlobal = (command: unknown, ...args: unknown[]) => {
    if (command === 'on' || command === 'off') {
      const [event, listener] = args;
      if (!WIDGET_EVENT_NAMES.includes(event as never) || typeof listener !== 'function') {
        reportError(
          emit,
          'invalid_argument',
          `${command} expects (event, listener) with event one of ${WIDGET_EVENT_NAMES}`,
        );
        return undefined;
      }
      const set = listeners.get(event as string) ?? new Set<AnyListener>();
      listeners.set(event as string, set);
      if (command === 'off') {
        set.delete(listener as AnyListener);
        return undefined;
      }
      set.add(listener as AnyListener);
      return () => set.delete(listener as AnyListener);
    }
    if (!COMMAND_NAMES.includes(command as never)) {
      reportError(emit, 'unknown_command', `unknown command "${String(command)}"`);
      return undefined;
    }
    if (app) {
      app.run(command as string, args);
      return undefined;
    }
    queue.push([command, ...args]);
    if (command === 'init') schedule();
    else if (EAGER.has(command as string) && state !== 'waiting') load();
    return undefined;
  };
  api.loaded = true;
  win.TopaySupport = api;

  const pending = Array.from(stub?.q ?? [], (call) => Array.from(call));
  const merchantKey = options.script?.dataset.merchantKey;
  if (merchantKey && !pending.some(([command]) => command === 'init'))
    pending.unshift(['init', { merchantKey }]);
  for (const call of pending) api(...call);
}
