import { computed, effect, type ReadonlySignal } from '@preact/signals';
import type {
  ColorScheme,
  ConversationContext,
  Locale,
  WidgetConfig,
  WidgetPosition,
} from '@topay-support/protocol';
import {
  type EmitWidgetEvent,
  reportError,
  type SupportClient,
  type WidgetController,
} from '@topay-support/sdk';
import { type ChatModel, createChatModel } from '../features/chat/model.js';
import { type ConfigModel, createConfigModel } from '../features/config/model.js';
import { createHelpModel, type HelpModel } from '../features/help/model.js';
import { createIdentityModel, type IdentityModel } from '../features/identity/model.js';
import { createPanelModel, type PanelModel } from '../features/panel/model.js';
import { createPaymentsModel, type PaymentsModel } from '../features/payments/model.js';
import { createLocaleModel, type LocaleModel } from '../i18n/model.js';
import { resolveTheme, type Theme } from '../theme/theme.js';
import { VERSION } from '../version.js';

export interface WidgetModelOptions {
  fetchConfig(): Promise<WidgetConfig>;
  emit: EmitWidgetEvent;
  /** Inline mode: the panel lives in a merchant's container, always shown, without a launcher. */
  inline?: boolean;
  hideLauncher?: boolean;
  /** From `init`: beats the merchant's settings. */
  locale?: Locale | undefined;
  position?: WidgetPosition | undefined;
  colorScheme?: ColorScheme | undefined;
  /** What the page and browser suggest, used when `init` names no locale. */
  detectedLocale?: Locale | undefined;
  /** The SDK client for chat and identity; without it chat says it is unavailable. */
  client?: WidgetClient | undefined;
  /** Adopts the lazily loaded chat chunk's stylesheet. */
  setChatStyles?: ((css: string) => void) | undefined;
  /** Adopts the lazily loaded help chunk's stylesheet. */
  setHelpStyles?: ((css: string) => void) | undefined;
  /** Adopts the lazily loaded payments chunk's stylesheet. */
  setPaymentsStyles?: ((css: string) => void) | undefined;
  /** Where the visitor is (page URL, browser), sent with a new conversation for the agent. */
  pageContext?: (() => ConversationContext) | undefined;
}

/** The parts of the SDK client the widget uses. */
export type WidgetClient = Pick<
  SupportClient,
  'chat' | 'help' | 'on' | 'identify' | 'logout' | 'merchantKey' | 'serverUrl'
> &
  // Optional so a client without payment status still fits; the view then says so.
  Partial<Pick<SupportClient, 'payments'>>;

/** Commands of the controller that only touch state; `destroy` belongs to whoever owns the DOM. */
export type WidgetActions = Omit<WidgetController, 'destroy'>;

export interface WidgetModel extends WidgetActions {
  readonly config: ConfigModel;
  readonly panel: PanelModel;
  readonly help: HelpModel;
  readonly payments: PaymentsModel;
  readonly chat: ChatModel;
  readonly identity: IdentityModel;
  readonly i18n: LocaleModel;
  readonly theme: ReadonlySignal<Theme>;
  /** What the header calls the merchant; `undefined` until the settings arrive. */
  readonly merchantName: ReadonlySignal<string | undefined>;
  readonly greeting: ReadonlySignal<string | undefined>;
  /** The merchant's settings once they arrive: the home view reads the logo, contact channels and hours. */
  readonly merchant: ReadonlySignal<WidgetConfig['merchant'] | undefined>;
  readonly showLauncher: boolean;
  /** The help center without a particular question. */
  browseHelp(): void;
  dispose(): void;
}

/**
 * All of the widget's state and the actions on it, with no DOM. Components read its signals and call
 * its actions; the host element and the commands from the page call the same actions.
 */
