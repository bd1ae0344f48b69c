import type { ArticleCategory, HelpSearchResult, Locale } from '@topay-support/protocol';
import MiniSearch, { type SearchResult } from 'minisearch';
import { alignedSimplified, chineseScriptOf, convertForReader, needsConversion } from './chinese-script.js';
import { type AnalyzedQuery, analyzeQuery } from './query.js';
import { isLatinTerm, tokenize } from './tokenize.js';

export interface IndexedArticle {
  id: string;
  slug: string;
  title: string;
  category: ArticleCategory;
  tags: string[];
  /** Search-only words merchants add (what customers type that the article does not say). */
  keywords: string[];
  /** Plain text of the body, without markup. */
  body: string;
}

/** One ranked article: the retrieval the widget's search and the assistant both build on. */
export interface RankedArticle {
  article: IndexedArticle;
  /** BM25 relevance scaled by confidence; only comparable within one query. */
  score: number;
  /**
   * How much of the question this article answers, 0–1: the share of the query's concepts it
   * matches, each weighted by how specific its words are in this help center.
   */
  confidence: number;
  /** The index terms it matched (normalised, Simplified), for highlighting. */
  terms: string[];
}

/**
 * Below this confidence an article is no good match: a query that matches none so well gets no
 * results, so the widget can offer a person instead of the least bad article. Measured with
 * bench/help-search.mjs (correct no-results against hit@1 on the labelled queries).
 */
export const MIN_CONFIDENCE = 0.4;
/**
 * A lone Chinese character (锁, 钱, 算) says less than a word: its concept weighs this much of what
 * its rarity alone would give. Measured: hit@1 on the tuning half rose from 92.5 % to 95.5 %.
 */
const SINGLE_CHARACTER_WEIGHT = 0.3;
/** Hits scoring under this share of the best one are noise once a good match exists. */
const MIN_RELATIVE_SCORE = 0.2;
/** Confidence re-ranks this many of BM25's best; further down nothing reaches the top. */
const RERANK = 40;
const SNIPPET_LENGTH = 120;

/**
 * Full-text search over one merchant's articles in one locale (MiniSearch: BM25 ranking, prefix and
 * fuzzy matching; our tokenizer makes it understand Chinese in either script). Titles outrank tags
 * and keywords, which outrank bodies.
 */
export class HelpSearchIndex {
  readonly locale: Locale;
  readonly #search: MiniSearch<IndexedArticle>;
  readonly #articles = new Map<string, IndexedArticle>();
  /** In how many articles each term occurs: the specificity that weighs a query's concepts. */
  readonly #documentFrequency = new Map<string, number>();
  /** Title and body as shown to a reader (converted for the other Chinese script), made on first need. */
  readonly #shown = new Map<string, Shown>();

