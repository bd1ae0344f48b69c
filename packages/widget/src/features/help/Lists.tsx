import type { HelpArticleSummary, HelpSearchResult } from '@topay-support/protocol';
import { useModel } from '../../app/context.js';
import type { ViewName } from '../panel/model.js';
import type { HelpCenter } from './center.js';
import { Highlighted } from './Highlighted.js';
import type { HelpKey } from './messages.js';
import { onListKey, placeOf } from './nav.js';
import { useHelpT } from './use-help-t.js';

export interface ArticleButtonsProps {
  center: HelpCenter;
  items: ReadonlyArray<HelpArticleSummary | HelpSearchResult>;
  /** Keys the buttons for Back's refocus: `r` results, `p` popular, `c:<category>`. */
  prefix: string;
  view: ViewName;
  /** The item Back returns to, focused by the panel. */
  refocus: string | undefined;
  id?: string;
  label?: string;
}

/** A list of articles as buttons (title, and for search results the snippet), navigable with the arrow keys. */
export function ArticleButtons({ center, items, prefix, view, refocus, id, label }: ArticleButtonsProps) {
  return (
    <ul id={id} class="help-list" aria-label={label} data-nav="" onKeyDown={onListKey}>
      {items.map((item) => {
        const key = `${prefix}:${item.slug}`;
        return (
          <li key={item.id}>
            <button
              type="button"
              class="help-item"
              data-refocus={refocus === key ? '' : undefined}
              onClick={(event) => center.open(item.slug, placeOf(event.currentTarget, view, key))}
            >
              <span class="help-item-title">{item.title}</span>
              {'snippet' in item && (
                <span class="snippet">
                  <Highlighted text={item.snippet} ranges={item.highlights} />
                </span>
              )}
            </button>
          </li>
        );
      })}
    </ul>
  );
}

/** Popular articles and the categories (collapsed, each with its articles), from `help.home`. */
export function Lists({ center, view, refocus }: { center: HelpCenter; view: ViewName; refocus?: string }) {
  const t = useHelpT();
  const lists = center.lists.value;
  const expanded = center.expanded.value;
  if (lists === 'failed')
    return (
      <div class="help-empty">
        <p>{t('help.listsFailed')}</p>
        <button type="button" class="secondary" onClick={center.reload}>
          {t('help.retry')}
        </button>
      </div>
    );
  if (!lists) return null;
  return (
    <>
      {lists.popular.length > 0 && (
        <section class="help-section" aria-labelledby="tps-popular">
          <h3 id="tps-popular" class="help-heading">
            {t('help.popular')}
          </h3>
          <ArticleButtons center={center} items={lists.popular} prefix="p" view={view} refocus={refocus} />
        </section>
      )}
      {lists.categories.length > 0 && (
        <section class="help-section" aria-labelledby="tps-categories">
          <h3 id="tps-categories" class="help-heading">
            {t('help.categories')}
          </h3>
          {lists.categories.map(({ category, articles }) => {
            const prefix = `c:${category}`;
            return (
              <details
                key={category}
                class="category"
                // Open while Back returns to one of its articles, so that article can take focus.
                open={expanded.has(category) || refocus?.startsWith(`${prefix}:`)}
                onToggle={(event) => center.expand(category, event.currentTarget.open)}
              >
                <summary>
                  <span>{t(`help.category.${category}` as HelpKey)}</span>
                  <span class="count">{articles.length}</span>
                </summary>
                <ArticleButtons
                  center={center}
                  items={articles}
                  prefix={prefix}
                  view={view}
                  refocus={refocus}
                />
              </details>
            );
          })}
        </section>
      )}
    </>
  );
}

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
        <p class="help-empty-title">{t('help.noResults', { query: search.query })}</p>
        <p>{t('help.noResultsBody')}</p>
        <button type="button" class="primary" onClick={() => model.startChat()}>
          {t('help.chat')}
        </button>
      </div>
    );
  return (
    <ArticleButtons
      center={center}
      items={search.results}
      prefix="r"
      view="home"
      refocus={refocus}
      id="tps-results"
      label={t('help.resultsLabel')}
    />
  );
}
