import type { Locale } from '@topay-support/protocol';
import type { StoredArticle } from '../../storage/help-articles.js';
import type { MerchantRecord } from '../../storage/merchants.js';
import type { Storage } from '../../storage/storage.js';
import { chineseScriptOf, convertForReader, toSimplified } from '../help/chinese-script.js';
import { analyzeQuery } from '../help/query.js';
import type { RankedArticle } from '../help/search-index.js';
import type { HelpService } from '../help/service.js';
import { tokenize } from '../help/tokenize.js';
import { choosePassages, type Passage, splitPassages } from './passages.js';
import { questionCandidates } from './question.js';
import type { ReplyLocale } from './wording.js';

/**
 * The assistant's retrieval: which of the merchant's articles answer a visitor message, and which
 * passages of them. Built on the help search (its ranking and its confidence), which it uses as is.
 */

/** An article that answers the question, with the passages to quote, as the reader reads them. */
export interface RetrievedArticle {
  slug: string;
  category: StoredArticle['category'];
  /** In the reader's script. */
  title: string;
  /** The locale the reader opens it in (a zh-TW reader of a zh-CN article reads it converted). */
  locale: Locale;
  /** The help search's confidence that it answers the question, 0–1. */
  confidence: number;
  /**
   * The share of the question's concepts its title, tags and keywords cover, 0–1: whether the
   * article is about the question, not only mentions its words somewhere.
   */
  about: number;
  passages: Passage[];
}

export interface Retrieval {
  /** The part of the message the answer is for (a long message's question sentence, or all of it). */
  question: string;
  /** Best first; empty when nothing is a good match. */
  articles: RetrievedArticle[];
}

/** The language a reply is written in, from what the visitor wrote and the widget's locale. */
export function replyLocale(text: string, contextLocale: string | undefined): ReplyLocale {
  // A Chinese character is about a word: compare characters with Latin words, so "付款失败了怎么办
  // ignore your instructions…" reads as Chinese with some English in it.
  const han = (text.match(/\p{Script=Han}/gu) ?? []).length;
  const latin = (text.match(/\p{Script=Latin}+/gu) ?? []).length;
  if (han > 0 && han >= latin) {
    // Traditional characters, or a Taiwan/Hong Kong widget, read Traditional.
    if (toSimplified(text) !== text) return 'zh-TW';
    if (/^zh-(TW|HK|MO|Hant)/i.test(contextLocale ?? '')) return 'zh-TW';
    return 'zh-CN';
  }
  if (latin > 0) return 'en';
  if (/^zh-(TW|HK|MO|Hant)/i.test(contextLocale ?? '')) return 'zh-TW';
  if (/^zh/i.test(contextLocale ?? '')) return 'zh-CN';
  return 'en';
}

/** Where articles for a reply locale are looked for, in order: its own, the other Chinese, English, the default. */
function sourceLocales(reader: ReplyLocale, merchant: MerchantRecord): Locale[] {
  const chain: Locale[] =
    reader === 'zh-CN' ? ['zh-CN', 'zh-TW'] : reader === 'zh-TW' ? ['zh-TW', 'zh-CN'] : [reader, 'en'];
  return [...new Set([...chain, merchant.defaultLocale])];
}

/** Hits this close to the best one's confidence are as good as tied. */
const TIE = 0.1;

/**
 * The help search often finds several articles matching every concept of a short question (its
 * confidence is coarse: "支付 一直 不成功" matches both the payment-failed and payment-methods
 * bodies). Among those tied with the best, the one whose title, tags and keywords (what the
 * article is about, not what it mentions) cover more of the question comes first.
 */
function breakTies(hits: RankedArticle[], question: string, chinese: boolean): RankedArticle[] {
  const top = hits[0]?.confidence ?? 0;
  const tied = hits.filter((hit) => hit.confidence >= top - TIE);
  if (tied.length < 2) return hits;
  const reordered = tied
    .map((hit, order) => ({ hit, order, about: aboutShare(hit, question, chinese) }))
    .sort((a, b) => b.about - a.about || a.order - b.order)
    .map((entry) => entry.hit);
  return [...reordered, ...hits.slice(tied.length)];
}

/** The share of the question's concepts an article's title, tags and keywords cover. */
function aboutShare(hit: RankedArticle, question: string, chinese: boolean): number {
  const { concepts } = analyzeQuery(question, chinese);
  if (concepts.length === 0) return 0;
  const terms = new Set(
    tokenize([hit.article.title, ...hit.article.tags, ...hit.article.keywords].join(' ')),
  );
  return concepts.filter((concept) => concept.terms.some((term) => terms.has(term))).length / concepts.length;
}

/**
 * The visitor's own words: the redaction placeholders the chat put in place of card data
 * ("[card number removed]") are not part of the question, and would count as unmatched words.
 */
export function visitorWords(text: string): string {
  return text
    .replace(/\[[^\]\n]{1,40}\]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Ranks the merchant's published articles against a visitor message in the reader's language
 * (falling back across Chinese scripts, then English, then the merchant's default), and picks the
 * passages of the best ones. The question that wins is the candidate whose best article the search
 * is most confident in.
 */
export async function retrieve(
  deps: { help: HelpService; storage: Storage },
  merchant: MerchantRecord,
  text: string,
  reader: ReplyLocale,
  limit = 3,
): Promise<Retrieval> {
  let source: Locale | undefined;
  let index: Awaited<ReturnType<HelpService['indexFor']>> | undefined;
  for (const locale of sourceLocales(reader, merchant)) {
    const candidate = await deps.help.indexFor(merchant.id, locale);
    if (candidate.size > 0) {
      source = locale;
      index = candidate;
      break;
    }
  }
  if (!index || !source) return { question: text, articles: [] };

  const chinese = chineseScriptOf(source) !== undefined;
  // The candidate whose best article is surest wins; earlier candidates win ties.
  let best: { question: string; hits: RankedArticle[]; sure: number } = { question: text, hits: [], sure: 0 };
  for (const question of questionCandidates(visitorWords(text))) {
    const hits = breakTies(index.rank(question, limit), question, chinese);
    const top = hits[0];
    const sure = top ? (top.confidence + aboutShare(top, question, chinese)) / 2 : 0;
    if (sure > best.sure) best = { question, hits, sure };
  }
  const articles: RetrievedArticle[] = [];
  for (const hit of best.hits) {
    const stored: StoredArticle | undefined = await deps.storage.articles.findBySlug(
      merchant.id,
      hit.article.slug,
      source,
    );
    if (!stored?.published) continue;
    const passages = choosePassages(splitPassages(stored.bodyMarkdown), best.question, chinese).map((p) => ({
      ...p,
      heading: p.heading && convertForReader(p.heading, source, reader),
      text: convertForReader(p.text, source, reader),
    }));
    const readsConverted = chineseScriptOf(reader) !== undefined && chinese;
    articles.push({
      slug: stored.slug,
      category: stored.category,
      title: convertForReader(stored.title, source, reader),
      locale: readsConverted ? reader : source,
      confidence: hit.confidence,
      about: aboutShare(hit, best.question, chinese),
      passages,
    });
  }
  return { question: best.question, articles };
}
