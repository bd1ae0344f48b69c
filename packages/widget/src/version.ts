import { version as packageVersion } from '../package.json';

/**
 * The widget's version as reported in `ready`. Builds define `__TPS_VERSION__`, which lets the minifier
 * drop the package.json import; tests run the sources, where only package.json knows it.
 */
export const VERSION: string = typeof __TPS_VERSION__ === 'string' ? __TPS_VERSION__ : packageVersion;
