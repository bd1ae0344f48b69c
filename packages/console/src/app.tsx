import type { ReadonlySignal } from '@preact/signals';
import type { LoginModel } from './features/auth/login-model.js';
import { LoginView } from './features/auth/login-view.js';
import { RestoringView } from './features/auth/restoring-view.js';
import type { SessionModel } from './features/auth/session.js';
import { UnreachableView } from './features/auth/unreachable-view.js';
import { InboxView } from './features/inbox/inbox-view.js';
import type { LocaleModel } from './features/locale/model.js';
import type { SecurityApi } from './features/security/security-api.js';
import type { Workspace } from './features/workspace/model.js';

export interface AppProps {
  session: SessionModel;
  loginForm: LoginModel;
  /** Exists exactly while the agent is signed in. */
  workspace: ReadonlySignal<Workspace | null>;
  locale: LocaleModel;
  security: SecurityApi;
}

/** Picks the screen for the session's state; every screen reads its models, none owns state. */
export function App({ session, loginForm, workspace, locale, security }: AppProps) {
  switch (session.status.value) {
    case 'restoring':
      return <RestoringView locale={locale} />;
    case 'unreachable':
      return <UnreachableView session={session} locale={locale} />;
    case 'signed-in': {
      const current = workspace.value;
      return current ? (
        <InboxView session={session} workspace={current} locale={locale} security={security} />
      ) : (
        <RestoringView locale={locale} />
      );
    }
    case 'signed-out':
      return <LoginView session={session} form={loginForm} locale={locale} />;
  }
}
