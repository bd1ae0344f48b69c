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
  const continueToken = takeContinueToken();
  const client = createSupportClient({
    merchantKey: options.merchantKey,
    serverUrl: options.serverUrl,
    ...(continueToken ? { continueToken } : {}),
  });
  const widget = mountHost(options, {
    fetchConfig: () => client.config(),
    close: () => client.close(),
    client,
  });
  // Opened from a "continue the chat" email: straight to that conversation.
  if (continueToken) widget.startChat();
  return widget;
}

/**
 * The token of an emailed "continue the chat" link (`#tps-continue=…`, docs/email.md), taken out of
 * the address bar so the page is not bookmarked or shared with it.
 */
function takeContinueToken(): string | undefined {
  const match = /[#&]tps-continue=([a-z2-7]+)/i.exec(location.hash);
  if (!match) return undefined;
  history.replaceState(history.state, '', location.href.replace(match[0], '').replace(/#$/, ''));
  return match[1];
}
