import type { Locale } from '@topay-support/protocol';
import type { MerchantRecord, Storage, StoredArticle } from '../../storage/types.js';
import { chineseScriptOf, convertForReader, toSimplified } from '../help/chinese-script.js';
import type { RankedArticle } from '../help/search-index.js';
import type { HelpService } from '../help/service.js';
import { choosePassages, type Passage, splitPassages } from './passages.js';
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

const QUESTION_WORD =
  /[?？]|怎么|怎樣|怎样|怎麼|如何|为什么|為什麼|为何|為何|什么|什麼|哪|吗|嗎|么$|能不能|可不可以|可以.*吗|是否|多久|几天|幾天|\b(how|what|why|where|when|which|who|can|could|should|is|are|do|does|did|will|would|may)\b/i;

/**
 * The parts of a message worth searching for. A short message is one question. A long, rambling
 * one (a story with the question in the middle) is split into sentences; those that ask something
 * are the candidates, or every sentence when none does, and the whole message is one more.
 */
export function questionCandidates(text: string): string[] {
  const whole = text.trim();
  const sentences = whole
    .split(
      /(?<=[。！？!?；;\n])|(?<=[.])\s+|[，,]\s*(?=(?:所以|但是|可是|不过|不過|请问|請問|anyway|so|but)\b)/iu,
    )
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (sentences.length <= 1) return [whole];
  const asking = sentences.filter((s) => QUESTION_WORD.test(s));
  return [...(asking.length > 0 ? asking : sentences), whole];
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

  let best: { question: string; hits: RankedArticle[] } = { question: text, hits: [] };
  for (const question of questionCandidates(visitorWords(text))) {
    const hits = index.rank(question, limit);
    if ((hits[0]?.confidence ?? 0) > (best.hits[0]?.confidence ?? 0)) best = { question, hits };
  }
  const chinese = chineseScriptOf(source) !== undefined;
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
      passages,
    });
  }
  return { question: best.question, articles };
}
