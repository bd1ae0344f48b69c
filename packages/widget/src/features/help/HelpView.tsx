import { useModel, useT } from '../../app/context.js';
import { Notice } from '../../ui/Notice.js';
import { PanelHeader } from '../panel/PanelHeader.js';

/** The help center's place. This server has no articles yet, and the view says so rather than pretend. */
export function HelpView() {
  const model = useModel();
  const t = useT();
  const query = model.help.query.value;
  const articleId = model.help.articleId.value;
  return (
    <>
      <PanelHeader title={t('help.title')} onBack={model.showHome} />
      <div class="body">
        <Notice icon="book" title={t('help.unavailable')} body={t('help.unavailableBody')}>
          {articleId ? (
            <p class="detail">{t('help.article', { id: articleId })}</p>
          ) : query ? (
            <p class="detail">{t('help.query', { query })}</p>
          ) : null}
        </Notice>
      </div>
    </>
  );
}
