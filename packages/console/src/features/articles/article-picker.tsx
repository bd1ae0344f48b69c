import { type AgentArticle, isolate, type Locale, SUPPORTED_LOCALES } from '@topay-support/protocol';
import { useEffect, useId, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ArticlesApi } from '../../agent-api.js';
import { BidiText } from '../../ui/bidi-text.js';
import { Button } from '../../ui/button.js';
import type { MessageKey } from '../locale/en.js';
import type { LocaleModel } from '../locale/model.js';
import { createArticleSearch } from './search-model.js';
import { ArticleStats } from './stats.js';

// Each language is named in itself, as in the console's own language switch.
const NATIVE_NAMES: Record<Locale, string> = {
  'zh-CN': '简体中文',
  en: 'English',
  'zh-TW': '繁體中文',
  ar: 'العربية',
};

export const categoryKey = (category: AgentArticle['category']) => `category.${category}` as MessageKey;

export interface ArticlePickerProps {
  id: string;
  api: Pick<ArticlesApi, 'searchArticles'>;
  /** The visitor's language, searched first; null when the conversation does not say. */
  visitorLocale: Locale | null;
  locale: LocaleModel;
  onChoose(article: AgentArticle): void;
  onClose(): void;
  debounceMs?: number;
}

/**
 * A non-modal popover over the reply box: a search field that owns the keys (↑↓ Enter Esc, like a
 * combobox) over a list of published articles. Focus moves into the field on open; whoever renders
 * the picker puts it back into the reply box on close.
 */
export function ArticlePicker({
  id,
  api,
  visitorLocale,
  locale,
  onChoose,
  onClose,
  debounceMs,
}: ArticlePickerProps) {
  const t = locale.t.value;
  const ids = { title: useId(), hint: useId(), input: useId(), list: `${id}-list` };
  const input = useRef<HTMLInputElement>(null);
  const box = useRef<HTMLDivElement>(null);
  // One search per opening: created on the first render, torn down (timer, late answers) on close.
  const [search] = useState(() =>
    createArticleSearch({
      api,
      locale: visitorLocale ?? locale.locale.peek(),
      ...(debounceMs === undefined ? {} : { debounceMs }),
    }),
  );
  // Local view state: the highlighted option.
  const [active, setActive] = useState(0);
  useEffect(() => () => search.dispose(), [search]);
  useLayoutEffect(() => input.current?.focus(), []);

  const results = search.results.value;
  const status = search.status.value;
  const query = search.query.value;
  const highlighted = results[Math.min(active, results.length - 1)];
  const optionId = (article: AgentArticle) => `${id}-option-${article.id}`;

  useEffect(() => {
    if (highlighted) document.getElementById(optionId(highlighted))?.scrollIntoView?.({ block: 'nearest' });
  });

  function onKeyDown(event: KeyboardEvent) {
    if (event.isComposing || event.keyCode === 229) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      // The inbox's Esc ("back to the list") must not also fire.
      event.stopPropagation();
      onClose();
      return;
    }
    if (event.target !== input.current || results.length === 0) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((Math.min(active, results.length - 1) + step + results.length) % results.length);
    } else if (event.key === 'Enter' && highlighted) {
      event.preventDefault();
      onChoose(highlighted);
    }
  }

  const statusText =
    status === 'searching'
      ? t('articlePicker.searching')
      : status === 'error'
        ? t('articlePicker.error')
        : status === 'done'
          ? results.length === 0
            ? t('articlePicker.none', { query: isolate(query.trim()) })
            : t('articlePicker.count', { count: results.length })
          : '';

  return (
    <div
      ref={box}
      id={id}
      class="article-picker"
      role="dialog"
      aria-labelledby={ids.title}
      onKeyDown={onKeyDown}
      onFocusOut={(event) => {
        // Tabbing or clicking to somewhere else closes it, like any popover; clicks inside do not.
        const next = event.relatedTarget;
        if (next instanceof Node && !box.current?.contains(next)) onClose();
      }}
    >
      <div class="article-picker__bar">
        <h2 id={ids.title} class="article-picker__title">
          {t('articlePicker.title')}
        </h2>
        <Button variant="quiet" onClick={onClose}>
          {t('articlePicker.close')}
        </Button>
      </div>
      <label class="visually-hidden" for={ids.input}>
        {t('articlePicker.search')}
      </label>
      <input
        ref={input}
        id={ids.input}
        dir="auto"
        class="field__input"
        type="search"
        role="combobox"
        autoComplete="off"
        spellcheck={false}
        placeholder={t('articlePicker.placeholder')}
        value={query}
        aria-expanded={results.length > 0 ? 'true' : 'false'}
        aria-controls={ids.list}
        aria-autocomplete="list"
        aria-describedby={ids.hint}
        aria-activedescendant={highlighted ? optionId(highlighted) : undefined}
        onInput={(event) => {
          search.setQuery(event.currentTarget.value);
          setActive(0);
        }}
      />
      <p id={ids.hint} class="article-picker__hint">
        {t('articlePicker.hint')}
      </p>
      <fieldset class="article-picker__locales">
        <legend class="article-picker__legend">{t('articlePicker.language')}</legend>
        {SUPPORTED_LOCALES.map((value) => (
          <label key={value} class="article-picker__locale" lang={value}>
            <input
              type="radio"
              name={`${id}-locale`}
              value={value}
              checked={search.locale.value === value}
              onChange={() => {
                search.setLocale(value);
                setActive(0);
              }}
            />
            {value === visitorLocale
              ? t('articlePicker.visitorLanguage', { language: NATIVE_NAMES[value] })
              : NATIVE_NAMES[value]}
          </label>
        ))}
      </fieldset>
      <p
        class={`article-picker__status${status === 'error' ? ' article-picker__status--error' : ''}`}
        role="status"
      >
        <BidiText text={statusText} />
      </p>
      <div id={ids.list} class="article-picker__list" role="listbox" aria-label={t('articlePicker.results')}>
        {results.map((article) => (
          <div
            key={article.id}
            id={optionId(article)}
            role="option"
            // Not in the tab order: focus stays in the search field, which points here.
            tabIndex={-1}
            aria-selected={article.id === highlighted?.id ? 'true' : 'false'}
            class="article-picker__option"
            // mousedown, not click: choosing must not blur the field (and close the picker) first.
            onMouseDown={(event) => {
              event.preventDefault();
              onChoose(article);
            }}
          >
            <span class="article-picker__option-title" lang={article.locale} dir="auto">
              {article.title}
            </span>
            <span class="article-picker__meta">
              <span class="tag">{t(categoryKey(article.category))}</span>
              <ArticleStats stats={article.stats} t={t} compact />
            </span>
          </div>
        ))}
      </div>
    </div>
  );
}
