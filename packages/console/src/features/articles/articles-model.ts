import { computed, type ReadonlySignal, signal } from '@preact/signals';
import type { AgentArticle, ArticleCategory, ArticleDraft, Locale } from '@topay-support/protocol';
import type { ArticlesApi } from '../../agent-api.js';
import { ApiFailure } from '../../api.js';

/** `#/articles/new`: the editor of an article that does not exist yet. */
export const NEW_ARTICLE = 'new';

/** Limits of the server's `draftBody` schema; the server stays the authority. */
export const ARTICLE_LIMITS = {
  slug: 100,
  title: 200,
  tag: 60,
  tags: 30,
  keyword: 60,
  keywords: 50,
  markdown: 100_000,
} as const;
const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function toFailure(error: unknown): ApiFailure {
  return error instanceof ApiFailure ? error : new ApiFailure('network_error', (error as Error).message);
}

export type LoadStatus = 'loading' | 'ready' | 'error';

export interface ArticleFilters {
  locale: Locale | 'all';
  category: ArticleCategory | 'all';
  status: 'all' | 'published' | 'draft';
}

export interface ArticlesListModel {
  readonly articles: ReadonlySignal<readonly AgentArticle[]>;
  readonly status: ReadonlySignal<LoadStatus>;
  readonly filters: ReadonlySignal<ArticleFilters>;
  /** The filtered list, most recently updated first. */
  readonly visible: ReadonlySignal<readonly AgentArticle[]>;
  /** The article the editor saved last, and whether it was new, for its confirmation. */
  readonly lastSaved: ReadonlySignal<{ id: string; created: boolean } | null>;
  load(): Promise<void>;
  setFilters(patch: Partial<ArticleFilters>): void;
  /** Puts a saved article into the list, so going back shows it without a reload. */
  saved(article: AgentArticle, created: boolean): void;
}

/**
 * @example
 * const list = createArticlesListModel(workspace.articles);
 * await list.load();
 * list.setFilters({ locale: 'en' });
 */
export function createArticlesListModel(api: Pick<ArticlesApi, 'listArticles'>): ArticlesListModel {
  const articles = signal<readonly AgentArticle[]>([]);
  const status = signal<LoadStatus>('loading');
  const filters = signal<ArticleFilters>({ locale: 'all', category: 'all', status: 'all' });
  const lastSaved = signal<{ id: string; created: boolean } | null>(null);
  const visible = computed(() => {
    const { locale, category, status: wanted } = filters.value;
    return articles.value
      .filter(
        (article) =>
          (locale === 'all' || article.locale === locale) &&
          (category === 'all' || article.category === category) &&
          (wanted === 'all' || article.published === (wanted === 'published')),
      )
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  });

  return {
    articles,
    status,
    filters,
    visible,
    lastSaved,
    async load() {
      if (articles.peek().length === 0) status.value = 'loading';
      try {
        articles.value = await api.listArticles();
        status.value = 'ready';
      } catch {
        status.value = 'error';
      }
    },
    setFilters(patch) {
      filters.value = { ...filters.peek(), ...patch };
    },
    saved(article, created) {
      articles.value = [...articles.peek().filter((other) => other.id !== article.id), article];
      lastSaved.value = { id: article.id, created };
    },
  };
}

/** The editor's fields as typed: tags and keywords stay comma-separated strings until saved. */
export interface ArticleFields {
  slug: string;
  locale: Locale;
  title: string;
  category: ArticleCategory;
  tags: string;
  /** Search-only words: what customers type that the article does not say. */
  keywords: string;
  markdown: string;
  published: boolean;
}

export interface ArticleProblems {
  slug?: 'required' | 'pattern' | 'tooLong';
  title?: 'required' | 'tooLong';
  tags?: 'tagTooLong' | 'tooManyTags';
  keywords?: 'keywordTooLong' | 'tooManyKeywords';
  markdown?: 'tooLong';
}

/** Commas of either width and the Chinese enumeration comma all separate tags; blanks and repeats go. */
export function parseTags(text: string): string[] {
  const tags = text
    .split(/[,，、]/)
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');
  return [...new Set(tags)];
}

export function toDraft(fields: ArticleFields): ArticleDraft {
  return {
    slug: fields.slug.trim(),
    locale: fields.locale,
    title: fields.title.trim(),
    category: fields.category,
    tags: parseTags(fields.tags),
    keywords: parseTags(fields.keywords),
    markdown: fields.markdown,
    published: fields.published,
  };
}

