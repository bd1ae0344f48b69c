import type { MessageSource } from '@topay-support/protocol';
import type OpenAI from 'openai';
import CircuitBreaker from 'opossum';
import type { AiConfig } from '../../config.js';
import type { Answer, Answerer, AnswerRequest } from './answerer.js';
import { buildPrompt, citedSlugs, NO_ANSWER, stripCitations } from './prompt.js';

/**
 * The part of a reply being streamed that a visitor may see already: up to its last citation of an
 * article it was given. What follows the last such citation (or a reply citing nothing yet) waits:
 * a statement that never gets a valid citation is dropped with the whole reply, and must not have
 * been shown as a draft either. `NO_ANSWER` cites nothing, so it is never shown.
 */
function groundedSoFar(text: string, retrieved: ReadonlyMap<string, unknown>): string | undefined {
  let end = -1;
  for (const match of text.matchAll(/\[\[\s*([^\]\s]+)\s*\]\]/g)) {
    if (!retrieved.has(match[1]!)) return undefined;
    end = match.index + match[0].length;
  }
  return end < 0 ? undefined : stripCitations(text.slice(0, end)) || undefined;
}

/** The model could not answer (timeout, outage, open breaker): the caller falls back. */
export class AnswererUnavailableError extends Error {
  override readonly name = 'AnswererUnavailableError';
}

export interface ModelAnswererOptions {
  /** Shown to the model as its name. */
  assistantName(request: AnswerRequest): string;
  /** Failures within 30 s before the breaker opens (default 3). */
  breakerVolume?: number;
  breakerResetMs?: number;
}

/**
 * Answers with any OpenAI-compatible chat-completions endpoint (Ollama, vLLM, LM Studio, DeepSeek,
 * Qwen, OpenAI) through the official client, streaming. The reply must cite the retrieved articles
 * as `[[slug]]`: one that cites none, or an article it was not given, is dropped (the caller then
 * abstains and offers a person). A first-token and a total timeout, one retry of a request that
 * failed before streaming, and a circuit breaker so an outage costs visitors no waiting.
 */
export function createModelAnswerer(
  config: AiConfig,
  options: ModelAnswererOptions,
): Answerer & { breaker: CircuitBreaker } {
  // Loaded on the first question: servers without a model (and every CLI command) never load it.
  let client: Promise<OpenAI> | undefined;
  const openai = () =>
    (client ??= import('openai').then(
      ({ default: OpenAI }) =>
        new OpenAI({
          baseURL: config.baseUrl,
          apiKey: config.apiKey,
          // The client retries a request that failed before any token (connection refused, 429, 5xx) once.
          maxRetries: 1,
          timeout: config.timeoutMs,
        }),
    ));

  async function generate(request: AnswerRequest): Promise<Answer> {
    const retrieved = new Map(request.retrieval.articles.map((article) => [article.slug, article]));
    // Nothing to ground a reply on: no model call, no cost, no guess.
    if (retrieved.size === 0) return { kind: 'abstain', why: 'no_match' };
    const controller = new AbortController();
    const abort = () => controller.abort();
    request.signal?.addEventListener('abort', abort);
    let timedOut: 'first token' | 'total' | undefined;
    const total = setTimeout(() => {
      timedOut = 'total';
      controller.abort();
    }, config.timeoutMs);
    let firstToken: NodeJS.Timeout | undefined = setTimeout(() => {
      timedOut = 'first token';
      controller.abort();
    }, config.firstTokenTimeoutMs);
    let text = '';
    try {
      const stream = await (await openai()).chat.completions.create(
        {
          model: config.model,
          messages: buildPrompt(request, options.assistantName(request)),
          stream: true,
          temperature: 0.2,
        },
        { signal: controller.signal },
      );
      for await (const chunk of stream) {
        const delta = chunk.choices[0]?.delta?.content ?? '';
        if (!delta) continue;
        if (firstToken) {
          clearTimeout(firstToken);
          firstToken = undefined;
        }
        text += delta;
        const shown = groundedSoFar(text, retrieved);
        if (shown) request.onDraft?.(shown);
      }
    } catch (error) {
      if (timedOut) throw new AnswererUnavailableError(`the model timed out waiting for the ${timedOut}`);
      if (request.signal?.aborted) throw error;
      throw new AnswererUnavailableError(
        `the model failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    } finally {
      clearTimeout(total);
      if (firstToken) clearTimeout(firstToken);
      request.signal?.removeEventListener('abort', abort);
    }
    if (text.includes(NO_ANSWER) || stripCitations(text) === '') return { kind: 'abstain', why: 'declined' };
    const cited = citedSlugs(text);
    if (cited.length === 0) return { kind: 'abstain', why: 'uncited' };
    if (cited.some((slug) => !retrieved.has(slug))) return { kind: 'abstain', why: 'foreign_citation' };
    const sources: MessageSource[] = cited.map((slug) => {
      const article = retrieved.get(slug)!;
      return { slug, title: article.title, locale: article.locale };
    });
    return { kind: 'answer', text: stripCitations(text), sources };
  }

  const breaker = new CircuitBreaker(generate, {
    timeout: false,
    errorThresholdPercentage: 50,
    volumeThreshold: options.breakerVolume ?? 3,
    resetTimeout: options.breakerResetMs ?? 30_000,
    rollingCountTimeout: 30_000,
    // Only outages count against the provider, not a reply the caller gave up on.
    errorFilter: (error: unknown) => !(error instanceof AnswererUnavailableError),
  });

  return {
    kind: 'model',
    breaker,
    async answer(request) {
      try {
        return (await breaker.fire(request)) as Answer;
      } catch (error) {
        if ((error as { code?: string }).code === 'EOPENBREAKER') {
          throw new AnswererUnavailableError('the model is unavailable (circuit open)');
        }
        throw error;
      }
    },
  };
}