  constructor(articles: IndexedArticle[], locale: Locale = 'zh-CN') {
    this.locale = locale;
    // Terms of the article being added, collected as MiniSearch tokenizes it: its document
    // frequencies come from the same pass instead of a second tokenization.
    let termsOfArticle = new Set<string>();
    this.#search = new MiniSearch<IndexedArticle>({
      fields: ['title', 'tags', 'keywords', 'body'],
      extractField: (document, field) => {
        const value = document[field as keyof IndexedArticle];
        return Array.isArray(value) ? value.join(' ') : String(value);
      },
      tokenize: (text) => {
        const terms = tokenize(text);
        for (const term of terms) termsOfArticle.add(term);
        return terms;
      },
      // Query terms were already normalised by `tokenize`; index terms too.
      processTerm: (term) => term,
      searchOptions: {
        boost: { title: 4, tags: 2, keywords: 2, body: 1 },
        combineWith: 'OR',
        // Prefix matching while typing ("passw" → password) and typo tolerance for longer Latin words
        // ("pasword"); Chinese words are matched exactly (a one-character edit changes the meaning).
        prefix: (term) => isLatinTerm(term) && term.length >= 3,
        fuzzy: (term) => (isLatinTerm(term) && term.length >= 5 ? 0.25 : false),
        // Searches pass their own tokenizer (the analysed query) and term weights.
        weights: { fuzzy: 0.6, prefix: 0.8 },
      },
    });
    for (const article of articles) {
      termsOfArticle = new Set();
      this.#search.add(article);
      this.#articles.set(article.id, article);
      for (const term of termsOfArticle) {
        this.#documentFrequency.set(term, (this.#documentFrequency.get(term) ?? 0) + 1);
      }
    }
  }

  get size(): number {
    return this.#articles.size;
  }

  /** BM25's inverse document frequency; a word no article has counts as specific as the rarest. */
  #idf(term: string): number {
    const n = this.#articles.size;
    const df = Math.max(1, this.#documentFrequency.get(term) ?? 1);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** Each concept's weight: how specific its words are in this help center (unknown words: the most). */
  #weigh(query: AnalyzedQuery): WeighedConcept[] {
    return query.concepts.map(({ terms }) => {
      const vocabulary = terms.filter((term) => this.#documentFrequency.has(term));
      let weight = Math.max(...(vocabulary.length > 0 ? vocabulary : terms).map((t) => this.#idf(t)));
      if (terms.length === 1 && /^\p{Script=Han}$/u.test(terms[0]!)) weight *= SINGLE_CHARACTER_WEIGHT;
      return { terms, weight };
    });
  }

  #confidence(concepts: WeighedConcept[], hit: SearchResult): number {
    const matched = new Set(hit.terms);
    const typedMatched = new Set(hit.queryTerms);
    let total = 0;
    let covered = 0;
    for (const { terms, weight } of concepts) {
      let credit = 0;
      for (const term of terms) {
        if (matched.has(term)) credit = 1;
        else if (typedMatched.has(term)) {
          // Reached by prefix ("refund" → "refunds") or by a typo-tolerant match, which counts only
          // when one slip apart ("refnud", "pasword"): two edits turn "hiring" into "during".
          const prefix = hit.terms.some((t) => t.startsWith(term));
          const typo = hit.terms.some((t) => editDistance(term, t) <= 1);
          credit = Math.max(credit, prefix ? 0.8 : typo ? 0.5 : 0.1);
        }
      }
      // Words this help center never uses count fully: they make "天气" or "loan" no match. Capping
      // their weight (at the known words', always or only in long questions) was measured: it let
      // unrelated questions through and found no more answers.
      total += weight;
      covered += weight * credit;
    }
    return total === 0 ? 0 : covered / total;
  }

  /** Articles that answer `query`, best first; empty when none is a good match. */
  rank(query: string, limit = 8): RankedArticle[] {
    const analyzed = analyzeQuery(query, chineseScriptOf(this.locale) !== undefined);
    if (analyzed.weights.size === 0) return [];
    const concepts = this.#weigh(analyzed);
    const hits = this.#search
      .search(query, {
        tokenize: () => [...analyzed.weights.keys()],
        // Weighting terms once more by rarity (on top of BM25's) was measured and lowered hit@1.
        boostTerm: (term) => analyzed.weights.get(term) ?? 1,
        // Prefix and typo matching only for what the customer typed: synonyms are spelled right,
        // and matching them loosely would cost time and precision.
        prefix: (term) => isLatinTerm(term) && term.length >= 3 && analyzed.weights.get(term) === 1,
        fuzzy: (term) =>
          isLatinTerm(term) && term.length >= 5 && analyzed.weights.get(term) === 1 ? 0.25 : false,
      })
      .slice(0, RERANK)
      .map((hit) => {
        const confidence = this.#confidence(concepts, hit);
        return {
          article: this.#articles.get(String(hit.id))!,
          // Squaring confidence (or ignoring it) ranked worse on the benchmark than this.
          score: hit.score * confidence,
          confidence,
          // Typed words, whole-word synonyms, and what prefix or typo matching reached from them.
          terms: hit.terms.filter((term) => analyzed.highlight.has(term) || !analyzed.weights.has(term)),
        };
      })
      .sort((a, b) => b.score - a.score);
    const best = hits[0];
    if (!best || best.confidence < MIN_CONFIDENCE) return [];
    return hits
      .filter((hit) => hit.confidence >= MIN_CONFIDENCE && hit.score >= best.score * MIN_RELATIVE_SCORE)
      .slice(0, limit);
  }

  /**
   * Search hits as the widget shows them. For a reader of the other Chinese script (`reader`), the
   * title and snippet are converted and the highlights index the converted snippet.
   */
  search(query: string, limit = 8, reader: Locale = this.locale): HelpSearchResult[] {
    const converting = needsConversion(this.locale, reader);
    return this.rank(query, limit).map(({ article, terms }) => {
      const shown = this.#shownTo(article, converting ? reader : this.locale);
      const { snippet, highlights } = makeSnippet(shown, terms);
      return {
        id: article.id,
        slug: article.slug,
        title: shown.title,
        snippet,
        highlights,
        category: article.category,
        ...(converting ? { convertedFrom: this.locale } : {}),
      };
    });
  }

  #shownTo(article: IndexedArticle, reader: Locale): Shown {
    const key = `${reader}:${article.id}`;
    let shown = this.#shown.get(key);
    if (!shown) {
      const body = convertForReader(article.body, this.locale, reader).replace(/\s+/g, ' ').trim();
      shown = {
        title: convertForReader(article.title, this.locale, reader),
        body,
        matchable: alignedSimplified(body).toLowerCase(),
      };
      this.#shown.set(key, shown);
    }
    return shown;
  }
}

