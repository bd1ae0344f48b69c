import type { Locale, WidgetConfig } from '@topay-support/protocol';
import { requestJson } from './http.js';

export interface SupportClientOptions {
  /** The merchant's public key, `pk_…`. */
  merchantKey: string;
  /** Origin of the topay-support server, e.g. `https://support.example.com`. */
  serverUrl: string;
  /** Preferred locale for server-side content; the merchant's default applies otherwise. */
  locale?: Locale;
}

export interface SupportClient {
  readonly merchantKey: string;
  readonly serverUrl: string;
  /** The merchant's public widget settings (name, colours, default locale). */
  config(): Promise<WidgetConfig>;
  /** Releases everything the client holds. Further calls reject. */
  close(): void;
}

/**
 * Creates a headless client for one merchant. Nothing is fetched until a method is called.
 *
 * @example
 * const client = createSupportClient({ merchantKey: 'pk_demo', serverUrl: 'http://localhost:8787' });
 * const { merchant } = await client.config();
 */
export function createSupportClient(options: SupportClientOptions): SupportClient {
  if (typeof options?.merchantKey !== 'string' || options.merchantKey.trim() === '') {
    throw new TypeError('createSupportClient: merchantKey is required');
  }
  let serverUrl: string;
  try {
    serverUrl = new URL(options.serverUrl).origin;
  } catch {
    throw new TypeError(
      `createSupportClient: serverUrl must be an absolute URL, got ${String(options.serverUrl)}`,
    );
  }
  const http = { serverUrl, merchantKey: options.merchantKey };
  let configPromise: Promise<WidgetConfig> | undefined;
  let closed = false;

  return {
    merchantKey: options.merchantKey,
    serverUrl,
    config() {
      if (closed) return Promise.reject(new Error('SupportClient is closed'));
      // Settings change rarely; one request per client is enough, but a failure must not stick.
      configPromise ??= requestJson<WidgetConfig>(http, '/v1/widget/config').catch((error: unknown) => {
        configPromise = undefined;
        throw error;
      });
      return configPromise;
    },
    close() {
      closed = true;
    },
  };
}
