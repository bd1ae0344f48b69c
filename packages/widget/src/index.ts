import { parseInitOptions } from '@topay-support/sdk';
import { createWidget, type WidgetOptions } from './widget.js';

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
 * // later, e.g. when the visitor signs out or the route unmounts:
 * unmount();
 */
export function mountWidget(options: WidgetOptions): () => void {
  const { onEvent, ...init } = options;
  // The same validation as the script tag's `init`, so a typo fails here with a clear message
  // (an `InvalidArgument` error) instead of misbehaving later.
  const parsed = parseInitOptions(init, options.serverUrl);
  const widget = createWidget(onEvent ? { ...parsed, onEvent } : parsed);
  return () => widget.destroy();
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
export type { WidgetOptions };
export { createWidget };
