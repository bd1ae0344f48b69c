import type { IdentityClaim, Locale, WidgetConfig } from '@topay-support/protocol';
import type { ConnectionState } from '../chat/connection.js';
import type { ChatSession } from '../chat/session.js';
import { createChatStore, type KeyValueStorage } from '../chat/storage.js';
import type { ChatApi, Conversation, OpenChatRequest } from '../chat/types.js';
import { createPaymentsApi, type PaymentsApi } from '../payments/payments.js';
import { Emitter } from './emitter.js';
import { SupportError } from './errors.js';
import { createHelpApi, type HelpApi } from './help.js';
import { requestJson } from './http.js';

export interface SupportClientOptions {
  /** The merchant's public key, `pk_…`. */
  merchantKey: string;
  /** Origin of the topay-support server, e.g. `https://support.example.com`. */
  serverUrl: string;
  /** Preferred locale for server-side content; the merchant's default applies otherwise. */
  locale?: Locale;
  /**
   * Where the visitor token and unsent chat messages persist between page loads; `localStorage` by default.
   * Pass another `Storage` (e.g. `sessionStorage`) to keep less, or a test double.
   */
  storage?: KeyValueStorage;
  /**
   * The token of an emailed "continue the chat" link (docs/email.md): chat is then that one
   * conversation, as whoever holds the link, and nothing of it is persisted on this device.
   */
  continueToken?: string;
}

/** Listener argument lists of `client.on(event, fn)`. */
// A type alias, so a misspelt event name is a type error (see WidgetEvents).
export type SupportClientEvents = {
  /** The chat socket's state; `connected` once the server has accepted the visitor. */
  connection: [ConnectionState];
  /** Whether an agent can answer now, pushed by the server while chat is connected. */
  availability: [online: boolean];
  /** Every accepted (re)connect. `identityRejected`: the `identify` hash did not verify, so this is anonymous. */
  session: [{ visitorId: string; identityRejected: boolean }];
};

export interface SupportClient {
  readonly merchantKey: string;
  readonly serverUrl: string;
  /** The merchant's public widget settings (name, colours, default locale). */
  config(): Promise<WidgetConfig>;
  /** Live chat; nothing connects (nor downloads) until it is first used. */
  readonly chat: ChatApi;
  /** The help center: search, articles, home lists, votes and deflections, over plain HTTP. */
  readonly help: HelpApi;
  /** Payment status: `lookup` with reference + email, `list` for an identified visitor's own payments. */
  readonly payments: PaymentsApi;
  on<E extends keyof SupportClientEvents & string>(
    event: E,
    listener: (...args: SupportClientEvents[E]) => void,
  ): () => void;
  /** Chats as a verified user of the merchant's site from now on (a connected chat reconnects). */
  identify(identity: IdentityClaim): void;
  /** Forgets the user: the stored visitor token, conversations and unsent messages of this browser. */
  logout(): void;
  /** Releases everything the client holds: socket, timers, listeners. Further calls reject. */
  close(): void;
}

/**
 * Creates a headless client for one merchant. Nothing is fetched until a method is called.
 *
 * @example
 * const client = createSupportClient({ merchantKey: 'pk_demo', serverUrl: 'http://localhost:8787' });
 * const { merchant } = await client.config();
 * const { results } = await client.help.search('forgot my password');
 * const conversation = await client.chat.open({ topic: 'payment' });
 * conversation.on('message', (m) => console.log(m.author.name, m.text));
 * await conversation.send('My payment failed');
 */
/** Storage that keeps nothing: the chat store falls back to memory for the page's lifetime. */
const NOWHERE: KeyValueStorage = {
  getItem: () => null,
  setItem() {
    throw new Error('not persisted');
  },
  removeItem() {},
  key: () => null,
  length: 0,
};

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
  const merchantKey = options.merchantKey;
  const http = { serverUrl, merchantKey };
  // A link's session is borrowed: it must not replace (or leave behind) this device's own visitor.
  const store = createChatStore(merchantKey, options.continueToken ? NOWHERE : options.storage);
  const events = new Emitter<SupportClientEvents>();
  let configPromise: Promise<WidgetConfig> | undefined;
  let session: Promise<ChatSession> | undefined;
  // The same session once loaded, so identify/logout/close act at once rather than a microtask later.
  let live: ChatSession | undefined;
  let identity: IdentityClaim | undefined;
  let closed = false;

  const closedError = () => new SupportError('network_error', 'the support client is closed');

  // The chat session and socket.io-client arrive together in one lazy chunk, on the first chat call.
  function chatSession(): Promise<ChatSession> {
    if (closed) return Promise.reject(closedError());
    session ??= import('../chat/session.js').then(({ ChatSession }) => {
      if (closed) throw closedError();
      live = new ChatSession({
        serverUrl,
        merchantKey,
        store,
        continueToken: options.continueToken,
        identity: () => identity,
        onConnection: (state) => events.emit('connection', state),
        onAvailability: (online) => events.emit('availability', online),
        onSession: (info) => events.emit('session', info),
      });
      return live;
    });
    session.catch(() => {
      session = undefined;
    });
    return session;
  }

  const chat: ChatApi = {
    open: (request?: OpenChatRequest): Promise<Conversation> => chatSession().then((s) => s.open(request)),
    current: () => chatSession().then((s) => s.current()),
    list: () => chatSession().then((s) => s.list()),
    switchTo: (id) => chatSession().then((s) => s.switchTo(id)),
    upload: (file, options) => chatSession().then((s) => s.upload(file, options)),
  };

  return {
    merchantKey,
    serverUrl,
    chat,
    help: createHelpApi(http, options.locale, () => closed),
    payments: createPaymentsApi({
      http,
      closed: () => closed,
      // The key the chat session stores its visitor token under (`chat/session.ts`), read without loading chat.
      storedToken: () => store.read<string>('visitor'),
      identified: () => identity !== undefined,
      sessionToken: () => chatSession().then((s) => s.visitorToken()),
    }),
    config() {
      if (closed) return Promise.reject(new Error('SupportClient is closed'));
      // Settings change rarely; one request per client is enough, but a failure must not stick.
      configPromise ??= requestJson<WidgetConfig>(http, '/v1/widget/config').catch((error: unknown) => {
        configPromise = undefined;
        throw error;
      });
      return configPromise;
    },
    on: (event, listener) => events.on(event, listener),
    identify(next) {
      identity = { ...next };
      live?.reauthenticate();
    },
    logout() {
      identity = undefined;
      store.clear();
      live?.forget();
    },
    close() {
      if (closed) return;
      closed = true;
      live?.close();
      events.clear();
    },
  };
}
