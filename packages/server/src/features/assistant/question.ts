/**
 * Finding the question in what a visitor wrote to a chat. Chat messages carry greetings, thanks,
 * fillers ("咋整", "ugh") and stories around the question; each of those is an unmatched word that
 * lowers the help search's confidence. These are the query variants the assistant searches with.
 */

/** Words that carry no question: greetings, thanks, particles and chat fillers. */
const FILLERS_ZH =
  /(你好|您好|哈喽|请问|請問|麻烦|麻煩|谢谢你们|謝謝你們|谢谢|謝謝|多谢|不好意思|打扰了|打擾了|咋整|咋办|咋辦|怎么搞|怎麼搞|呀|啊|吧|呢|嘛|哦|喔|咯|啦|哈)/g;
const FILLERS_EN =
  /\b(hi|hello|hey|there|thanks|thank you|thx|please|pls|ugh|again|so|just|sorry|anyway|in advance|for the long message)\b/gi;
const CONTRACTIONS: Array<[RegExp, string]> = [
  [/\bwheres\b/gi, 'where is'],
  [/\bwhats\b/gi, 'what is'],
  [/\bhows\b/gi, 'how is'],
  [/\bcant\b/gi, 'cannot'],
  [/\bdont\b/gi, 'do not'],
  [/\bdidnt\b/gi, 'did not'],
  [/\bwont\b/gi, 'will not'],
  [/\bim\b/gi, 'i am'],
];

/** The message without greetings, thanks and fillers; contractions typed without an apostrophe spelled out. */
export function withoutFillers(text: string): string {
  let out = text.replace(FILLERS_ZH, ' ').replace(FILLERS_EN, ' ');
  for (const [pattern, replacement] of CONTRACTIONS) out = out.replace(pattern, replacement);
  return out.replace(/\s+/g, ' ').trim();
}

const QUESTION_WORD =
  /[?？]|怎么|怎樣|怎样|怎麼|如何|为什么|為什麼|为何|為何|什么|什麼|哪|吗|嗎|能不能|可不可以|是否|多久|几天|幾天|\b(how|what|why|where|when|which|who|can|could|should|is|are|do|does|did|will|would|may)\b/i;

/** A message this long is read clause by clause. */
const LONG = 12;

/**
 * The parts of a message worth searching for, most likely first. A short message is one question
 * (with and without its fillers). A long one is split into clauses: those that ask something, each
 * also with the clause before it (a question often points back: "…显示付款失败，我该怎么处理？"),
 * or every clause when none asks; then the whole message.
 */
export function questionCandidates(text: string): string[] {
  const whole = text.trim();
  const candidates: string[] = [];
  if (whole.length >= LONG) {
    const clauses = whole
      .split(/[。！？!?；;\n，,]|(?<=[a-z])\.\s+/iu)
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
    if (clauses.length > 1) {
      const asking = clauses
        .map((clause, i) => ({ clause, i }))
        .filter(({ clause }) => QUESTION_WORD.test(clause));
      if (asking.length > 0) {
        for (const { clause, i } of asking) {
          candidates.push(clause);
          if (i > 0) candidates.push(`${clauses[i - 1]} ${clause}`);
        }
      } else {
        candidates.push(...clauses);
      }
    }
  }
  candidates.push(whole);
  const cleaned = candidates.map(withoutFillers).filter((c) => c.length > 0);
  return [...new Set([...candidates, ...cleaned])];
}
