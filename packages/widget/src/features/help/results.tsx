import type { HelpSearchResult } from '@topay-support/protocol';
import { isolate } from '@topay-support/protocol';
import { useModel } from '../../app/context.js';
import { BidiText } from '../../ui/bidi-text.js';
import type { HelpCenter } from './center.js';
import { Highlighted } from './highlighted.js';
import { ArticleButtons } from './lists.js';
import { useHelpT } from './use-help-t.js';

const snippet = (item: HelpSearchResult) => (
  <span class="snippet" dir="auto">
    <Highlighted text={item.snippet} ranges={item.highlights} />
  </span>
);

/** Search results under the home view's search box, the empty state with a way to chat, or a failed search. */
export function Results({ center, refocus }: { center: HelpCenter; refocus: string | undefined }) {
  const model = useModel();
  const t = useHelpT();
  const search = center.search.value;
  if (!search) return null;
  if (search.status === 'failed')
    return (
      <div class="help-empty">
        <p>{t('help.searchFailed')}</p>
        <button type="button" class="secondary" onClick={center.reload}>
          {t('help.retry')}
        </button>
      </div>
    );
  if (search.status === 'done' && search.results.length === 0)
    return (
      <div class="help-empty">
        <p class="help-empty-title">
          <BidiText text={t('help.noResults', { query: isolate(search.query) })} />
        </p>
        <p>{t('help.noResultsBody')}</p>
        <button type="button" class="primary" onClick={() => model.startChat()}>
          {t('help.chat')}
        </button>
      </div>
    );
  return (
    <ArticleButtons
      source={center}
      items={search.results}
      prefix="r"
      view="home"
      refocus={refocus}
      id="tps-results"
      label={t('help.resultsLabel')}
      detail={snippet}
    />
  );
}
