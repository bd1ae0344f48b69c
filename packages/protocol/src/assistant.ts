/**
 * The assistant (docs/assistant.md): answers visitors from the merchant's help center before a person does,
 * at any hour. Its replies are ordinary messages with `author.type === 'bot'` and the articles they
 * are built from in `sources`; everything below is what the widget, the SDK, the console and the
 * server need besides that.
 */

/**
 * `off`: no assistant. `suggest`: agents see a drafted answer, visitors see nothing.
 * `first`: the assistant replies to visitors until a person claims the conversation.
 */
export const ASSISTANT_MODES = ['off', 'suggest', 'first'] as const;
export type AssistantMode = (typeof ASSISTANT_MODES)[number];

/** A help article an assistant reply is built from; the widget opens it by `slug`. */
export interface MessageSource {
  slug: string;
  title: string;
  locale: string;
}

/**
 * Where a conversation stands with the assistant, as its visitor and agents see it.
 * `answering`: the assistant replies to new visitor messages. `handed_off`: the visitor asked for a
 * person (or the assistant could not help); people answer from now on. `off`: no assistant here
 * (mode off or suggest, a complaint, or a person claimed it).
 */
export const ASSISTANT_STATES = ['answering', 'handed_off', 'off'] as const;
export type AssistantState = (typeof ASSISTANT_STATES)[number];

/** Why a conversation went to people: shown to the agent who picks it up. */
export const HANDOFF_REASONS = ['visitor_asked', 'no_answer', 'turn_limit', 'assistant_unavailable'] as const;
export type HandoffReason = (typeof HANDOFF_REASONS)[number];

export interface Handoff {
  reason: HandoffReason;
  at: string;
}

/**
 * A reply being generated, sent to the conversation's visitor as it grows (volatile: a client that
 * misses one simply waits for the stored message). `text` is the whole reply so far, not a delta, so
 * a lost event costs nothing. The stored reply then arrives as `message:new`; a client drops the
 * draft with the same `draftId` (or any draft of that conversation) when it does.
 */
export interface AssistantDraft {
  conversationId: string;
  draftId: string;
  text: string;
}

/** `suggest` mode: an answer the agent may send, edit or ignore; never shown to the visitor. */
export interface AssistantSuggestion {
  conversationId: string;
  /** The visitor message it answers. */
  seq: number;
  text: string;
  sources: MessageSource[];
}

/** A visitor's thumbs up or down on one assistant reply. */
export interface AssistantFeedbackRequest {
  conversationId: string;
  messageId: string;
  helpful: boolean;
}

export interface RequestAgentRequest {
  conversationId: string;
}

/** What the widget learns about the assistant from `GET /v1/widget/config`. */
export interface WidgetAssistantConfig {
  /** The assistant answers visitors (mode `first`). */
  enabled: boolean;
  /** Shown as the author of its replies. */
  name: string;
}

/** `GET /v1/agent/assistant/report?from=&to=` (admins): how the assistant did over a period. */
export interface AssistantReport {
  from: string;
  to: string;
  /** Conversations the assistant answered in the period. */
  conversations: number;
  /** Resolved without a person ever writing in them. */
  resolvedByAssistant: number;
  handedOff: number;
  /** Feedback on assistant replies. */
  helpful: number;
  notHelpful: number;
  /** Per day (UTC, `YYYY-MM-DD`), for the chart. */
  days: Array<{ day: string; conversations: number; resolvedByAssistant: number; handedOff: number }>;
  /** Visitor questions the assistant could not answer, most frequent first: articles to write next. */
  unanswered: Array<{ question: string; count: number; lastAt: string }>;
}
