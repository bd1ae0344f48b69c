import { createRequire } from 'node:module';
import type { Jieba } from '@node-rs/jieba';
import { toSimplified } from './chinese-script.js';

// Loaded on the first Chinese text, not at start: the native module and its 5 MB dictionary would
// otherwise slow every server start and CLI command.
const require = createRequire(import.meta.url);

/**
 * How runs of Chinese characters are split into words. jieba (a dictionary plus an HMM for unknown
 * words, through @node-rs/jieba's prebuilt binary) is the default: on the labelled benchmark it beat
 * ICU's dictionary segmenter (README, "Help center"). ICU stays selectable so the benchmark can
 * compare them; text other than Chinese is always split by ICU.
 */
export type SegmenterName = 'jieba' | 'icu';

let segmenterName: SegmenterName = 'jieba';
let jieba: Jieba | undefined;
const icu = new Intl.Segmenter('zh', { granularity: 'word' });

/** Chooses the Chinese segmenter for indexes built from now on (the benchmark compares both). */
export function useSegmenter(name: SegmenterName): void {
  segmenterName = name;
}

// Words that carry no topic: question scaffolding and colloquial filler in both languages, in
// Simplified (Traditional input is converted before this list is consulted). Dropping them keeps
// "怎么办" or "how do I" from matching every article that asks a question.
const STOP_WORDS = new Set([
  ...'的 了 吗 呢 吧 啊 呀 哦 嘛 我 你 他 她 它 我们 你们 您 是 在 有 和 与 或 就 都 也 还 又 被 把 给 让 这 那 这个 那个 什么 怎么 怎么办 怎么样 怎样 如何 为什么 为何 办 请问 一下 可以 能 能不能 不能 要 想 会 吗？ 哪 哪里 哪儿 该 咋 咋办 啥 怎么回事 回事 是不是 有没有 时候 什么时候 以后 之后 后 说 跟 对 已经 今天 现在 知道 告诉 需要 东西 情况 一些 有点 比较 非常 真的 为啥 干嘛 行不行 行吗 好吗 多少钱 还有 一直 但是 但 可是 然后 就是 如果 或者 还是 要怎么 怎么弄 弄 搞 用 请 谢谢 帮 帮忙 一个 上去 得 着 过 去 来 嗎 麼'.split(
    ' ',
  ),
  ..."a an the i i'm me my we our you your it its it's is are was were be been do does did how what what's why when where which who can could should would will to of for on in at by with and or not my please help get got there this that from after about any just still like today tell know need want go going make really thing something anything ok okay hi hello thanks thank yes now one some also very much many more as if so but than then up out here they them their he she his her us am".split(
    ' ',
  ),
]);

const HAN_RUN = /\p{Script=Han}+/gu;

function isHan(text: string): boolean {
  return /\p{Script=Han}/u.test(text);
}

/** Lower case, compatibility forms folded (full-width letters), Chinese in Simplified. */
export function normalizeText(text: string): string {
  // OpenCC turns Traditional 帳 into 帐, a variant of the standard 账 that Mainland articles use
  // (帐号/账号): one spelling lets a Traditional query meet them without a synonym per word.
  return toSimplified(text.normalize('NFKC').toLowerCase()).replaceAll('帐', '账');
}

function segmentHan(run: string): string[] {
  if (segmenterName === 'icu') return [...icu.segment(run)].map((s) => s.segment);
  if (!jieba) {
    const { Jieba: JiebaClass } = require('@node-rs/jieba') as typeof import('@node-rs/jieba');
    const { dict } = require('@node-rs/jieba/dict.js') as typeof import('@node-rs/jieba/dict.js');
    jieba = JiebaClass.withDict(dict);
  }
  // Search mode: long words also yield the shorter words inside them (手机号码 → 手机, 号码, 手机号码).
  return jieba.cutForSearch(run, true);
}

function pushWords(out: string[], text: string): void {
  for (const { segment, isWordLike } of icu.segment(text)) {
    if (isWordLike) out.push(segment);
  }
}

/** Splits normalised text into words: Chinese runs by the chosen segmenter, everything else by ICU. */
function words(text: string): string[] {
  const out: string[] = [];
  let last = 0;
  for (const match of text.matchAll(HAN_RUN)) {
    pushWords(out, text.slice(last, match.index));
    out.push(...segmentHan(match[0]));
    last = match.index + match[0].length;
  }
  pushWords(out, text.slice(last));
  return out;
}

/**
 * Splits text into search terms: normalised words without stop words, plus character bigrams of
 * longer Chinese words so "银行卡" also meets compounds written differently ("卡号", "银行").
 */
export function tokenize(text: string): string[] {
  return tokenizeNormalized(normalizeText(text));
}

/**
 * `tokenize` for text already passed through `normalizeText`. Without `bigrams`, only the words
 * themselves: what a synonym adds to a query (its bigrams would cost time and add noise).
 */
export function tokenizeNormalized(text: string, bigrams = true): string[] {
  const terms: string[] = [];
  for (const raw of words(text)) {
    const trimmed = raw.trim();
    if (trimmed === '' || STOP_WORDS.has(trimmed)) continue;
    const word = stem(trimmed);
    terms.push(word);
    if (bigrams && isHan(word) && word.length > 2) {
      for (let i = 0; i + 2 <= word.length; i++) terms.push(word.slice(i, i + 2));
    }
  }
  return terms;
}

/**
 * A light English suffix stripper, the same for articles and queries, so "registering", "registered"
 * and "registers" meet "register" (prefix matching alone only reaches longer words).
 */
function stem(word: string): string {
  if (!/^[a-z]+$/.test(word) || word.length <= 4) return word;
  if (word.endsWith('ing') && word.length >= 7) return word.slice(0, -3);
  if (word.endsWith('ed') && word.length >= 6) return word.slice(0, -2);
  if (word.endsWith('s') && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

export function isLatinTerm(term: string): boolean {
  return /^[\p{Script=Latin}\p{N}'-]+$/u.test(term);
}
