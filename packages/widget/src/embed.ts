// The script-tag bundle's entry, imported by the loader (packages/sdk/src/loader) once the page is idle.
import type { LoadedApp, LoaderBridge } from '@topay-support/sdk';
import { createCommandDispatcher } from '@topay-support/sdk';
import { createWidget } from './widget.js';

/**
 * Hands the loader a dispatcher that validates each command and drives the widget it mounts on `init`.
 *
 * @example
 * const app = boot({ emit, defaultServerUrl: 'https://support.example.com' });
 * app.run('init', [{ merchantKey: 'pk_demo' }]);
 */
export function boot(bridge: LoaderBridge): LoadedApp {
  return createCommandDispatcher({
    emit: bridge.emit,
    defaultServerUrl: bridge.defaultServerUrl,
    mount: (options) => createWidget({ ...options, onEvent: bridge.emit }),
  });
}
