import { effect, type ReadonlySignal, signal, untracked } from '@preact/signals';
import { render } from 'preact';
import { createAgentApi } from './agent-api.js';
import { createApi, createRequester } from './api.js';
import { App } from './app.js';
import { createLoginModel } from './features/auth/login-model.js';
import { createSession, type SessionModel } from './features/auth/session.js';
import { createTokenStore } from './features/auth/token-store.js';
import { detectLocale } from './features/locale/detect.js';
import { createLocaleModel, type LocaleModel } from './features/locale/model.js';
import { createSocketTransport } from './features/realtime/socket-transport.js';
import { bindConversationRoute, type RouteWindow } from './features/routing/conversation-route.js';
import { createSecurityApi } from './features/security/security-api.js';
import { createWorkspace, type Workspace } from './features/workspace/model.js';

export interface ConsoleOptions {
  /** Where the API lives; `''` (the default) keeps requests same-origin and relative. */
  baseUrl?: string;
  /** Holds the agent token; defaults to `window.sessionStorage`. */
  sessionStorage?: Storage;
  /** Remembers the language choice; defaults to `window.localStorage`. */
  localStorage?: Storage;
  /** The browser's language; defaults to `navigator.language`. */
  language?: string;
  document?: Document;
  /** The browser's `Notification`; defaults to `window.Notification` where it exists. */
  notificationApi?: typeof Notification;
  /** Whose URL names the open conversation (`#/c/<id>`); defaults to `window`. */
  routeWindow?: RouteWindow;
}

export interface MountedConsole {
  session: SessionModel;
  /** The signed-in agent's models; null while signed out. */
  workspace: ReadonlySignal<Workspace | null>;
  locale: LocaleModel;
  /** Unmounts the UI and stops every timer and effect this mount started. */
  dispose(): void;
}

/** Reading `window.localStorage` itself throws where storage is blocked (sandboxed frames, some privacy modes). */
function storageOrUndefined(read: () => Storage): Storage | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/**
 * Starts the console in `root`: wires the models, resumes a stored session and renders.
 *
 * @example
 * const console = mountConsole(document.getElementById('app')!);
 * // later, e.g. in a test: console.dispose();
 */
export function mountConsole(root: Element, options: ConsoleOptions = {}): MountedConsole {
  const doc = options.document ?? document;
  const local = options.localStorage ?? storageOrUndefined(() => window.localStorage);
  const baseUrl = options.baseUrl ?? '';
  const session = createSession({
    api: createApi(baseUrl),
    tokens: createTokenStore(options.sessionStorage ?? storageOrUndefined(() => window.sessionStorage)),
  });
  const locale = createLocaleModel(detectLocale(local, options.language ?? navigator.language), local);
  const workspace = signal<Workspace | null>(null);
  const requester = createRequester(baseUrl);
  const security = createSecurityApi(requester);
  const loginForm = createLoginModel(session, security);

  // One workspace per signed-in token: created at sign-in, torn down (socket, timers) at sign-out.
  const stopWorkspace = effect(() => {
    const token = session.token.value;
    const agent = session.agent.value;
    if (session.status.value !== 'signed-in' || !token || !agent) return;
    const onUnauthorized = () => session.logout('expired');
    // Untracked: whatever the workspace reads while starting must not make this effect re-run.
    const created = untracked(() =>
      createWorkspace({
        agent,
        api: createAgentApi(requester, token),
        transport: createSocketTransport({ baseUrl, token, onUnauthorized }),
        locale,
        document: doc,
        notificationApi:
          options.notificationApi ?? (typeof Notification === 'undefined' ? undefined : Notification),
        baseUrl,
      }),
    );
    workspace.value = created;
    const unroute = untracked(() => bindConversationRoute(created, options.routeWindow ?? window));
    return () => {
      unroute();
      workspace.value = null;
      created.dispose();
    };
  });

  const stopDocumentSync = effect(() => {
    // Screen readers pick their voice from <html lang>, and the tab title should match the UI.
    doc.documentElement.lang = locale.locale.value;
    const unread = workspace.value?.inbox.unreadTotal.value ?? 0;
    doc.title =
      unread > 0
        ? locale.t.value('app.documentTitleUnread', { count: unread })
        : locale.t.value('app.documentTitle');
  });
  // Before the first render, so a stored token shows "checking" rather than a flash of the login form.
  void session.restore();
  render(
    <App session={session} loginForm={loginForm} workspace={workspace} locale={locale} security={security} />,
    root,
  );

  return {
    session,
    workspace,
    locale,
    dispose() {
      render(null, root);
      stopDocumentSync();
      stopWorkspace();
      session.dispose();
    },
  };
}
