import {
  ARTICLE_CATEGORIES,
  type ArticleCategory,
  type Locale,
  SUPPORTED_LOCALES,
} from '@topay-support/protocol';
import { useId } from 'preact/hooks';
import { Alert } from '../../ui/alert.js';
import { Button } from '../../ui/button.js';
import type { Translate } from '../locale/model.js';
import { articlesHash } from '../routing/conversation-route.js';
import { categoryKey } from './article-picker.js';
import type { ArticleFilters, ArticlesListModel } from './articles-model.js';
import { NEW_ARTICLE } from './articles-model.js';
import type { ScreenTranslate } from './messages.js';
import { helpfulRatio } from './stats.js';

export interface ArticleListProps {
  list: ArticlesListModel;
  isAdmin: boolean;
  t: Translate;
  st: ScreenTranslate;
  uiLocale: Locale;
  headingId: string;
  /** The public page's absolute address. */
  publicUrl(path: string): string | undefined;
}

export function formatUpdated(iso: string, locale: Locale): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/**
 * All articles with their numbers. A table on wide screens; below 640 px every row becomes a card
 * whose cells carry their column name (`data-label`), so nothing scrolls sideways at 375 px.
 */
export function ArticleList({ list, isAdmin, t, st, uiLocale, headingId, publicUrl }: ArticleListProps) {
  const ids = { locale: useId(), category: useId(), status: useId() };
  const filters = list.filters.value;
  const all = list.articles.value;
  const visible = list.visible.value;
  const status = list.status.value;

  return (
    <>
      <div class="articles__head">
        <h1 id={headingId} class="articles__title" tabIndex={-1}>
          {st('title')}
        </h1>
        {isAdmin ? (
          <a class="button button--primary" href={articlesHash(NEW_ARTICLE)}>
            {st('new')}
          </a>
        ) : null}
      </div>
      <p class="articles__intro">{isAdmin ? st('intro.admin') : st('intro.agent')}</p>
      <fieldset class="articles__filters">
        <legend class="visually-hidden">{st('filter.label')}</legend>
        <div class="field">
          <label class="field__label" for={ids.locale}>
            {st('filter.locale')}
          </label>
          <select
            id={ids.locale}
            class="field__input"
            value={filters.locale}
            onChange={(event) =>
              list.setFilters({ locale: event.currentTarget.value as ArticleFilters['locale'] })
            }
          >
            <option value="all">{st('filter.allLocales')}</option>
            {SUPPORTED_LOCALES.map((value) => (
              <option key={value} value={value}>
                {st(`locale.${value}` as const)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label class="field__label" for={ids.category}>
            {st('filter.category')}
          </label>
          <select
            id={ids.category}
            class="field__input"
            value={filters.category}
            onChange={(event) =>
              list.setFilters({ category: event.currentTarget.value as ArticleCategory | 'all' })
            }
          >
            <option value="all">{st('filter.allCategories')}</option>
            {ARTICLE_CATEGORIES.map((value) => (
              <option key={value} value={value}>
                {t(categoryKey(value))}
              </option>
            ))}
          </select>
        </div>
        {isAdmin ? (
          <div class="field">
            <label class="field__label" for={ids.status}>
              {st('filter.status')}
            </label>
            <select
              id={ids.status}
              class="field__input"
              value={filters.status}
              onChange={(event) =>
                list.setFilters({ status: event.currentTarget.value as ArticleFilters['status'] })
              }
            >
              <option value="all">{st('filter.allStatuses')}</option>
              <option value="published">{st('status.published')}</option>
              <option value="draft">{st('status.draft')}</option>
            </select>
          </div>
        ) : null}
      </fieldset>

      {status === 'error' ? (
        <Alert tone="error">
          {st('loadError')}{' '}
          <Button variant="secondary" onClick={() => void list.load()}>
            {st('retry')}
          </Button>
        </Alert>
      ) : null}
      <p class="articles__count" role="status">
        {status === 'loading'
          ? st('loading')
          : status === 'ready'
            ? st('count', { shown: visible.length, count: all.length })
            : ''}
      </p>
      {status === 'ready' && visible.length === 0 ? (
        <p class="empty-state">{all.length === 0 ? st('none') : st('empty')}</p>
      ) : null}
      {visible.length > 0 ? (
        <table class="article-table" aria-labelledby={headingId}>
          <thead>
            <tr>
              <th scope="col">{st('col.title')}</th>
              <th scope="col">{st('col.locale')}</th>
              <th scope="col">{st('col.category')}</th>
              <th scope="col">{st('col.status')}</th>
              <th scope="col">{st('col.updated')}</th>
              <th scope="col" class="article-table__number">
                {st('col.views')}
              </th>
              <th scope="col" class="article-table__number">
                {st('col.votes')}
              </th>
              <th scope="col" class="article-table__number">
                {st('col.ratio')}
              </th>
              <th scope="col" class="article-table__number">
                <abbr title={st('col.deflectionsHint')}>{st('col.deflections')}</abbr>
              </th>
            </tr>
          </thead>
          <tbody>
            {visible.map((article) => {
              const ratio = helpfulRatio(article.stats);
              const url = publicUrl(article.url);
              return (
                <tr key={article.id} class="article-table__row">
                  <th scope="row" class="article-table__title">
                    {isAdmin ? (
                      <a href={articlesHash(article.id)} lang={article.locale} dir="auto">
                        {article.title}
                      </a>
                    ) : url ? (
                      <a
                        href={url}
                        target="_blank"
                        rel="noopener noreferrer"
                        lang={article.locale}
                        dir="auto"
                        aria-label={st('openPublic', { title: article.title })}
                      >
                        {article.title}
                      </a>
                    ) : (
                      <span lang={article.locale} dir="auto">
                        {article.title}
                      </span>
                    )}
                    <span class="article-table__slug">{article.slug}</span>
                  </th>
                  <td data-label={st('col.locale')}>{st(`locale.${article.locale}` as const)}</td>
                  <td data-label={st('col.category')}>{t(categoryKey(article.category))}</td>
                  <td data-label={st('col.status')}>
                    <span
                      class={`article-status article-status--${article.published ? 'published' : 'draft'}`}
                    >
                      {article.published ? st('status.published') : st('status.draft')}
                    </span>
                  </td>
                  <td data-label={st('col.updated')}>
                    <time dateTime={article.updatedAt}>{formatUpdated(article.updatedAt, uiLocale)}</time>
                  </td>
                  <td data-label={st('col.views')} class="article-table__number">
                    {article.stats.views}
                  </td>
                  <td data-label={st('col.votes')} class="article-table__number">
                    {article.stats.helpful} / {article.stats.notHelpful}
                  </td>
                  <td data-label={st('col.ratio')} class="article-table__number">
                    {ratio === null ? st('ratio.none') : `${ratio}%`}
                  </td>
                  <td data-label={st('col.deflections')} class="article-table__number">
                    {article.stats.deflections}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
    </>
  );
}
