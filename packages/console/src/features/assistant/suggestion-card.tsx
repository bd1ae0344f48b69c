import { Button } from '../../ui/button.js';
import { COMPOSER_INPUT_ID } from '../conversation/composer-view.js';
import type { LocaleModel } from '../locale/model.js';
import type { Workspace } from '../workspace/model.js';

/**
 * The assistant's suggested reply above the reply box (`suggest` mode). "Use" puts it in the reply box,
 * where the agent edits it before sending; nothing reaches the visitor from here.
 */
export function SuggestionCard({
  conversationId,
  workspace,
  locale,
}: {
  conversationId: string;
  workspace: Workspace;
  locale: LocaleModel;
}) {
  const t = locale.t.value;
  const suggestion = workspace.suggestions.byConversation.value.get(conversationId);
  if (!suggestion) return null;
  const titleId = `suggestion-${conversationId}`;
  return (
    <section class="suggestion" aria-labelledby={titleId}>
      <h3 id={titleId} class="suggestion__title">
        {t('suggestion.title')}
      </h3>
      <p class="suggestion__text" dir="auto">
        {suggestion.text}
      </p>
      {suggestion.sources.length > 0 ? (
        <p class="suggestion__sources">
          {t('message.sources')} {suggestion.sources.map((source) => source.title).join(' · ')}
        </p>
      ) : null}
      <div class="suggestion__actions">
        <Button
          variant="secondary"
          onClick={() => {
            workspace.composer.setText(conversationId, suggestion.text);
            workspace.suggestions.dismiss(conversationId);
            document.getElementById(COMPOSER_INPUT_ID)?.focus();
          }}
        >
          {t('suggestion.use')}
        </Button>
        <Button variant="quiet" onClick={() => workspace.suggestions.dismiss(conversationId)}>
          {t('suggestion.dismiss')}
        </Button>
      </div>
    </section>
  );
}
