import type { EmitWidgetEvent, InitOptions, WidgetController } from '@topay-support/sdk';
import { createSupportClient } from '@topay-support/sdk';
import { mountHost } from './host/mount.js';

/** Options of {@link createWidget}: `init`'s options with the server resolved, plus an event sink. */
export interface WidgetOptions extends InitOptions {
  serverUrl: string;
  /** Receives `ready`, `open`, `close`, `error` and the other widget events. */
  onEvent?: EmitWidgetEvent;
}

/**
 * Mounts the support widget on the page and returns its controller. The merchant's settings are fetched
 * through the SDK client; until they arrive the launcher already works.
 *
 * @example
 * const widget = createWidget({ merchantKey: 'pk_demo', serverUrl: 'http://localhost:8787' });
 * widget.searchHelp('refund');
 * widget.destroy();
 */
export function createWidget(options: WidgetOptions): WidgetController {
  const client = createSupportClient({ merchantKey: options.merchantKey, serverUrl: options.serverUrl });
  return mountHost(options, { fetchConfig: () => client.config(), close: () => client.close(), client });
}
