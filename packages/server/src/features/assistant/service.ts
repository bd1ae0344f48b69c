import { randomUUID } from 'node:crypto';
import type {
  AssistantDraft,
  AssistantFeedbackRequest,
  AssistantReport,
  AssistantSuggestion,
  HandoffReason,
  Message,
  MessageSource,
} from '@topay-support/protocol';
import type { Config } from '../../config.js';
import type { ConversationRecord } from '../../storage/conversations.js';
import type { MessageRecord } from '../../storage/messages.js';
import type { Storage } from '../../storage/storage.js';
import { ChatError } from '../chat/errors.js';
import type { ChatService, VisitorActor } from '../chat/service.js';
import type { HelpService } from '../help/service.js';
import type { Answer, Answerer, AnswerRequest, Turn } from './answerer.js';
import { createBuiltinAnswerer } from './builtin-answerer.js';
import { AnswererUnavailableError, createModelAnswerer } from './model-answerer.js';
import { buildReport } from './report.js';
import { replyLocale, retrieve, visitorWords } from './retrieval.js';
import { assistantSettings } from './settings.js';
import { wording } from './wording.js';

/** The assistant's volatile output, which the realtime layer turns into socket events. */
export type AssistantEvent =
  /** A reply being generated, to the conversation's visitor. */
  | { type: 'assistant.draft'; conversation: ConversationRecord; draft: AssistantDraft }
  /** `suggest` mode, to the merchant's agents. */
  | { type: 'assistant.suggestion'; conversation: ConversationRecord; suggestion: AssistantSuggestion };

export interface AssistantDeps {
  storage: Storage;
  chat: ChatService;
  help: HelpService;
  config: Pick<Config, 'ai' | 'assistant'>;
  logger?: {
    warn(obj: object, msg: string): void;
    error(obj: object, msg: string): void;
  };
  now?: () => Date;
  /** Replaces the built-in answerer's tuned threshold (the benchmark's tuning sweep). */
  builtinThreshold?: number;
}

/** Drafts reach the visitor at most this often: enough to look live, few enough to cost nothing. */
const DRAFT_INTERVAL_MS = 100;
/** Earlier messages a model sees. */
const HISTORY_TURNS = 12;

/**
 * The assistant (docs/assistant.md): listens to the chat service's events and answers visitor messages in
 * conversations no person has claimed (`first`), or drafts answers for agents (`suggest`). It keeps
 * out of the relay: its replies are stored through the chat service like any message, so they get a
 * seq, reach every client and webhook, and survive restarts.
 */
