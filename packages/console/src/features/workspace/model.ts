import { computed, effect, type ReadonlySignal, type Signal, signal } from '@preact/signals';
import type { AgentProfile } from '@topay-support/protocol';
import type { AgentApi, ArticlesApi } from '../../agent-api.js';
import { absoluteArticleUrl } from '../articles/link.js';
import { createSuggestionsModel, type SuggestionsModel } from '../assistant/suggestions.js';
import { createUploadsModel, type UploadsModel } from '../attachments/uploads.js';
import { resolveAttachmentUrl } from '../attachments/url.js';
import { type CannedRepliesModel, createCannedRepliesModel } from '../canned-replies/model.js';
import { type ComposerModel, createComposerModel } from '../conversation/composer.js';
import { type ConversationModel, createConversationModel } from '../conversation/model.js';
import { createOutbox, type Outbox } from '../conversation/outbox.js';
import { type Clock, createClock } from '../inbox/clock.js';
import { createInboxModel, type InboxModel } from '../inbox/model.js';
import { type ConversationStore, createConversationStore } from '../inbox/store.js';
import type { LocaleModel } from '../locale/model.js';
import { createNotificationsModel, type NotificationsModel } from '../notifications/model.js';
import { createPresenceModel, type PresenceModel } from '../presence/model.js';
import type { AgentTransport } from '../realtime/transport.js';
import { wireRealtime } from '../realtime/wire.js';
import { createAttention } from './attention.js';

/**
 * The screen below the top bar: the inbox (with `current` open, if any), the help-center articles,
 * the agent's account security (two-factor sign-in, password; for admins the team's rule and audit log),
 * or, for admins, how the assistant did (docs/assistant.md).
 */
export type Screen =
  | { name: 'inbox' }
  | { name: 'articles'; articleId: string | null }
  | { name: 'security' }
  | { name: 'assistant' };

/** Asked before the screen changes; false keeps the agent where they are (e.g. unsaved changes). */
export type LeaveGuard = () => boolean;

/** Everything a signed-in agent works with; created at sign-in and disposed at sign-out. */
export interface Workspace {
  readonly agent: AgentProfile;
  readonly transport: AgentTransport;
  readonly store: ConversationStore;
  readonly inbox: InboxModel;
  readonly outbox: Outbox;
  readonly composer: ComposerModel;
  readonly uploads: UploadsModel;
  readonly canned: CannedRepliesModel;
  readonly presence: PresenceModel;
  readonly notifications: NotificationsModel;
  /** The assistant's suggested replies (`suggest` mode), per conversation. */
  readonly suggestions: SuggestionsModel;
  /**
   * A title for the next new article, set by the assistant report's "write an article" for an
   * unanswered question; the editor takes it (once) when it opens.
   */
  readonly articleSeed: Signal<string | null>;
  readonly clock: Clock;
  /** The open conversation, or null for the list alone (the only screen on a phone). */
  readonly current: ReadonlySignal<ConversationModel | null>;
  readonly helpOpen: ReadonlySignal<boolean>;
  readonly cannedOpen: ReadonlySignal<boolean>;
  /** The "insert a help article" popover of the open conversation's reply box. */
  readonly articlePickerOpen: ReadonlySignal<boolean>;
  readonly screen: ReadonlySignal<Screen>;
  /** Help-center articles: search for links in replies; list and edit on the articles screen. */
  readonly articles: ArticlesApi;
  /** Opens a conversation (switching to the inbox, unless the articles screen refuses to be left). */
  select(id: string | null): void;
  /** Switches screens; false when the current one refused (its leave guard said no). */
  navigate(screen: Screen): boolean;
  /** The articles screen sets one while it has unsaved changes; null removes it. */
  setLeaveGuard(guard: LeaveGuard | null): void;
  /** Opens the next (+1) or previous (-1) conversation of the visible list. */
  step(delta: 1 | -1): void;
  setHelpOpen(open: boolean): void;
  setCannedOpen(open: boolean): void;
  setArticlePickerOpen(open: boolean): void;
  /** The absolute address of an article's public page (`AgentArticle.url` is a path), for a reply. */
  articleUrl(path: string): string | undefined;
  /** Where an attachment's (relative, signed) URL points from this page; undefined if it is not ours. */
  attachmentUrl(url: string): string | undefined;
  /** Other agents, for transferring; fetched when the agent asks. */
  listAgents: AgentApi['agents'];
  /** The same visitor's other conversations, for the context panel. */
  linkedConversations: AgentApi['linkedConversations'];
  /** Admins: the assistant report for a period. */
  assistantReport: AgentApi['assistantReport'];
  dispose(): void;
}

