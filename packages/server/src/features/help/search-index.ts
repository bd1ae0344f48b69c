import type { ArticleCategory, HelpSearchResult } from '@topay-support/protocol';
import MiniSearch from 'minisearch';
import { isLatinTerm, tokenize } from './tokenize.js';

export interface IndexedArticle {
  id: string;
  slug: string;
  title: string;
  category: ArticleCategory;
  tags: string[];
  /** Plain text of the body, without markup. */
  body: string;
}

const SNIPPET_LENGTH = 120;

/**
 * Full-text search over one merchant's articles in one locale (MiniSearch: BM25 ranking, prefix and
 * fuzzy matching; our tokenizer makes it understand Chinese). Titles outrank tags, which outrank bodies.
 */
export class HelpSearchIndex {
  readonly #search: MiniSearch<IndexedArticle>;
  readonly #articles = new Map<string, IndexedArticle>();

  constructor(articles: IndexedArticle[]) {
    this.#search = new MiniSearch<IndexedArticle>({
      fields: ['title', 'tags', 'body'],
      extractField: (document, field) => {
        const value = document[field as keyof IndexedArticle];
        return Array.isArray(value) ? value.join(' ') : String(value);
      },
      tokenize,
      // Query terms were already normalised by `tokenize`; index terms too.
      processTerm: (term) => term,
      searchOptions: {
        boost: { title: 4, tags: 2, body: 1 },
        combineWith: 'OR',
        // Prefix matching while typing ("passw" → password) and typo tolerance for longer Latin words
        // ("pasword"); Chinese words are matched exactly (a one-character edit changes the meaning).
        prefix: (term) => isLatinTerm(term) && term.length >= 3,
        fuzzy: (term) => (isLatinTerm(term) && term.length >= 5 ? 0.25 : false),
        weights: { fuzzy: 0.6, prefix: 0.8 },
      },
    });
    this.#search.addAll(articles);
    for (const article of articles) this.#articles.set(article.id, article);
  }

  get size(): number {
    return this.#articles.size;
  }

  search(query: string, limit = 8): HelpSearchResult[] {
    if (tokenize(query).length === 0) return [];
    return this.#search
      .search(query)
      .slice(0, limit)
      .map((hit) => {
        const article = this.#articles.get(String(hit.id))!;
        const { snippet, highlights } = makeSnippet(article.body, hit.terms);
        return {
          id: article.id,
          slug: article.slug,
          title: article.title,
          snippet,
          highlights,
          category: article.category,
        };
      });
  }
}

/**
 * A short excerpt around the first matched term, with [start, end) ranges of every matched term in it.
 * Ranges index the snippet string as JavaScript does (UTF-16), which is what the widget slices.
 */
export function makeSnippet(
  body: string,
  terms: string[],
): { snippet: string; highlights: Array<[number, number]> } {
  const text = body.replace(/\s+/g, ' ').trim();
  const lower = text.toLowerCase();
  const positions = terms.map((term) => lower.indexOf(term)).filter((index) => index >= 0);
  const first = positions.length > 0 ? Math.min(...positions) : 0;
  let start = Math.max(0, first - Math.floor(SNIPPET_LENGTH / 3));
  // Start at a word or sentence boundary when one is near, so the excerpt does not open mid-word.
  const boundary = text.slice(start, first).search(/[\s。，、！？；.,!?;][^\s。，、！？；.,!?;]*$/);
  if (start > 0 && boundary >= 0) start += boundary + 1;
  const end = Math.min(text.length, start + SNIPPET_LENGTH);
  const snippet = `${start > 0 ? '…' : ''}${text.slice(start, end)}${end < text.length ? '…' : ''}`;
  const offset = start > 0 ? 1 - start : -start;
  const ranges: Array<[number, number]> = [];
  for (const term of terms) {
    for (
      let i = lower.indexOf(term, start);
      i >= 0 && i + term.length <= end;
      i = lower.indexOf(term, i + term.length)
    ) {
      ranges.push([i + offset, i + offset + term.length]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const range of ranges) {
    const last = merged.at(-1);
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([range[0], range[1]]);
  }
  return { snippet, highlights: merged };
}
