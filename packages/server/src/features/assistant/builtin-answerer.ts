import type { Answer, Answerer, AnswerRequest } from './answerer.js';
import { quote } from './passages.js';
import { paymentLine, wording } from './wording.js';

/**
 * How sure the built-in answerer must be (0–1) before it quotes an article; below it, it abstains and
 * offers a person. Sureness is the mean of the help search's confidence (the article matches the
 * question's words) and how much of the question its title, tags and keywords cover (it is about them). Not set by hand: `node bench/answers.mjs --tune` picks the
 * threshold that does best on the evaluation set's tune half (right answers minus three times the
 * wrong ones, the target being few wrong answers) and this is its output.
 */
export const BUILTIN_THRESHOLD = 0.55;

export function sureness(article: { confidence: number; about: number }): number {
  return (article.confidence + article.about) / 2;
}

/**
 * Answers with no network and no model: quotes the best passages of the best article, framed in the
 * reader's language, with the article as its source. It can only repeat what the merchant wrote, so
 * it never invents a policy, amount or date.
 */
export function createBuiltinAnswerer(options: { threshold?: number } = {}): Answerer {
  const threshold = options.threshold ?? BUILTIN_THRESHOLD;
  return {
    kind: 'builtin',
    async answer(request: AnswerRequest): Promise<Answer> {
      const best = request.retrieval.articles[0];
      if (!best || sureness(best) < threshold || best.passages.length === 0) {
        return { kind: 'abstain', why: 'no_match' };
      }
      const words = wording(request.locale);
      const parts = [words.intro(best.title), quote(best.passages), words.outro(best.title)];
      // The conversation's own payment (proof of ownership was checked when it was attached) says
      // more than any article about what happened to it; a payment named in the text is never looked up.
      if (request.payment && best.category === 'payments') {
        parts.unshift(paymentLine(request.payment, request.locale));
      }
      return {
        kind: 'answer',
        text: parts.join('\n\n'),
        sources: [{ slug: best.slug, title: best.title, locale: best.locale }],
      };
    },
  };
}
