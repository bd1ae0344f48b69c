import { effect } from '@preact/signals';
import { render } from 'preact';
import { createApi } from './api.js';
import { App } from './app.js';
import { createLoginModel } from './features/auth/login-model.js';
import { createSession, type SessionModel } from './features/auth/session.js';
import { createTokenStore } from './features/auth/token-store.js';
import { createInboxModel, type InboxModel } from './features/inbox/model.js';
import { detectLocale } from './features/locale/detect.js';
import { createLocaleModel, type LocaleModel } from './features/locale/model.js';

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
}

export interface MountedConsole {
  session: SessionModel;
  inbox: InboxModel;
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
  const session = createSession({
    api: createApi(options.baseUrl ?? ''),
    tokens: createTokenStore(options.sessionStorage ?? storageOrUndefined(() => window.sessionStorage)),
  });
  const locale = createLocaleModel(detectLocale(local, options.language ?? navigator.language), local);
  const loginForm = createLoginModel(session);
  const inbox = createInboxModel();

  const stopDocumentSync = effect(() => {
    // Screen readers pick their voice from <html lang>, and the tab title should match the UI.
    doc.documentElement.lang = locale.locale.value;
    doc.title = locale.t.value('app.documentTitle');
  });
  // Before the first render, so a stored token shows "checking" rather than a flash of the login form.
  void session.restore();
  render(<App session={session} loginForm={loginForm} inbox={inbox} locale={locale} />, root);

  return {
    session,
    inbox,
    locale,
    dispose() {
      render(null, root);
      stopDocumentSync();
      session.dispose();
    },
  };
}
