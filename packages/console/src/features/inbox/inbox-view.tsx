import type { SessionModel } from '../auth/session.js';
import type { LocaleModel } from '../locale/model.js';
import { ConversationList } from './conversation-list.js';
import { InboxHeader } from './inbox-header.js';
import type { InboxModel } from './model.js';

export interface InboxViewProps {
  session: SessionModel;
  inbox: InboxModel;
  locale: LocaleModel;
}

export function InboxView({ session, inbox, locale }: InboxViewProps) {
  return (
    <div class="inbox">
      <InboxHeader session={session} locale={locale} />
      <div class="inbox__body">
        <ConversationList inbox={inbox} locale={locale} />
        <main class="detail" aria-labelledby="detail-heading">
          <p id="detail-heading" class="detail__placeholder">
            {locale.t.value('inbox.selectConversation')}
          </p>
        </main>
      </div>
    </div>
  );
}