/** What the server would refuse, checked before sending; the server checks the same again. */
export function validateArticle(fields: ArticleFields): ArticleProblems {
  const draft = toDraft(fields);
  const problems: ArticleProblems = {};
  if (draft.slug === '') problems.slug = 'required';
  else if (draft.slug.length > ARTICLE_LIMITS.slug) problems.slug = 'tooLong';
  else if (!SLUG_PATTERN.test(draft.slug)) problems.slug = 'pattern';
  if (draft.title === '') problems.title = 'required';
  else if (draft.title.length > ARTICLE_LIMITS.title) problems.title = 'tooLong';
  if (draft.tags.some((tag) => tag.length > ARTICLE_LIMITS.tag)) problems.tags = 'tagTooLong';
  else if (draft.tags.length > ARTICLE_LIMITS.tags) problems.tags = 'tooManyTags';
  const keywords = draft.keywords ?? [];
  if (keywords.some((keyword) => keyword.length > ARTICLE_LIMITS.keyword))
    problems.keywords = 'keywordTooLong';
  else if (keywords.length > ARTICLE_LIMITS.keywords) problems.keywords = 'tooManyKeywords';
  if (draft.markdown.length > ARTICLE_LIMITS.markdown) problems.markdown = 'tooLong';
  return problems;
}

function fieldsOf(article: AgentArticle | undefined, locale: Locale): ArticleFields {
  return article
    ? {
        slug: article.slug,
        locale: article.locale,
        title: article.title,
        category: article.category,
        tags: article.tags.join(', '),
        keywords: (article.keywords ?? []).join(', '),
        markdown: article.markdown,
        published: article.published,
      }
    : {
        slug: '',
        locale,
        title: '',
        category: 'account',
        tags: '',
        keywords: '',
        markdown: '',
        published: false,
      };
}

export type PreviewState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ready'; html: string }
  | { status: 'error' };

export interface ArticleEditorModel {
  /** The stored article; null while new. */
  readonly article: ReadonlySignal<AgentArticle | null>;
  readonly fields: ReadonlySignal<ArticleFields>;
  readonly problems: ReadonlySignal<ArticleProblems>;
  /** The fields differ from what is stored (or, when new, from an empty form). */
  readonly dirty: ReadonlySignal<boolean>;
  readonly saving: ReadonlySignal<boolean>;
  /** Why the last save failed; null after a success or a change of the fields. */
  readonly failure: ReadonlySignal<{ failure: ApiFailure; draft: ArticleDraft } | null>;
  readonly preview: ReadonlySignal<PreviewState>;
  set(patch: Partial<ArticleFields>): void;
  /** Resolves with the stored article, or null when invalid or refused (see `problems`, `failure`). */
  save(): Promise<AgentArticle | null>;
  /** Renders the current Markdown through the server. */
  loadPreview(): Promise<void>;
}

/**
 * @example
 * const editor = createArticleEditor({ api, article: undefined, locale: 'zh-CN' });
 * editor.set({ slug: 'wire-transfer', title: '银行转账' });
 * const stored = await editor.save();
 */
export function createArticleEditor(options: {
  api: Pick<ArticlesApi, 'createArticle' | 'updateArticle' | 'previewArticle'>;
  article: AgentArticle | undefined;
  /** A new article's language until the admin picks one. */
  locale: Locale;
}): ArticleEditorModel {
  const { api } = options;
  const article = signal<AgentArticle | null>(options.article ?? null);
  const fields = signal(fieldsOf(options.article, options.locale));
  // What "no changes" means: the stored article, or the empty form.
  const baseline = signal(JSON.stringify(toDraft(fields.peek())));
  const saving = signal(false);
  const failure = signal<{ failure: ApiFailure; draft: ArticleDraft } | null>(null);
  const preview = signal<PreviewState>({ status: 'idle' });
  let previewVersion = 0;

  return {
    article,
    fields,
    problems: computed(() => validateArticle(fields.value)),
    dirty: computed(() => JSON.stringify(toDraft(fields.value)) !== baseline.value),
    saving,
    failure,
    preview,
    set(patch) {
      fields.value = { ...fields.peek(), ...patch };
      failure.value = null;
    },
    async save() {
      if (saving.peek()) return null;
      const problems = validateArticle(fields.peek());
      if (Object.keys(problems).length > 0) return null;
      const draft = toDraft(fields.peek());
      const stored = article.peek();
      saving.value = true;
      failure.value = null;
      try {
        const saved = stored ? await api.updateArticle(stored.id, draft) : await api.createArticle(draft);
        article.value = saved;
        fields.value = fieldsOf(saved, saved.locale);
        baseline.value = JSON.stringify(toDraft(fields.peek()));
        return saved;
      } catch (error) {
        failure.value = { failure: toFailure(error), draft };
        return null;
      } finally {
        saving.value = false;
      }
    },
    async loadPreview() {
      const markdown = fields.peek().markdown;
      // Version number: a slow answer for older Markdown must not replace a newer one.
      const version = ++previewVersion;
      if (markdown.trim() === '') {
        preview.value = { status: 'ready', html: '' };
        return;
      }
      preview.value = { status: 'loading' };
      try {
        const html = await api.previewArticle(markdown);
        if (version === previewVersion) preview.value = { status: 'ready', html };
      } catch {
        if (version === previewVersion) preview.value = { status: 'error' };
      }
    },
  };
}
