import {
  type AgentArticle,
  ARTICLE_CATEGORIES,
  type ArticleCategory,
  type Locale,
  SUPPORTED_LOCALES,
} from '@topay-support/protocol';
import { useEffect, useId, useState } from 'preact/hooks';
import { Alert } from '../../ui/alert.js';
import { Button } from '../../ui/button.js';
import { Tabs, tabId, tabPanelId } from '../../ui/tabs.js';
import type { Translate } from '../locale/model.js';
import { articlesHash } from '../routing/conversation-route.js';
import type { Workspace } from '../workspace/model.js';
import { categoryKey } from './article-picker.js';
import { ArticlePreview } from './article-preview.js';
import {
  ARTICLE_LIMITS,
  type ArticleEditorModel,
  type ArticleProblems,
  type ArticlesListModel,
  createArticleEditor,
} from './articles-model.js';
import type { ScreenKey, ScreenTranslate } from './messages.js';
import { ArticleStats } from './stats.js';

export interface ArticleEditorProps {
  workspace: Workspace;
  list: ArticlesListModel;
  /** The stored article, or undefined for a new one. */
  article: AgentArticle | undefined;
  t: Translate;
  st: ScreenTranslate;
  uiLocale: Locale;
  headingId: string;
  /** Asks before unsaved changes are thrown away; `window.confirm` by default. */
  confirmLeave?: (message: string) => boolean;
}

const PROBLEM: {
  [Field in keyof ArticleProblems]-?: Record<NonNullable<ArticleProblems[Field]>, ScreenKey>;
} = {
  slug: { required: 'error.slugRequired', pattern: 'error.slugPattern', tooLong: 'error.slugTooLong' },
  title: { required: 'error.titleRequired', tooLong: 'error.titleTooLong' },
  tags: { tagTooLong: 'error.tagTooLong', tooManyTags: 'error.tooManyTags' },
  keywords: { keywordTooLong: 'error.keywordTooLong', tooManyKeywords: 'error.tooManyKeywords' },
  markdown: { tooLong: 'error.markdownTooLong' },
};
const MAX: Record<keyof ArticleProblems, number> = {
  slug: ARTICLE_LIMITS.slug,
  title: ARTICLE_LIMITS.title,
  tags: ARTICLE_LIMITS.tag,
  keywords: ARTICLE_LIMITS.keyword,
  markdown: ARTICLE_LIMITS.markdown,
};

type ContentTab = 'write' | 'preview';

