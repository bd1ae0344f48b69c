// Type tests for the SDK's public API (docs/sdk.md). `pnpm typecheck` runs tsc over this file, so every
// `expectTypeOf` and every `@ts-expect-error` below is enforced at compile time. vitest does not run it
// (`.test-d.ts`): at run time these are no-ops, and CI would count each as a pass that proved nothing.
import type {
  ArticleCategory,
  AssistantState,
  ConversationStatus,
  HelpArticle,
  Locale,
  Message,
  MessageSource,
  PaymentView,
} from '@topay-support/protocol';
import { describe, expectTypeOf, test } from 'vitest';
import {
  type ConnectionState,
  type Conversation,
  type ConversationEvents,
  createSupportClient,
  type HelpSearchOptions,
  type KeyValueStorage,
  type SdkErrorCode,
  type SupportClient,
  type SupportClientOptions,
  SupportError,
} from '../src/index.js';

// Wrong uses are written as arguments to these: checked by tsc, harmless when the test runs.
const options = (value: SupportClientOptions) => value;
const identity = (value: Parameters<SupportClient['identify']>[0]) => value;
const proof = (value: Parameters<SupportClient['payments']['lookup']>[0]) => value;

describe('createSupportClient', () => {
  test('takes SupportClientOptions and returns a SupportClient', () => {
    expectTypeOf(createSupportClient).parameters.toEqualTypeOf<[SupportClientOptions]>();
    expectTypeOf(createSupportClient).returns.toEqualTypeOf<SupportClient>();
  });

  test('merchantKey and serverUrl are required strings; locale is one of the supported locales', () => {
    expectTypeOf<SupportClientOptions>().toEqualTypeOf<{
      merchantKey: string;
      serverUrl: string;
      locale?: 'zh-CN' | 'en' | 'zh-TW' | 'ar';
      storage?: KeyValueStorage;
      continueToken?: string;
    }>();
    expectTypeOf<Locale>().toEqualTypeOf<'zh-CN' | 'en' | 'zh-TW' | 'ar'>();
    options({ merchantKey: 'pk_demo', serverUrl: 'http://localhost:8787', locale: 'zh-CN' });
    // @ts-expect-error merchantKey is required: it names the merchant whose help, payments and agents these are
    options({ serverUrl: 'http://localhost:8787' });
    // @ts-expect-error serverUrl is required: without the loader there is no origin to default to
    options({ merchantKey: 'pk_demo' });
    // @ts-expect-error 'fr' is not a supported locale (zh-CN, en, zh-TW, ar)
    options({ merchantKey: 'pk_demo', serverUrl: 'http://localhost:8787', locale: 'fr' });
    // @ts-expect-error locales are BCP 47 tags as the protocol spells them, not lower-cased
    options({ merchantKey: 'pk_demo', serverUrl: 'http://localhost:8787', locale: 'zh-cn' });
    // @ts-expect-error merchantKey is a string, never a number
    options({ merchantKey: 42, serverUrl: 'http://localhost:8787' });
  });
});

describe('client.help', () => {
  test('search(q, options?) answers the locale used after fallback and results with [start, end] highlights', () => {
    expectTypeOf<SupportClient['help']['search']>().parameters.toEqualTypeOf<
      [q: string, options?: HelpSearchOptions]
    >();
    expectTypeOf<SupportClient['help']['search']>().returns.resolves.toEqualTypeOf<{
      locale: Locale;
      results: Array<{
        id: string;
        slug: string;
        title: string;
        snippet: string;
        highlights: [number, number][];
        category: ArticleCategory;
        // Additive (issue 13): set when converted from the other Chinese script for the reader.
        convertedFrom?: Locale;
      }>;
    }>();
    expectTypeOf<HelpSearchOptions>().toEqualTypeOf<{
      locale?: Locale | undefined;
      limit?: number | undefined;
      signal?: AbortSignal | undefined;
    }>();
  });

  test('article(idOrSlug) is the article with sanitised html, or null; vote(id, helpful)', () => {
    expectTypeOf<SupportClient['help']['article']>().returns.resolves.toEqualTypeOf<HelpArticle | null>();
    expectTypeOf<HelpArticle>().toMatchObjectType<{
      id: string;
      slug: string;
      locale: Locale;
      title: string;
      category: ArticleCategory;
      html: string;
      updatedAt: string;
      convertedFrom?: Locale;
    }>();
    expectTypeOf<SupportClient['help']['vote']>().toEqualTypeOf<
      (id: string, helpful: boolean) => Promise<void>
    >();
  });
});

describe('client.payments', () => {
  test('lookup({ reference, email }) resolves with a PaymentView', () => {
    expectTypeOf<SupportClient['payments']['lookup']>().parameters.toEqualTypeOf<
      [{ reference: string; email: string }]
    >();
    expectTypeOf<SupportClient['payments']['lookup']>().returns.toEqualTypeOf<Promise<PaymentView>>();
    expectTypeOf<SupportClient['payments']['list']>().returns.toEqualTypeOf<Promise<PaymentView[]>>();
    // @ts-expect-error the email used to pay is the proof of ownership: a reference alone is not enough
    proof({ reference: 'demo-failed' });
  });

  test('a PaymentView never carries the payer email nor more of a card than brand and last four', () => {
    expectTypeOf<PaymentView>().not.toHaveProperty('email');
    expectTypeOf<NonNullable<PaymentView['card']>>().toEqualTypeOf<{
      brand: PaymentCardBrand;
      last4: string;
    }>();
    expectTypeOf<PaymentView['status']>().toEqualTypeOf<
      | 'pending'
      | 'processing'
      | 'succeeded'
      | 'failed'
      | 'refunded'
      | 'partially_refunded'
      | 'disputed'
      | 'cancelled'
    >();
    expectTypeOf<PaymentView['amount']>().toEqualTypeOf<{ minor: number; currency: string }>();
  });
});

