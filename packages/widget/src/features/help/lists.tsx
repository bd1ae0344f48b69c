import type { ReadonlySignal } from '@preact/signals';
import type { HelpArticleSummary, HelpHomeResponse, HelpSearchResult } from '@topay-support/protocol';
import type { ComponentChildren } from 'preact';
import { useT } from '../../app/context.js';
import type { MessageKey } from '../../i18n/en.js';
import type { ViewName } from '../panel/model.js';
import type { Place } from './center.js';
import { onListKey, placeOf } from './nav.js';

/**
 * The help center's lists as the home bundle keeps them (`HelpModel`), so the home view shows popular articles
 * and topics without the help chunk; the chunk's help view and search results use the same pieces.
 */
export interface HelpLists {
  /** Popular articles and categories in the current locale; `undefined` while loading. */
  readonly lists: ReadonlySignal<HelpHomeResponse | 'failed' | undefined>;
  /** Categories the visitor expanded, kept across Back. */
  readonly expanded: ReadonlySignal<ReadonlySet<string>>;
  expand(category: string, open: boolean): void;
  /** Asks again for the lists (and, once the chunk is there, whatever else failed). */
  reload(): void;
  /** Shows an article in the help view; `from` is where Back returns. */
  open(idOrSlug: string, from?: Place): void;
}

export interface ArticleButtonsProps<Item extends HelpArticleSummary> {
  source: Pick<HelpLists, 'open'>;
  items: readonly Item[];
  /** Keys the buttons for Back's refocus: `r` results, `p` popular, `c:<category>`. */
  prefix: string;
  view: ViewName;
  /** The item Back returns to, focused by the panel. */
  refocus: string | undefined;
  id?: string;
  label?: string;
  /** What follows the title: search results' highlighted snippet. */
  detail?: (item: Item) => ComponentChildren;
}

/** A list of articles as buttons (title, and for search results the snippet), navigable with the arrow keys. */
export function ArticleButtons<Item extends HelpArticleSummary | HelpSearchResult>({
  source,
  items,
  prefix,
  view,
  refocus,
  id,
  label,
  detail,
}: ArticleButtonsProps<Item>) {
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
              onClick={(event) => source.open(item.slug, placeOf(event.currentTarget, view, key))}
            >
              <span class="help-item-title" dir="auto">
                {item.title}
              </span>
              {detail?.(item)}
            </button>
          </li>
        );
      })}
    </ul>
  );
}

/** Popular articles and the categories (collapsed, each with its articles), from `help.home`. */
export function Lists({ source, view, refocus }: { source: HelpLists; view: ViewName; refocus?: string }) {
  const t = useT();
  const lists = source.lists.value;
  const expanded = source.expanded.value;
  if (lists === 'failed')
    return (
      <div class="help-empty">
        <p>{t('help.listsFailed')}</p>
        <button type="button" class="secondary" onClick={source.reload}>
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
          <ArticleButtons source={source} items={lists.popular} prefix="p" view={view} refocus={refocus} />
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
                onToggle={(event) => source.expand(category, event.currentTarget.open)}
              >
                <summary>
                  <span>{t(`help.category.${category}` as MessageKey)}</span>
                  <span class="count">{articles.length}</span>
                </summary>
                <ArticleButtons
                  source={source}
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
