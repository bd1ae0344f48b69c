import type {
  AuthorType,
  ColorScheme,
  Locale,
  PaymentStatus,
  WidgetErrorCode,
  WidgetPosition,
} from '@topay-support/protocol';

/** Options of `TopaySupport('init', options)` (docs/script-tag.md). They override the merchant's server-side settings. */
export interface InitOptions {
  merchantKey: string;
  /** Defaults to the origin the loader was served from. */
  serverUrl?: string;
  locale?: Locale;
  hideLauncher?: boolean;
  /** Inline mode: render the panel into this element, which already has its size. */
  container?: HTMLElement;
  position?: WidgetPosition;
  colorScheme?: ColorScheme;
  /** Nonce of the page's CSP, for browsers without constructable stylesheets. */
  nonce?: string;
}

export interface Identity {
  userId: string;
  name?: string;
  email?: string;
  /** Lowercase hex HMAC-SHA256 of `userId`, keyed with the merchant secret, computed on the merchant's server. */
  userHash: string;
}

export type AttributeValue = string | number | boolean | null;

/** Payloads of the events a host page can listen to, as listener argument lists. */
// A type alias, not an interface: it then fits `Record<string, unknown[]>` without an index
// signature, so a misspelt event name is a type error.
export type WidgetEvents = {
  ready: [{ version: string }];
  open: [];
  close: [];
  unreadCountChange: [count: number];
  message: [
    {
      conversationId: string;
      id: string;
      seq: number;
      text: string;
      author: { type: AuthorType; name?: string };
      createdAt: string;
    },
  ];
  chatStarted: [{ conversationId: string }];
  chatEnded: [{ conversationId: string }];
  paymentChecked: [{ reference: string; status: PaymentStatus }];
  error: [{ code: WidgetErrorCode; message: string }];
};

export type WidgetEventName =
  | 'ready'
  | 'open'
  | 'close'
  | 'unreadCountChange'
  | 'message'
  | 'chatStarted'
  | 'chatEnded'
  | 'paymentChecked'
  | 'error';

export const WIDGET_EVENT_NAMES: readonly WidgetEventName[] = [
  'ready',
  'open',
  'close',
  'unreadCountChange',
  'message',
  'chatStarted',
  'chatEnded',
  'paymentChecked',
  'error',
];

/** Every command of the script-tag API. The loader knows these names so it can reject typos at once. */
export const COMMAND_NAMES = [
  'init',
  'open',
  'close',
  'toggle',
  'showHome',
  'showArticle',
  'searchHelp',
  'checkPayment',
  'startChat',
  'identify',
  'logout',
  'setLocale',
  'setAttributes',
  'on',
  'off',
  'shutdown',
] as const;

export type CommandName = (typeof COMMAND_NAMES)[number];

/**
 * What a mounted widget must do for the dispatcher. The dispatcher validates every argument first,
 * so implementations receive only well-formed values.
 */
export interface WidgetController {
  open(): void;
  close(): void;
  toggle(): void;
  showHome(): void;
  showArticle(idOrSlug: string): void;
  searchHelp(query: string): void;
  checkPayment(reference?: string): void;
  startChat(firstMessage?: string): void;
  identify(identity: Identity): void;
  logout(): void;
  setLocale(locale: Locale): void;
  setAttributes(attributes: Record<string, AttributeValue>): void;
  /** Removes every node, listener, timer and connection the widget created. */
  destroy(): void;
}

export type EmitWidgetEvent = <E extends WidgetEventName>(event: E, ...args: WidgetEvents[E]) => void;