export function createAssistant(deps: AssistantDeps) {
  const { storage, chat, help, config } = deps;
  const listeners = new Set<(event: AssistantEvent) => void>();
  const announce = (event: AssistantEvent) => {
    for (const listener of listeners) listener(event);
  };
  const now = deps.now ?? (() => new Date());
  const builtin = createBuiltinAnswerer(
    deps.builtinThreshold !== undefined ? { threshold: deps.builtinThreshold } : {},
  );
  const model = config.ai
    ? createModelAnswerer(config.ai, { assistantName: (request) => assistantSettings(request.merchant).name })
    : undefined;
  // One reply at a time per conversation, in the order the questions came.
  const queues = new Map<string, Promise<void>>();
  const running = new Set<Promise<void>>();
  let closed = false;

  function enqueue(conversationId: string, work: () => Promise<void>): void {
    const previous = queues.get(conversationId) ?? Promise.resolve();
    const next = previous.then(work).catch((error: unknown) => {
      deps.logger?.error({ err: error, conversationId }, 'the assistant failed to answer');
    });
    queues.set(conversationId, next);
    running.add(next);
    void next.finally(() => {
      running.delete(next);
      if (queues.get(conversationId) === next) queues.delete(conversationId);
    });
  }

  const unsubscribe = chat.subscribe((event) => {
    if (event.type !== 'message.created' || closed) return;
    const { conversation, message } = event;
    if (message.authorType !== 'visitor' || message.internal) return;
    enqueue(conversation.id, () => onVisitorMessage(conversation, message));
  });

  /** The model while the merchant's daily budget lasts, else the built-in answerer. */
  async function answererFor(merchantId: string): Promise<Answerer> {
    if (!model) return builtin;
    const midnight = `${now().toISOString().slice(0, 10)}T00:00:00.000Z`;
    const used = await storage.assistant.countForMerchantSince(merchantId, 'model', midnight);
    return used < config.assistant.dailyBudget ? model : builtin;
  }

  async function history(conversationId: string, before: number): Promise<Turn[]> {
    const messages = await storage.messages.listLatest(conversationId, HISTORY_TURNS + 1, false);
    return messages
      .filter((m) => m.seq < before && m.authorType !== 'system' && m.text)
      .slice(-HISTORY_TURNS)
      .map((m) => ({
        role: m.authorType === 'visitor' ? 'visitor' : m.authorType === 'bot' ? 'assistant' : 'agent',
        text: m.text,
      }));
  }

  async function prepare(conversation: ConversationRecord, message: MessageRecord) {
    const merchant = await storage.merchants.findRecent(conversation.merchantId);
    if (!merchant) return undefined;
    const settings = assistantSettings(merchant);
    const locale = replyLocale(visitorWords(message.text), conversation.context.locale);
    const retrieval = await retrieve({ help, storage }, merchant, message.text, locale);
    const request: AnswerRequest = {
      merchant,
      text: message.text,
      locale,
      retrieval,
      history: await history(conversation.id, message.seq),
      payment: conversation.payment,
      ...(settings.persona ? { persona: settings.persona } : {}),
    };
    return { merchant, settings, request };
  }

  async function onVisitorMessage(stored: ConversationRecord, message: MessageRecord): Promise<void> {
    const conversationId = stored.id;
    const merchant = await storage.merchants.findRecent(stored.merchantId);
    if (!merchant) return;
    const mode = assistantSettings(merchant).mode;
    // Most messages need nothing from the assistant, decided without a read: a conversation that was
    // not 'answering' when the message was stored never becomes so again.
    if (mode === 'off' || (mode === 'first' && stored.assistant !== 'answering')) return;
    // Read afresh: a person may have claimed it since the message was stored.
    const conversation = await storage.conversations.findById(conversationId);
    if (!conversation || conversation.status === 'resolved') return;
    if (mode === 'suggest') return suggest(conversation, message);
    if (mode !== 'first' || conversation.assistant !== 'answering' || conversation.topic === 'complaint')
      return;

    const prepared = await prepare(conversation, message);
    if (!prepared) return;
    const { settings, request } = prepared;
    const words = wording(request.locale);

    if ((await storage.assistant.countForConversation(conversation.id)) >= config.assistant.maxTurns) {
      await reply(conversation, message, settings.name, words.handedOff, [], undefined);
      await handOff(conversation.id, 'turn_limit');
      return;
    }

    const answerer = await answererFor(conversation.merchantId);
    const draftId = randomUUID();
    let lastDraft = 0;
    let pending: string | undefined;
    let timer: NodeJS.Timeout | undefined;
    const flush = () => {
      timer = undefined;
      if (pending === undefined) return;
      announce({
        type: 'assistant.draft',
        conversation,
        draft: { conversationId: conversation.id, draftId, text: pending },
      });
      lastDraft = Date.now();
      pending = undefined;
    };
    request.onDraft = (text) => {
      pending = text;
      if (timer) return;
      timer = setTimeout(flush, Math.max(0, lastDraft + DRAFT_INTERVAL_MS - Date.now()));
    };

    let answer: Answer;
    let used = answerer;
    let unavailable = false;
    try {
      answer = await answerer.answer(request);
    } catch (error) {
      if (!(error instanceof AnswererUnavailableError)) throw error;
      deps.logger?.warn(
        { err: error, conversationId },
        'the model is unavailable; the built-in answerer answers',
      );
      unavailable = true;
      used = builtin;
      answer = await builtin.answer({ ...request, onDraft: () => {} });
    } finally {
      if (timer) clearTimeout(timer);
    }

    const text = answer.kind === 'answer' ? answer.text : words.abstain;
    await reply(
      conversation,
      message,
      settings.name,
      text,
      answer.kind === 'answer' ? answer.sources : [],
      used.kind,
    );
    // Neither the model nor the articles could help: people take over rather than the visitor waiting.
    if (unavailable && answer.kind !== 'answer') await handOff(conversation.id, 'assistant_unavailable');
  }

  async function reply(
    conversation: ConversationRecord,
    question: MessageRecord,
    name: string,
    text: string,
    sources: MessageSource[],
    answerer: Answerer['kind'] | undefined,
  ): Promise<void> {
    // A person who claimed the conversation while the answer was being written has the last word.
    const current = await storage.conversations.findById(conversation.id);
    if (current?.assistant !== 'answering' || current.status === 'resolved') return;
    const { message, duplicate } = await chat.sendAsAssistant(current, {
      answers: question,
      name,
      text,
      sources,
    });
    if (duplicate || !answerer) return;
    await storage.assistant.recordReply({
      messageId: message.id,
      merchantId: current.merchantId,
      conversationId: current.id,
      question: question.text,
      answered: sources.length > 0,
      answerer,
      createdAt: message.createdAt,
    });
  }

  async function handOff(conversationId: string, reason: HandoffReason): Promise<void> {
    // The reply just stored is relayed on the next turn of the event loop, with the conversation as
    // it was then ('answering'); the hand-off goes after it, so clients end on the newer state.
    await new Promise((resolve) => setImmediate(resolve));
    const current = await storage.conversations.findById(conversationId);
    if (current) await chat.handOff(current, reason);
  }

  async function suggest(conversation: ConversationRecord, message: MessageRecord): Promise<void> {
    const prepared = await prepare(conversation, message);
    if (!prepared) return;
    let answer: Answer;
    try {
      answer = await (await answererFor(conversation.merchantId)).answer(prepared.request);
    } catch (error) {
      if (!(error instanceof AnswererUnavailableError)) throw error;
      answer = await builtin.answer(prepared.request);
    }
    if (answer.kind !== 'answer') return;
    announce({
      type: 'assistant.suggestion',
      conversation,
      suggestion: {
        conversationId: conversation.id,
        seq: message.seq,
        text: answer.text,
        sources: answer.sources,
      },
    });
  }

  return {
    /** Hears drafts and suggestions (the realtime layer); returns an unsubscribe. */
    subscribe(listener: (event: AssistantEvent) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    /**
     * Builds the search indexes of merchants whose assistant is on, and loads the segmenter's
     * dictionary, before the first visitor asks: the first reply then takes as long as any other.
     */
    async warmUp(): Promise<void> {
      for (const merchant of await storage.merchants.list()) {
        if (assistantSettings(merchant).mode === 'off') continue;
        for (const locale of new Set(['zh-CN', 'zh-TW', 'en', merchant.defaultLocale] as const)) {
          (await help.indexFor(merchant.id, locale)).rank('付款 payment');
        }
      }
    },

    /**
     * Messages for their visitor with the votes they gave the assistant's replies, so a reloaded
     * widget shows its thumbs pressed. Only the conversation's own visitor gets these lists.
     */
    async withFeedback(messages: Message[]): Promise<Message[]> {
      const bot = messages.filter((m) => m.author.type === 'bot').map((m) => m.id);
      if (bot.length === 0) return messages;
      const votes = await storage.assistant.feedbackFor(bot);
      return messages.map((m) => (votes.has(m.id) ? { ...m, feedback: votes.get(m.id)! } : m));
    },

    /** Thumbs up or down on an assistant reply, by the conversation's own visitor only. */
    async feedback(visitor: VisitorActor, request: AssistantFeedbackRequest): Promise<void> {
      const conversation = await chat.getForVisitor(visitor, request.conversationId);
      const reply = await storage.assistant.findReply(request.messageId);
      if (!reply || reply.conversationId !== conversation.id) {
        throw new ChatError('not_found', 'No such assistant reply in this conversation');
      }
      await storage.assistant.setFeedback(reply.messageId, request.helpful);
    },

    async report(merchantId: string, from: string, to: string): Promise<AssistantReport> {
      return buildReport(from, to, await storage.assistant.listForReport(merchantId, from, to));
    },

    /** Stops answering and waits for replies being written (before the database closes). */
    async close(): Promise<void> {
      closed = true;
      unsubscribe();
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}

export type AssistantService = ReturnType<typeof createAssistant>;
