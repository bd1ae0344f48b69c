import type { LoginModel } from './features/auth/login-model.js';
import { LoginView } from './features/auth/login-view.js';
import { RestoringView } from './features/auth/restoring-view.js';
import type { SessionModel } from './features/auth/session.js';
import { UnreachableView } from './features/auth/unreachable-view.js';
import { InboxView } from './features/inbox/inbox-view.js';
import type { InboxModel } from './features/inbox/model.js';
import type { LocaleModel } from './features/locale/model.js';

export interface AppProps {
  session: SessionModel;
  loginForm: LoginModel;
  inbox: InboxModel;
  locale: LocaleModel;
}

/** Picks the screen for the session's state; every screen reads its models, none owns state. */
export function App({ session, loginForm, inbox, locale }: AppProps) {
  switch (session.status.value) {
    case 'restoring':
      return <RestoringView locale={locale} />;
    case 'unreachable':
      return <UnreachableView session={session} locale={locale} />;
    case 'signed-in':
      return <InboxView session={session} inbox={inbox} locale={locale} />;
    case 'signed-out':
      return <LoginView session={session} form={loginForm} locale={locale} />;
  }
}
