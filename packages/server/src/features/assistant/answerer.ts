import type { MessageSource, PaymentView } from '@topay-support/protocol';
import type { MerchantRecord } from '../../storage/merchants.js';
import type { Retrieval } from './retrieval.js';
import type { ReplyLocale } from './wording.js';

/** One turn of the conversation so far, as an answerer may read it (card data already redacted). */
export interface Turn {
  role: 'visitor' | 'assistant' | 'agent';
  text: string;
}

export interface AnswerRequest {
  merchant: MerchantRecord;
  /** The visitor message being answered (redacted, as stored). */
  text: string;
  locale: ReplyLocale;
  retrieval: Retrieval;
  /** Earlier turns, oldest first, without the message being answered. */
  history: Turn[];
  /** The conversation's own payment, attached with proof of ownership; nothing else is ever reachable. */
  payment: PaymentView | null;
  persona?: string;
  /** Called with the whole reply so far while it is generated (streaming answerers only). */
  onDraft?(text: string): void;
  signal?: AbortSignal;
}

/** A grounded answer with the articles it is built from, or no answer (`sources` empty is never an answer). */
export type Answer =
  | { kind: 'answer'; text: string; sources: MessageSource[] }
  | { kind: 'abstain'; why: 'no_match' | 'uncited' | 'foreign_citation' | 'declined' };

/** The built-in answerer and a configured model both answer through this. */
export interface Answerer {
  readonly kind: 'builtin' | 'model';
  answer(request: AnswerRequest): Promise<Answer>;
}