type PaymentCardBrand = NonNullable<PaymentView['card']>['brand'];

describe('SupportError', () => {
  test('is an Error with a code, and status / retryAfterMs only when known', () => {
    expectTypeOf<SupportError>().toExtend<Error>();
    expectTypeOf<SupportError['code']>().toEqualTypeOf<SdkErrorCode>();
    expectTypeOf<Pick<SupportError, 'status' | 'retryAfterMs'>>().toEqualTypeOf<{
      readonly status?: number;
      readonly retryAfterMs?: number;
    }>();
    expectTypeOf<
      | 'payment_not_found'
      | 'rate_limited'
      | 'invalid_request'
      | 'provider_unavailable'
      | 'network_error'
      | 'unauthorized'
    >().toExtend<SdkErrorCode>();
    expectTypeOf(SupportError).constructorParameters.toEqualTypeOf<
      [code: SdkErrorCode, message: string, options?: { status?: number; retryAfterMs?: number }]
    >();
    // @ts-expect-error codes are a closed list: a typo cannot become an error code
    new SupportError('payment_missing', 'typo');
  });
});

describe('client.chat and conversations', () => {
  test('open(request?) resolves with a Conversation whose send resolves with the stored message', () => {
    expectTypeOf<SupportClient['chat']['open']>().returns.toEqualTypeOf<Promise<Conversation>>();
    expectTypeOf<Conversation['send']>().returns.toEqualTypeOf<Promise<Message>>();
    expectTypeOf<Conversation['history']>().toEqualTypeOf<readonly Message[]>();
    expectTypeOf<Conversation['rate']>().toEqualTypeOf<(score: number, comment?: string) => Promise<void>>();
    const readOnly = (conversation: Conversation, message: Message) => {
      // @ts-expect-error history is read-only: the SDK owns it and hands out a new array on every change
      conversation.history.push(message);
    };
    expectTypeOf(readOnly).toBeFunction();
  });

  test('conversation events carry their payloads', () => {
    expectTypeOf<ConversationEvents['message']>().toEqualTypeOf<[Message]>();
    expectTypeOf<ConversationEvents['status']>().toEqualTypeOf<[ConversationStatus]>();
    expectTypeOf<ConversationStatus>().toEqualTypeOf<'open' | 'assigned' | 'resolved'>();
    expectTypeOf<ConversationEvents['read']>().toEqualTypeOf<[agentReadSeq: number]>();
    expectTypeOf<ConversationEvents['typing']>().toEqualTypeOf<[{ typing: boolean; name?: string }]>();
  });

  test('the assistant (docs/assistant.md): sources on messages, state, drafts, hand-off and feedback', () => {
    expectTypeOf<Message['sources']>().toEqualTypeOf<MessageSource[]>();
    expectTypeOf<MessageSource>().toEqualTypeOf<{ slug: string; title: string; locale: string }>();
    expectTypeOf<Message['author']['type']>().toEqualTypeOf<'visitor' | 'agent' | 'bot' | 'system'>();
    expectTypeOf<Conversation['assistant']>().toEqualTypeOf<AssistantState>();
    expectTypeOf<AssistantState>().toEqualTypeOf<'answering' | 'handed_off' | 'off'>();
    expectTypeOf<Conversation['draft']>().toEqualTypeOf<{ draftId: string; text: string } | null>();
    expectTypeOf<ConversationEvents['draft']>().toEqualTypeOf<[{ draftId: string; text: string | null }]>();
    expectTypeOf<ConversationEvents['assistant']>().toEqualTypeOf<[AssistantState]>();
    expectTypeOf<Conversation['requestAgent']>().toEqualTypeOf<() => Promise<void>>();
    expectTypeOf<Conversation['feedback']>().toEqualTypeOf<
      (messageId: string, helpful: boolean) => Promise<void>
    >();
    const wrongFeedback = (conversation: Conversation) =>
      // @ts-expect-error helpful is a boolean, not a score
      conversation.feedback('m1', 5);
    expectTypeOf(wrongFeedback).toBeFunction();
  });

  test("client.on('connection') reports the socket's state", () => {
    expectTypeOf<Parameters<typeof onConnection>[1]>().parameters.toEqualTypeOf<[ConnectionState]>();
    expectTypeOf<ConnectionState>().toEqualTypeOf<'connecting' | 'connected' | 'disconnected'>();
  });
});

const onConnection = (client: SupportClient, listener: (state: ConnectionState) => void) =>
  client.on('connection', listener);

// Never called: the misspelt event name must be a compile error, nothing else.
export const misspeltEvent = (client: SupportClient) =>
  // @ts-expect-error "conection" is not an event: a typo must not compile into a listener that never fires
  client.on('conection', () => {});

describe('identify', () => {
  test('takes { userId, userHash, name?, email? }', () => {
    expectTypeOf<Parameters<SupportClient['identify']>[0]>().toEqualTypeOf<{
      userId: string;
      userHash: string;
      name?: string;
      email?: string;
    }>();
    // @ts-expect-error userHash is required: the server only trusts a userId the merchant's server signed
    identity({ userId: 'demo-user-1' });
  });
});