export function createWidgetModel(options: WidgetModelOptions): WidgetModel {
  const inline = options.inline ?? false;
  const config = createConfigModel({
    fetchConfig: options.fetchConfig,
    // `load` never refetches once settings arrived, so `ready` is emitted exactly once per mount.
    onLoaded: () => {
      options.emit('ready', { version: VERSION });
      chat.resumeIfActive();
    },
    onFailed: (code, message) => reportError(options.emit, code, message),
  });
  const merchant = computed(() => {
    const state = config.state.value;
    return state.status === 'ready' ? state.config.merchant : undefined;
  });
  const i18n = createLocaleModel({
    requested: options.locale,
    detected: options.detectedLocale,
    merchantDefault: computed(() => merchant.value?.defaultLocale),
  });
  const panel = createPanelModel({
    inline,
    onOpen: () => options.emit('open'),
    onClose: () => options.emit('close'),
  });
  const help = createHelpModel({
    backend: options.client,
    locale: i18n.locale,
    show: panel.show,
    addResources: i18n.addResources,
    featureStrings: i18n.featureStrings,
    setStyles: (css) => options.setHelpStyles?.(css),
    localeSettled: i18n.settled,
  });
  const identity = createIdentityModel();
  const chat = createChatModel({
    backend: options.client,
    visible: computed(() => panel.isOpen.value && panel.view.value === 'chat'),
    online: computed(() => {
      const state = config.state.value;
      return state.status !== 'ready' || state.config.availability?.online !== false;
    }),
    preChatForm: computed(() => merchant.value?.preChatForm === true),
    assistant: computed(() => {
      const state = config.state.value;
      return state.status === 'ready' && state.config.assistant?.enabled === true;
    }),
    identity: identity.identity,
    context: () => ({
      ...options.pageContext?.(),
      locale: i18n.locale.peek(),
      ...(Object.keys(identity.attributes.peek()).length > 0
        ? { attributes: { ...identity.attributes.peek() } }
        : {}),
    }),
    emit: options.emit,
    addResources: (resources) => i18n.addResources(resources),
    featureStrings: i18n.featureStrings,
    setStyles: (css) => options.setChatStyles?.(css),
  });
  const payments = createPaymentsModel({
    backend: options.client?.payments ? { payments: options.client.payments } : undefined,
    identity: identity.identity,
    emit: options.emit,
    ask(question) {
      chat.ask(question);
      panel.show('chat');
    },
    // Through the help center with a place to return to, so the article's Back comes back to the payment.
    showArticle(slug) {
      void help.load().then((center) => {
        if (center) center.open(slug, { view: 'payments' });
        else panel.show('help'); // which says why there is no article
      });
    },
    addResources: i18n.addResources,
    featureStrings: i18n.featureStrings,
    setStyles: (css) => options.setPaymentsStyles?.(css),
  });
  // The host page hears about every change of the badge count, and only about changes.
  let unreadCount = 0;
  const stopUnread = effect(() => {
    const count = chat.unread.value;
    if (count === unreadCount) return;
    unreadCount = count;
    options.emit('unreadCountChange', count);
  });

  return {
    config,
    panel,
    help,
    payments,
    chat,
    identity,
    i18n,
    // The merchant's `position` is read as a side of the reading direction (mirrored for Arabic); `init`'s is
    // taken literally, since the merchant chose it for this page's layout.
    theme: computed(() => resolveTheme(options, merchant.value, i18n.dir.value === 'rtl')),
    merchant,
    merchantName: computed(() => merchant.value?.name),
    greeting: computed(() => merchant.value?.greeting[i18n.locale.value]),
    showLauncher: !inline && !options.hideLauncher,
    open: panel.open,
    close: panel.close,
    toggle: panel.toggle,
    showHome: () => panel.show('home'),
    showArticle(idOrSlug) {
      help.showArticle(idOrSlug);
      panel.show('help');
    },
    browseHelp() {
      help.browse();
      panel.show('help');
    },
    searchHelp(query) {
      help.search(query);
      panel.show('home');
    },
    checkPayment(reference) {
      payments.start(reference);
      panel.show('payments');
    },
    startChat(firstMessage) {
      chat.start(firstMessage);
      panel.show('chat');
    },
    identify(next) {
      identity.identify(next);
      options.client?.identify(next);
    },
    logout() {
      identity.logout();
      options.client?.logout();
      chat.reset();
    },
    setAttributes: identity.setAttributes,
    setLocale: i18n.set,
    dispose() {
      config.dispose();
      i18n.dispose();
      chat.dispose();
      help.dispose();
      payments.dispose();
      stopUnread();
    },
  };
}