interface WeighedConcept {
  terms: string[];
  weight: number;
}

/** An article's text as one reader sees it, with a same-length copy to find normalised terms in. */
interface Shown {
  title: string;
  /** Plain text, whitespace collapsed. */
  body: string;
  /** `body` in lower-case Simplified, character for character, so offsets carry over. */
  matchable: string;
}

/** Optimal string alignment distance (a swap of neighbours is one edit), stopping past 1. */
export function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 1) return 2;
  let before = Array.from({ length: b.length + 1 }, (_, j) => j);
  let previous = before;
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, before[j - 2]! + 1);
      }
      row.push(best);
    }
    before = previous;
    previous = row;
  }
  return previous[b.length]!;
}

/**
 * A short excerpt around the first matched term, with [start, end) ranges of every matched term in it.
 * Terms are normalised (lower case, Simplified); the body may be in either script, so they are found
 * in a same-length Simplified copy and the ranges then index the body as shown. Ranges index the
 * snippet string as JavaScript does (UTF-16), which is what the widget slices.
 */
export function makeSnippet(
  shown: Pick<Shown, 'body' | 'matchable'>,
  terms: string[],
): { snippet: string; highlights: Array<[number, number]> } {
  const text = shown.body;
  const lower = shown.matchable;
  const wanted = terms.filter((term) => term.length > 0);
  const positions = wanted.map((term) => lower.indexOf(term)).filter((index) => index >= 0);
  const first = positions.length > 0 ? Math.min(...positions) : 0;
  let start = Math.max(0, first - Math.floor(SNIPPET_LENGTH / 3));
  // Start at a word or sentence boundary when one is near, so the excerpt does not open mid-word.
  const boundary = text.slice(start, first).search(/[\s。，、！？；.,!?;][^\s。，、！？；.,!?;]*$/);
  if (start > 0 && boundary >= 0) start += boundary + 1;
  const end = Math.min(text.length, start + SNIPPET_LENGTH);
  const snippet = `${start > 0 ? '…' : ''}${text.slice(start, end)}${end < text.length ? '…' : ''}`;
  const offset = start > 0 ? 1 - start : -start;
  const ranges: Array<[number, number]> = [];
  for (const term of wanted) {
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
