// Type tests for the socket layer (src/realtime): handlers registered by `socketHandlers` and the
// schemas in schemas.ts are held to the protocol's event maps. `pnpm typecheck` runs tsc over this
// file (packages/server/tsconfig.json includes test/), so every `@ts-expect-error` below must meet an
// error: if a check stopped working, the directive would be unused and tsc would fail. vitest does not
// run it (`.test-d.ts`): at run time these would be no-ops.
import type {
  AgentClientToServerEvents,
  AgentServerToClientEvents,
  AssistantFeedbackRequest,
  Message,
  SendMessageRequest,
  SyncRequest,
  VisitorClientToServerEvents,
  VisitorServerToClientEvents,
} from '@topay-support/protocol';
import type { Socket } from 'socket.io';
import { describe, expectTypeOf, test } from 'vitest';
import { z } from 'zod';
import type { AckData } from '../src/realtime/event-maps.js';
import { type HandlerHooks, socketHandlers } from '../src/realtime/handlers.js';
import type { AgentSocketData, VisitorSocketData } from '../src/realtime/namespaces.js';
import { type Same, same } from '../src/realtime/same-type.js';
import {
  agentSendSchema,
  feedbackSchema,
  noPayload,
  openSchema,
  presenceSchema,
  readSchema,
  sendSchema,
  syncSchema,
  typingSchema,
} from '../src/realtime/schemas.js';

type Empty = Record<never, never>;
declare const hooks: HandlerHooks;
declare const visitorSocket: Socket<
  VisitorClientToServerEvents,
  VisitorServerToClientEvents,
  Empty,
  VisitorSocketData
>;
declare const agentSocket: Socket<
  AgentClientToServerEvents,
  AgentServerToClientEvents,
  Empty,
  AgentSocketData
>;
declare const message: Message;

const visitor = socketHandlers(visitorSocket, hooks);
const agent = socketHandlers(agentSocket, hooks);

describe('event names', () => {
  test('an event must be in the socket’s own client-to-server map', () => {
    // @ts-expect-error presence:set is an agent event; a visitor socket never hears it.
    visitor.ack('presence:set', presenceSchema, async () => ({ presence: [] }));
    // @ts-expect-error a misspelled event.
    visitor.ack('message:sent', sendSchema, async () => ({ message, duplicate: false }));
    // @ts-expect-error conversation:open is a visitor event.
    agent.ack('conversation:open', openSchema, async () => ({ conversation: null, messages: [] }));
  });

  test('ack events register with ack, signals with signal', () => {
    // @ts-expect-error typing has no ack: nobody would hear the answer.
    visitor.ack('typing', typingSchema, async () => ({}));
    // @ts-expect-error message:send is answered with an ack: a signal would leave the client waiting.
    agent.signal('message:send', agentSendSchema, () => {});
    agent.signal('typing', typingSchema, () => {});
  });
});

describe('answers', () => {
  test('run answers with the ack’s data type for that event', () => {
    // @ts-expect-error `duplicate` is missing.
    visitor.ack('message:send', sendSchema, async () => ({ message }));
    // @ts-expect-error message:feedback answers { ok: true }, nothing else.
    visitor.ack('message:feedback', feedbackSchema, async () => ({ ok: false }));
    // @ts-expect-error another event's answer.
    agent.ack('messages:sync', syncSchema, async () => ({ message, duplicate: false }));
    // A literal in the ack type stays a literal: a correct handler compiles without `as const`.
    visitor.ack('message:feedback', feedbackSchema, async () => ({ ok: true }));
    expectTypeOf<AckData<VisitorClientToServerEvents, 'message:feedback'>>().toEqualTypeOf<{ ok: true }>();
  });

  test('run takes the event’s payload type', () => {
    visitor.ack('message:send', sendSchema, async (request) => {
      expectTypeOf(request).toEqualTypeOf<SendMessageRequest>();
      return { message, duplicate: false };
    });
    agent.ack('messages:sync', syncSchema, async (request) => {
      expectTypeOf(request).toEqualTypeOf<SyncRequest>();
      return { messages: [], hasMore: false };
    });
    visitor.ack('conversation:current', noPayload, async (request) => {
      expectTypeOf(request).toEqualTypeOf<undefined>();
      return { conversation: null, messages: [] };
    });
  });
});

describe('schemas', () => {
  test('a handler’s schema must parse exactly its event’s payload', () => {
    // @ts-expect-error another event's schema ({ conversationId, seq } is not a SyncRequest).
    agent.ack('messages:sync', readSchema, async () => ({ messages: [], hasMore: false }));
    // @ts-expect-error another event's schema for a signal.
    visitor.signal('typing', readSchema, () => {});
    // @ts-expect-error the agent's schema parses `internal`, which a visitor's message does not have.
    visitor.ack('message:send', agentSendSchema, async () => ({ message, duplicate: false }));
    // @ts-expect-error the visitor's schema drops the agent's optional `internal`.
    agent.ack('message:send', sendSchema, async () => ({ message, duplicate: false }));
  });

  test('a schema drifting from its protocol type fails the check schemas.ts applies to each', () => {
    same<Same<z.output<typeof sendSchema>, SendMessageRequest>>();
    const dropped = sendSchema.omit({ attachmentIds: true });
    // @ts-expect-error an optional field the protocol has and the schema drops.
    same<Same<z.output<typeof dropped>, SendMessageRequest>>();
    const added = sendSchema.extend({ priority: z.number().optional() });
    // @ts-expect-error a field the schema parses and the protocol does not have.
    same<Same<z.output<typeof added>, SendMessageRequest>>();
    const loosened = sendSchema.partial({ clientId: true });
    // @ts-expect-error a required field made optional.
    same<Same<z.output<typeof loosened>, SendMessageRequest>>();
    const retyped = syncSchema.extend({ afterSeq: z.string() });
    // @ts-expect-error a field of another type.
    same<Same<z.output<typeof retyped>, SyncRequest>>();
    const transformed = feedbackSchema.extend({ helpful: z.boolean().transform(Number) });
    // @ts-expect-error a transform's output is what is compared, not what the client sends.
    same<Same<z.output<typeof transformed>, AssistantFeedbackRequest>>();
  });

  test('Same is strict where mutual assignability is not', () => {
    // Assignable both ways, yet a key is missing on one side.
    expectTypeOf<Same<{ a: string }, { a: string; b?: string }>>().toEqualTypeOf<false>();
    expectTypeOf<Same<{ a: string }, { a?: string }>>().toEqualTypeOf<false>();
    // At every depth, and an intersection equals its flattened object.
    expectTypeOf<
      Same<{ context?: { pageUrl?: string } }, { context?: { pageUrl?: string; locale?: string } }>
    >().toEqualTypeOf<false>();
    expectTypeOf<Same<{ a: string } & { b: number[] }, { a: string; b: number[] }>>().toEqualTypeOf<true>();
  });
});