/** Creates or edits one article (admins only): fields, Markdown with a server-rendered preview, Save. */
export function ArticleEditor({
  workspace,
  list,
  article,
  t,
  st,
  uiLocale,
  headingId,
  confirmLeave = (message) => window.confirm(message),
}: ArticleEditorProps) {
  const [editor] = useState<ArticleEditorModel>(() => {
    const created = createArticleEditor({ api: workspace.articles, article, locale: uiLocale });
    // "Write an article" from the assistant report: a new article titled with the unanswered question.
    const seed = article ? null : workspace.articleSeed.peek();
    if (seed) created.set({ title: seed.slice(0, ARTICLE_LIMITS.title) });
    workspace.articleSeed.value = null;
    return created;
  });
  const ids = {
    slug: useId(),
    locale: useId(),
    title: useId(),
    category: useId(),
    tags: useId(),
    keywords: useId(),
    markdown: useId(),
    published: useId(),
    tabs: useId(),
  };
  // Local view state: which content tab shows, and whether Save was pressed once.
  const [tab, setTab] = useState<ContentTab>('write');
  const [attempted, setAttempted] = useState(false);
  const [savedMessage, setSavedMessage] = useState('');

  const fields = editor.fields.value;
  const problems = editor.problems.value;
  const stored = editor.article.value;
  const failure = editor.failure.value;
  const dirty = editor.dirty.value;
  const preview = editor.preview.value;
  const lastSaved = list.lastSaved.value;

  useEffect(() => {
    // Leaving with unsaved changes asks first: in-app links (through the route) and closing the tab.
    workspace.setLeaveGuard(() => !editor.dirty.peek() || confirmLeave(st('editor.confirmLeave')));
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (!editor.dirty.peek()) return;
      event.preventDefault();
      // Older browsers show the prompt only when `returnValue` is set.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      workspace.setLeaveGuard(null);
      window.removeEventListener('beforeunload', onBeforeUnload);
    };
  }, [editor, workspace, st, confirmLeave]);

  useEffect(() => {
    // A created article reopens here under its own id: say so once.
    if (stored && lastSaved?.id === stored.id && lastSaved.created) setSavedMessage(st('saved.created'));
  }, []);

  // "Required" waits for a first Save; a bad character or a length shows while typing.
  const shown = (field: keyof ArticleProblems) => {
    const problem = problems[field];
    return problem && (attempted || problem !== 'required') ? problem : undefined;
  };
  const conflict = failure?.failure.code === 'conflict' ? failure.draft : null;
  const existing = conflict
    ? list.articles.value.find(
        (other) =>
          other.slug === conflict.slug && other.locale === conflict.locale && other.id !== stored?.id,
      )
    : undefined;

  function problemText(field: keyof ArticleProblems): string | null {
    const problem = shown(field);
    if (!problem) return null;
    const key = (PROBLEM[field] as Record<string, ScreenKey>)[problem];
    return key ? st(key, { max: MAX[field], count: fields.markdown.length }) : null;
  }

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    setAttempted(true);
    setSavedMessage('');
    // Read now, not from the last render: the newest keystroke may not have rendered yet.
    const invalid = (Object.keys(editor.problems.peek()) as Array<keyof ArticleProblems>)[0];
    if (invalid) {
      if (invalid === 'markdown') setTab('write');
      queueMicrotask(() => document.getElementById(ids[invalid])?.focus());
      return;
    }
    const created = !editor.article.peek();
    const saved = await editor.save();
    if (!saved) return;
    list.saved(saved, created);
    setAttempted(false);
    if (created) workspace.navigate({ name: 'articles', articleId: saved.id });
    else setSavedMessage(st('saved.updated'));
  }

  function describedBy(field: keyof ArticleProblems, hint?: string) {
    return (
      [hint, shown(field) || (field === 'slug' && conflict) ? `${ids[field]}-error` : undefined]
        .filter(Boolean)
        .join(' ') || undefined
    );
  }

  const slugError = problemText('slug');
  const hasProblems = attempted && Object.keys(problems).length > 0;

  return (
    <>
      <div class="articles__head">
        <a class="articles__back" href={articlesHash(null)}>
          <span aria-hidden="true">← </span>
          {st('editor.back')}
        </a>
      </div>
      <div class="articles__head">
        <h1 id={headingId} class="articles__title" tabIndex={-1} lang={stored ? stored.locale : undefined}>
          {stored ? stored.title || st('editor.edit') : st('editor.new')}
        </h1>
        {stored ? (
          <span class={`article-status article-status--${stored.published ? 'published' : 'draft'}`}>
            {stored.published ? st('status.published') : st('status.draft')}
          </span>
        ) : null}
        {dirty ? <span class="badge article-editor__unsaved">{st('editor.unsaved')}</span> : null}
      </div>
      {stored ? (
        <section class="article-editor__stats" aria-label={st('editor.stats')}>
          <ArticleStats stats={stored.stats} t={t} />
        </section>
      ) : null}

      <form class="article-editor" noValidate onSubmit={submit}>
        <div class="article-editor__grid">
          <div class="field">
            <label class="field__label" for={ids.slug}>
              {st('field.slug')}
            </label>
            <input
              id={ids.slug}
              class="field__input"
              autoComplete="off"
              spellcheck={false}
              autoCapitalize="none"
              maxLength={ARTICLE_LIMITS.slug + 20}
              value={fields.slug}
              aria-invalid={slugError || conflict ? 'true' : undefined}
              aria-describedby={describedBy('slug', `${ids.slug}-hint`)}
              onInput={(event) => editor.set({ slug: event.currentTarget.value })}
            />
            <p id={`${ids.slug}-hint`} class="field__hint">
              {st('field.slugHint')}
            </p>
            {slugError ? (
              <p id={`${ids.slug}-error`} class="field__error">
                {slugError}
              </p>
            ) : null}
          </div>
          <div class="field">
            <label class="field__label" for={ids.locale}>
              {st('field.locale')}
            </label>
            <select
              id={ids.locale}
              class="field__input"
              value={fields.locale}
              onChange={(event) => editor.set({ locale: event.currentTarget.value as Locale })}
            >
              {SUPPORTED_LOCALES.map((value) => (
                <option key={value} value={value}>
                  {st(`locale.${value}` as const)}
                </option>
              ))}
            </select>
          </div>
          <div class="field article-editor__wide">
            <label class="field__label" for={ids.title}>
              {st('field.title')}
            </label>
            <input
              id={ids.title}
              dir="auto"
              class="field__input"
              autoComplete="off"
              lang={fields.locale}
              value={fields.title}
              aria-invalid={shown('title') ? 'true' : undefined}
              aria-describedby={describedBy('title')}
              onInput={(event) => editor.set({ title: event.currentTarget.value })}
            />
            {shown('title') ? (
              <p id={`${ids.title}-error`} class="field__error">
                {problemText('title')}
              </p>
            ) : null}
          </div>
          <div class="field">
            <label class="field__label" for={ids.category}>
              {st('field.category')}
            </label>
            <select
              id={ids.category}
              class="field__input"
              value={fields.category}
              onChange={(event) => editor.set({ category: event.currentTarget.value as ArticleCategory })}
            >
              {ARTICLE_CATEGORIES.map((value) => (
                <option key={value} value={value}>
                  {t(categoryKey(value))}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label class="field__label" for={ids.tags}>
              {st('field.tags')}
            </label>
            <input
              id={ids.tags}
              class="field__input"
              autoComplete="off"
              lang={fields.locale}
              value={fields.tags}
              aria-invalid={shown('tags') ? 'true' : undefined}
              aria-describedby={describedBy('tags', `${ids.tags}-hint`)}
              onInput={(event) => editor.set({ tags: event.currentTarget.value })}
            />
            <p id={`${ids.tags}-hint`} class="field__hint">
              {st('field.tagsHint')}
            </p>
            {shown('tags') ? (
              <p id={`${ids.tags}-error`} class="field__error">
                {problemText('tags')}
              </p>
            ) : null}
          </div>
          <div class="field">
            <label class="field__label" for={ids.keywords}>
              {st('field.keywords')}
            </label>
            <input
              id={ids.keywords}
              class="field__input"
              autoComplete="off"
              lang={fields.locale}
              value={fields.keywords}
              aria-invalid={shown('keywords') ? 'true' : undefined}
              aria-describedby={describedBy('keywords', `${ids.keywords}-hint`)}
              onInput={(event) => editor.set({ keywords: event.currentTarget.value })}
            />
            <p id={`${ids.keywords}-hint`} class="field__hint">
              {st('field.keywordsHint')}
            </p>
            {shown('keywords') ? (
              <p id={`${ids.keywords}-error`} class="field__error">
                {problemText('keywords')}
              </p>
            ) : null}
          </div>
        </div>

        <Tabs<ContentTab>
          label={st('tabs.label')}
          idPrefix={ids.tabs}
          items={[
            { value: 'write', label: st('tab.write') },
            { value: 'preview', label: st('tab.preview') },
          ]}
          selected={tab}
          onSelect={(next) => {
            setTab(next);
            if (next === 'preview') void editor.loadPreview();
          }}
        />
        <div
          class="article-editor__panel"
          role="tabpanel"
          id={tabPanelId(ids.tabs)}
          aria-labelledby={tabId(ids.tabs, tab)}
        >
          {tab === 'write' ? (
            <div class="field">
              <label class="field__label" for={ids.markdown}>
                {st('field.markdown')}
              </label>
              <textarea
                id={ids.markdown}
                dir="auto"
                class="field__input article-editor__markdown"
                rows={14}
                lang={fields.locale}
                value={fields.markdown}
                aria-invalid={shown('markdown') ? 'true' : undefined}
                aria-describedby={describedBy('markdown', `${ids.markdown}-hint`)}
                onInput={(event) => editor.set({ markdown: event.currentTarget.value })}
              />
              <p id={`${ids.markdown}-hint`} class="field__hint">
                {st('field.markdownHint')}
              </p>
              {shown('markdown') ? (
                <p id={`${ids.markdown}-error`} class="field__error">
                  {problemText('markdown')}
                </p>
              ) : null}
            </div>
          ) : (
            <div class="article-editor__preview">
              <p class="field__hint">{st('preview.note')}</p>
              {preview.status === 'loading' ? (
                <p role="status">{st('preview.loading')}</p>
              ) : preview.status === 'error' ? (
                <Alert tone="error">
                  {st('preview.error')}{' '}
                  <Button variant="secondary" onClick={() => void editor.loadPreview()}>
                    {st('retry')}
                  </Button>
                </Alert>
              ) : preview.status === 'ready' && preview.html === '' ? (
                <p class="empty-state">{st('preview.empty')}</p>
              ) : preview.status === 'ready' ? (
                <div lang={fields.locale}>
                  <ArticlePreview html={preview.html} label={st('tab.preview')} />
                </div>
              ) : null}
            </div>
          )}
        </div>

        <label class="article-editor__published" for={ids.published}>
          <input
            id={ids.published}
            type="checkbox"
            checked={fields.published}
            onChange={(event) => editor.set({ published: event.currentTarget.checked })}
          />
          {st('field.published')}
        </label>

        {hasProblems ? <Alert tone="error">{st('error.summary')}</Alert> : null}
        {conflict ? (
          <Alert tone="error">
            <span id={`${ids.slug}-error`}>
              {st('error.conflict', {
                slug: conflict.slug,
                language: st(`locale.${conflict.locale}` as const),
              })}
            </span>
            {existing ? (
              <>
                {' '}
                <a href={articlesHash(existing.id)}>{st('error.conflictOpen')}</a>
              </>
            ) : null}
          </Alert>
        ) : failure ? (
          <Alert tone="error">
            {failure.failure.code === 'invalid_request'
              ? st('error.invalid')
              : failure.failure.code === 'forbidden'
                ? st('error.forbidden')
                : failure.failure.code === 'not_found'
                  ? st('error.notFound')
                  : st('error.save')}
          </Alert>
        ) : null}
        <p class="article-editor__saved" role="status">
          {dirty ? '' : savedMessage}
        </p>
        <div class="article-editor__actions">
          <Button type="submit" variant="primary" busy={editor.saving.value}>
            {st('save')}
          </Button>
        </div>
      </form>
    </>
  );
}
