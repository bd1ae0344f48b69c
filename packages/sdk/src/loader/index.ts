// The script-tag entry: built as a classic script, runs once on load, touches only `window.TopaySupport`.
import { installLoader } from './install.js';

declare const __TPS_APP_ENTRY__: string;

installLoader(window, {
  script: document.currentScript as HTMLScriptElement | null,
  appEntry: __TPS_APP_ENTRY__,
});
