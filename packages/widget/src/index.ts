import type { WidgetController } from '@topay-support/sdk';
import { parseInitOptions } from '@topay-support/sdk';
import { createWidget, type WidgetOptions } from './widget.js';

/** What `mountWidget` returns: call it to remove the widget; its methods drive it like the script-tag commands. */
type MountedWidget = (() => void) & Omit<WidgetController, 'destroy'>;

/**
 * Mounts the support widget from a bundler-based app and returns a disposer that removes it again,
 * with every node, listener and request it created.
 *
 * @example
 * import { mountWidget } from '@topay-support/widget';
 *
 * const unmount = mountWidget({
 *   merchantKey: 'pk_demo',
 *   serverUrl: 'https://support.example.com',
 *   locale: 'zh-CN',
 *   onEvent: (event, ...args) => console.log(event, ...args),
 * });
 * document.querySelector('#help')?.addEventListener('click', () => unmount.open());
 * // later, e.g. when the visitor signs out or the route unmounts:
 * unmount();
 */
export function mountWidget(options: WidgetOptions): MountedWidget {
  const { onEvent, ...init } = options;
  // The same validation as the script tag's `init`, so a typo fails here with a clear message
  // (an `InvalidArgument` error) instead of misbehaving later.
  const parsed = parseInitOptions(init, options.serverUrl);
  const { destroy, ...controls } = createWidget(onEvent ? { ...parsed, onEvent } : parsed);
  // Still "a disposer" (docs/sdk.md), and also the handle an app needs for its own buttons.
  return Object.assign(() => destroy(), controls);
}

export type {
  AttributeValue,
  EmitWidgetEvent,
  Identity,
  InitOptions,
  WidgetController,
  WidgetEventName,
  WidgetEvents,
} from '@topay-support/sdk';
export { InvalidArgument } from '@topay-support/sdk';
export { VERSION } from './version.js';
export type { MountedWidget, WidgetOptions };
export { createWidget };