export interface WorkspaceOptions {
  agent: AgentProfile;
  api: AgentApi;
  transport: AgentTransport;
  locale: LocaleModel;
  document: Document;
  notificationApi: typeof Notification | undefined;
  /** The API's origin, which attachment URLs are relative to; `''` for the console's own origin. */
  baseUrl?: string;
}

/**
 * @example
 * const workspace = createWorkspace({ agent, api, transport, locale, document, notificationApi: window.Notification });
 * workspace.select(conversationId);
 */
export function createWorkspace(options: WorkspaceOptions): Workspace {
  const { agent, api, transport } = options;
  const store = createConversationStore();
  const inbox = createInboxModel({ api, store, agentId: agent.id });
  const outbox = createOutbox({ transport });
  const uploads = createUploadsModel({
    upload: (file, name, signal) => api.uploadAttachment(file, name, signal),
  });
  const composer = createComposerModel({ transport, outbox, uploads });
  const canned = createCannedRepliesModel(api);
  const presence = createPresenceModel(transport);
  const suggestions = createSuggestionsModel();
  const articleSeed = signal<string | null>(null);
  const clock = createClock(15_000);
  const attention = createAttention(options.document);
  const current = signal<ConversationModel | null>(null);
  const helpOpen = signal(false);
  const cannedOpen = signal(false);
  const articlePickerOpen = signal(false);
  const screen = signal<Screen>({ name: 'inbox' });
  let leaveGuard: LeaveGuard | null = null;

  function navigate(next: Screen): boolean {
    const now = screen.peek();
    const same =
      now.name === next.name &&
      (now.name !== 'articles' || (next.name === 'articles' && now.articleId === next.articleId));
    if (same) return true;
    if (leaveGuard && !leaveGuard()) return false;
    leaveGuard = null;
    screen.value = next;
    return true;
  }

  function select(id: string | null) {
    // A notification (or the URL) opening a conversation while the articles screen is shown.
    if (id !== null && !navigate({ name: 'inbox' })) return;
    const previous = current.peek();
    if (previous?.id === id) return;
    articlePickerOpen.value = false;
    previous?.dispose();
    if (id === null) {
      current.value = null;
      return;
    }
    const model = createConversationModel({ id, api, transport, store, outbox });
    current.value = model;
    void model.load();
  }

  const notifications = createNotificationsModel({
    api: options.notificationApi,
    document: options.document,
    open: select,
  });

  const unwire = wireRealtime({
    transport,
    store,
    inbox,
    outbox,
    presence,
    notifications,
    suggestions,
    current,
    agentId: agent.id,
    locale: options.locale,
  });

  // Reading counts only when the agent can actually see it: tab visible and window focused.
  const stopReading = effect(() => {
    const model = current.value;
    if (!model || !attention.active.value || transport.state.value !== 'connected') return;
    // Behind the articles screen the conversation is open but not on screen.
    if (screen.value.name !== 'inbox') return;
    // Subscribing to the messages makes each new arrival in view count as read.
    if (model.messages.value.length > 0 && !model.loading.value) model.markRead();
  });

  void inbox.resync();
  void canned.load();

  return {
    agent,
    transport,
    store,
    inbox,
    outbox,
    composer,
    uploads,
    canned,
    presence,
    notifications,
    suggestions,
    articleSeed,
    clock,
    current: computed(() => current.value),
    helpOpen,
    cannedOpen,
    articlePickerOpen,
    screen,
    articles: api,
    select,
    navigate,
    setLeaveGuard(guard) {
      leaveGuard = guard;
    },
    step(delta) {
      const list = inbox.visible.peek();
      if (list.length === 0) return;
      const index = list.findIndex((conversation) => conversation.id === current.peek()?.id);
      const next = index === -1 ? (delta === 1 ? 0 : list.length - 1) : index + delta;
      const target = list[Math.min(Math.max(next, 0), list.length - 1)];
      if (target) select(target.id);
    },
    setHelpOpen(open) {
      helpOpen.value = open;
    },
    setCannedOpen(open) {
      cannedOpen.value = open;
    },
    setArticlePickerOpen(open) {
      articlePickerOpen.value = open;
    },
    articleUrl: (path) => absoluteArticleUrl(options.baseUrl ?? '', path, options.document.location?.origin),
    attachmentUrl: (url) => resolveAttachmentUrl(options.baseUrl ?? '', url),
    listAgents: () => api.agents(),
    linkedConversations: (id) => api.linkedConversations(id),
    assistantReport: (from, to) => api.assistantReport(from, to),
    dispose() {
      stopReading();
      unwire();
      current.peek()?.dispose();
      inbox.dispose();
      outbox.dispose();
      composer.dispose();
      uploads.dispose();
      clock.dispose();
      attention.dispose();
      transport.close();
    },
  };
}
