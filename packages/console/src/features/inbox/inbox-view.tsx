import { useLayoutEffect } from 'preact/hooks';
import { LazyArticlesScreen } from '../articles/lazy-screen.js';
import { LazyAssistantReport } from '../assistant/lazy-report.js';
import type { SessionModel } from '../auth/session.js';
import { CannedRepliesDialog } from '../canned-replies/canned-dialog.js';
import { COMPOSER_INPUT_ID } from '../conversation/composer-view.js';
import { CONVERSATION_HEADING_ID } from '../conversation/conversation-header.js';
import { ConversationView } from '../conversation/conversation-view.js';
import type { LocaleModel } from '../locale/model.js';
import { ConnectionBanner } from '../realtime/connection-banner.js';
import type { SecurityApi } from '../security/security-api.js';
import { SecurityScreen } from '../security/security-screen.js';
import { HelpDialog } from '../shortcuts/help-dialog.js';
import { createKeymap, type ShortcutCommand } from '../shortcuts/keymap.js';
import type { Workspace } from '../workspace/model.js';
import { ConversationList, SEARCH_INPUT_ID } from './conversation-list.js';
import { rowId } from './conversation-row.js';
import { InboxHeader } from './inbox-header.js';

export interface InboxViewProps {
  session: SessionModel;
  workspace: Workspace;
  locale: LocaleModel;
  security: SecurityApi;
}

function focusById(id: string) {
  document.getElementById(id)?.focus();
}

export function InboxView({ session, workspace, locale, security }: InboxViewProps) {
  const current = workspace.current.value;
  const screen = workspace.screen.value;

  function back() {
    const id = workspace.current.peek()?.id;
    workspace.select(null);
    // Focus returns to the row the agent came from, so j/k and Tab continue from there.
    if (id) queueMicrotask(() => focusById(rowId(id)));
  }

  // Layout effect: bound in the same tick as the first render, so no early keystroke is lost.
  useLayoutEffect(() => {
    const keymap = createKeymap();
    // A command answers false when it did nothing, so the key keeps its default meaning.
    const run: Record<ShortcutCommand, () => unknown> = {
      next: () => workspace.step(1),
      previous: () => workspace.step(-1),
      reply: () => focusById(COMPOSER_INPUT_ID),
      claim: () => {
        const model = workspace.current.peek();
        if (model?.conversation.peek()?.status !== 'resolved') void model?.act('claim');
      },
      resolve: () => {
        const model = workspace.current.peek();
        if (model && model.conversation.peek()?.status !== 'resolved') void model.act('resolve');
      },
      back: () => {
        if (workspace.current.peek()) back();
      },
      search: () => focusById(SEARCH_INPUT_ID),
      'tab:open': () => workspace.inbox.setFilter('open'),
      'tab:assigned': () => workspace.inbox.setFilter('assigned'),
      'tab:resolved': () => workspace.inbox.setFilter('resolved'),
      help: () => workspace.setHelpOpen(true),
      articles: () => {
        const conversation = workspace.current.peek()?.conversation.peek();
        // Only where a reply can be written; otherwise Ctrl/⌘+K stays the browser's.
        if (!conversation || conversation.status === 'resolved') return false;
        workspace.setArticlePickerOpen(true);
      },
    };
    const onKeyDown = (event: KeyboardEvent) => {
      // A dialog owns the keyboard while it is open.
      if (workspace.helpOpen.peek() || workspace.cannedOpen.peek()) return;
      const command = keymap(event);
      if (!command) return;
      // The articles screen has no conversation to act on: only the help stays available there.
      if (workspace.screen.peek().name !== 'inbox' && command !== 'help') return;
      if (run[command]() === false) return;
      event.preventDefault();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [workspace]);

  return (
    <div class="inbox">
      <InboxHeader session={session} workspace={workspace} locale={locale} />
      <ConnectionBanner transport={workspace.transport} locale={locale} />
      {screen.name === 'security' ? (
        <SecurityScreen session={session} locale={locale} api={security} />
      ) : screen.name === 'assistant' ? (
        <LazyAssistantReport
          workspace={workspace}
          locale={locale}
          isAdmin={session.agent.value?.role === 'admin'}
        />
      ) : screen.name === 'articles' ? (
        <LazyArticlesScreen
          workspace={workspace}
          locale={locale}
          articleId={screen.articleId}
          isAdmin={session.agent.value?.role === 'admin'}
        />
      ) : (
        <div class={`inbox__body${current ? ' inbox__body--detail' : ''}`}>
          <ConversationList workspace={workspace} locale={locale} />
          <main class="detail" aria-labelledby={current ? CONVERSATION_HEADING_ID : undefined}>
            {current ? (
              <ConversationView
                key={current.id}
                model={current}
                workspace={workspace}
                locale={locale}
                onBack={back}
              />
            ) : (
              <p class="detail__placeholder">{locale.t.value('inbox.selectConversation')}</p>
            )}
          </main>
        </div>
      )}
      {workspace.helpOpen.value ? (
        <HelpDialog locale={locale} onClose={() => workspace.setHelpOpen(false)} />
      ) : null}
      {workspace.cannedOpen.value ? (
        <CannedRepliesDialog
          canned={workspace.canned}
          locale={locale}
          onClose={() => workspace.setCannedOpen(false)}
        />
      ) : null}
    </div>
  );
}
