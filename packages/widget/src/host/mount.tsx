import { effect } from '@preact/signals';
import type { WidgetConfig } from '@topay-support/protocol';
import type { EmitWidgetEvent, InitOptions, WidgetController } from '@topay-support/sdk';
import { render } from 'preact';
import { App } from '../app/app.js';
import type { WidgetClient } from '../app/model.js';
import { createWidgetModel } from '../app/model.js';
import { detectLocale } from '../i18n/detect.js';
import { BASE_CSS } from '../theme/styles.js';
import { themeCss } from '../theme/theme.js';
import { createStyleSlots } from './stylesheets.js';
import { followVisualViewport } from './viewport.js';

export interface HostOptions extends Omit<InitOptions, 'merchantKey' | 'serverUrl'> {
  onEvent?: EmitWidgetEvent | undefined;
}

/** Where the merchant's settings come from: the SDK client in production, anything in tests. */
export interface ConfigSource {
  fetchConfig(): Promise<WidgetConfig>;
  close(): void;
  /** The SDK client behind chat and identity; tests of other features leave it out. */
  client?: WidgetClient;
}

/**
 * Creates the `<topay-support>` host element with its shadow root, styles and Preact tree, and returns the
 * controller the command dispatcher drives. Everything it sets up is undone by `destroy()`.
 */
export function mountHost(options: HostOptions, source: ConfigSource): WidgetController {
  const doc = options.container?.ownerDocument ?? document;
  const win = doc.defaultView ?? window;
  const inline = options.container !== undefined;
  let destroyed = false;
  const emit: EmitWidgetEvent = (event, ...args) => {
    if (!destroyed) options.onEvent?.(event, ...args);
  };

  // Not a registered custom element: the registry is global to the page and a second copy of the widget
  // (or the merchant's own code) could collide with it. A hyphenated name is still allowed a shadow root.
  const host = doc.createElement('topay-support');
  host.setAttribute('data-mode', inline ? 'inline' : 'floating');
  const root = host.attachShadow({ mode: 'open' });
  // Base, theme, and the chat, help and payments chunks' sheets (empty until each loads).
  const [setBase, setTheme, setChat, setHelp, setPayments] = createStyleSlots(root, 5, options.nonce) as [
    (css: string) => void,
    (css: string) => void,
    (css: string) => void,
    (css: string) => void,
    (css: string) => void,
  ];
  setBase(BASE_CSS);
  const mountPoint = doc.createElement('div');
  mountPoint.className = 'root';
  root.append(mountPoint);

  const model = createWidgetModel({
    fetchConfig: () => source.fetchConfig(),
    emit,
    inline,
    hideLauncher: options.hideLauncher,
    locale: options.locale,
    position: options.position,
    colorScheme: options.colorScheme,
    detectedLocale: detectLocale(doc, win.navigator),
    client: source.client,
    setChatStyles: setChat,
    setHelpStyles: setHelp,
    setPaymentsStyles: setPayments,
    pageContext: () => ({ pageUrl: win.location.href, userAgent: win.navigator.userAgent }),
  });

  const disposers: Array<() => void> = [
    effect(() => {
      const theme = model.theme.value;
      host.setAttribute('data-position', theme.position);
      host.setAttribute('data-scheme', theme.colorScheme);
      setTheme(themeCss(theme));
    }),
  ];

  (options.container ?? doc.body ?? doc.documentElement).append(host);
  // After the append: it measures where the host lands. Inline, the host is part of the page and follows nothing.
  if (!inline) disposers.push(followVisualViewport(win, host, model.panel.setCompact));
  model.config.load();
  // The first render is a task of its own: mounting in one go was a long task (> 50 ms) on a slow phone
  // (bench/host-impact.mjs, CPU ×4). The settings request is already on its way meanwhile.
  const firstRender = win.setTimeout(() => {
    if (!destroyed) render(<App model={model} />, mountPoint);
  }, 0);
  disposers.push(() => win.clearTimeout(firstRender));

  // After destroy every command is a no-op: the npm API hands the controller out and cannot take it back.
  const live =
    <A extends unknown[]>(fn: (...args: A) => void) =>
    (...args: A) => {
      if (!destroyed) fn(...args);
    };

  return {
    open: live(model.open),
    close: live(model.close),
    toggle: live(model.toggle),
    showHome: live(model.showHome),
    showArticle: live(model.showArticle),
    searchHelp: live(model.searchHelp),
    checkPayment: live(model.checkPayment),
    startChat: live(model.startChat),
    identify: live(model.identify),
    logout: live(model.logout),
    setLocale: live(model.setLocale),
    setAttributes: live(model.setAttributes),
    destroy() {
      if (destroyed) return;
      destroyed = true;
      render(null, mountPoint);
      for (const dispose of disposers.splice(0)) dispose();
      model.dispose();
      source.close();
      host.remove();
    },
  };
}
