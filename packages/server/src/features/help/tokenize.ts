// One word segmenter for every locale: ICU's dictionary segmentation splits Chinese, which has no
// spaces ("付款不成功怎么办" → 付款 | 不 | 成功 | 怎么 | 办), and follows spaces and punctuation elsewhere.
const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

// Words that carry no topic: question scaffolding in both languages. Dropping them keeps
// "怎么办" or "how do I" from matching every article that asks a question.
const STOP_WORDS = new Set([
  ...'的 了 吗 呢 吧 啊 我 你 他 她 它 我们 你们 是 在 有 和 与 或 就 都 也 还 又 被 把 给 让 这 那 这个 那个 什么 怎么 怎么办 怎样 如何 为什么 为何 办 请问 一下 可以 能 不能 要 想 会 吗？ 呀 哪 哪里 哪儿 该'.split(
    ' ',
  ),
  ...'a an the i me my we our you your it its is are was were be been do does did how what why when where which who can could should would will to of for on in at by with and or not no my please help'.split(
    ' ',
  ),
]);

function isHan(text: string): boolean {
  return /\p{Script=Han}/u.test(text);
}

/**
 * Splits text into search terms: lower-cased words, Chinese words as the dictionary segments them,
 * plus character bigrams of longer Chinese words so "银行卡" also meets "卡" compounds written differently.
 */
export function tokenize(text: string): string[] {
  const terms: string[] = [];
  for (const { segment, isWordLike } of segmenter.segment(text.normalize('NFKC').toLowerCase())) {
    if (!isWordLike) continue;
    const word = segment.trim();
    if (word === '' || STOP_WORDS.has(word)) continue;
    terms.push(word);
    if (isHan(word) && word.length > 2) {
      for (let i = 0; i + 2 <= word.length; i++) terms.push(word.slice(i, i + 2));
    }
  }
  return terms;
}

export function isLatinTerm(term: string): boolean {
  return /^[\p{Script=Latin}\p{N}'-]+$/u.test(term);
}
