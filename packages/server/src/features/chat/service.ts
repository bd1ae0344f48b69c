import {
  type Conversation,
  type HandoffReason,
  LIMITS,
  type Message,
  type MessageSource,
  type OpenConversationRequest,
  redactCardData,
  type VisitorConversation,
} from '@topay-support/protocol';
import type { AgentRecord } from '../../storage/agents.js';
import type { ConversationRecord } from '../../storage/conversations.js';
import type { MessageRecord } from '../../storage/messages.js';
import {
  AttachmentUnavailableError,
  ClientIdConflictError,
  ConversationUnavailableError,
} from '../../storage/messages.js';
import type { Storage } from '../../storage/storage.js';
import { assistantSettings } from '../assistant/settings.js';
import type { AttachmentUrlSigner } from '../attachments/urls.js';
import type { PaymentService } from '../payments/service.js';
import { withinBusinessHours } from './business-hours.js';
import type { SendCapacity } from './capacity.js';
import { ChatError } from './errors.js';
import { createChatEventStream } from './events.js';
import type { ChatLimiters } from './limits.js';
import type { Mailer } from './mailer.js';
import { onlineAgentIds, type Presence } from './presence.js';
import { renderTranscript } from './transcript.js';
import {
  loadAgentConversation,
  toLinkedConversation,
  toMessage,
  toVisitorConversation,
  toVisitorSummary,
} from './views.js';

export interface VisitorActor {
  visitorId: string;
  merchantId: string;
  /** Rate limits are per connection and per address. */
  connectionId: string;
  ip: string;
  /**
   * A session from an emailed "continue the chat" link (docs/email.md): it sees and writes to this
   * conversation only, and changes nothing about the visitor.
   */
  scope?: string;
}

export interface ChatServiceDeps {
  storage: Storage;
  presence: Presence;
  limiters: ChatLimiters;
  urls: AttachmentUrlSigner;
  /** Verifies "ask about this payment" before a payment is attached to a conversation. */
  payments?: PaymentService;
  /** Emails transcripts of resolved conversations to visitors who left an address. */
  mailer?: Mailer;
  logger?: { error(obj: object, msg: string): void; info(obj: object, msg: string): void };
  now?: () => Date;
  /** Bounds the visitors' and agents' sends under way on this node (capacity.ts); unset = unbounded. */
  capacity?: SendCapacity;
}

const HISTORY_PAGE = 50;
/** How many conversations a visitor's list, or an agent's linked list, shows at most. */
const LIST_LIMIT = 20;

/** A person claiming (or being given) a conversation stops the assistant in it (docs/assistant.md). */
const PERSON_TAKES_OVER = { assistant: 'off' } as const;

function conversationEnded(): ChatError {
  return new ChatError('conversation_resolved', 'This conversation has ended; start a new one');
}

function cleanText(text: string): string {
  // Normalise line endings and strip control characters other than newline and tab: they render as
  // garbage or hide text, and nobody types them.
  return (
    text
      .replace(/\r\n?/g, '\n')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point here.
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
      .trim()
  );
}

/**
 * The live-chat domain: conversations, messages, read state, assignment. It knows nothing of
 * sockets or HTTP; both call it with an authenticated actor and relay what it announces.
 */
export function createChatService(deps: ChatServiceDeps) {
  const { storage, presence, limiters, urls } = deps;
  const now = deps.now ?? (() => new Date());
  const events = createChatEventStream(deps.logger);
  const updated = (conversation: ConversationRecord) =>
    events.publish({ type: 'conversation.updated', conversation });
  const agentNames = new Map<string, string>();

  async function agentName(id: string | null): Promise<string | undefined> {
    if (!id) return undefined;
    const cached = agentNames.get(id);
    if (cached) return cached;
    const agent = await storage.agents.findById(id);
    if (agent) agentNames.set(id, agent.name);
    return agent?.name;
  }

  async function isAvailable(merchantId: string): Promise<boolean> {
    const merchant = await storage.merchants.findById(merchantId);
    return (
      (await onlineAgentIds(presence, merchantId)).length > 0 &&
      withinBusinessHours(merchant?.settings.businessHours, now())
    );
  }

  async function visitorConversation(visitor: VisitorActor, id: string): Promise<ConversationRecord> {
    const conversation = await storage.conversations.findById(id);
    // Someone else's conversation answers exactly like a missing one: ids reveal nothing.
    if (
      !conversation ||
      conversation.visitorId !== visitor.visitorId ||
      (visitor.scope !== undefined && conversation.id !== visitor.scope)
    )
      throw new ChatError('not_found', 'No such conversation');
    return conversation;
  }

  async function agentConversation(agent: AgentRecord, id: string): Promise<ConversationRecord> {
    const conversation = await storage.conversations.findById(id);
    if (!conversation || conversation.merchantId !== agent.merchantId)
      throw new ChatError('not_found', 'No such conversation');
    return conversation;
  }

  function validateText(raw: string, attachmentCount: number): string {
    const text = cleanText(raw);
    if (text.length > LIMITS.messageLength) {
      throw new ChatError('too_large', `A message may have at most ${LIMITS.messageLength} characters`);
    }
    if (text === '' && attachmentCount === 0)
      throw new ChatError('invalid_request', 'A message needs text or an attachment');
    return text;
  }

  async function append(input: Parameters<Storage['messages']['append']>[0]) {
    try {
      const result = await storage.messages.append(input);
      if (!result.duplicate) {
        // Acknowledge first, then relay (docs/design.md#live-chat-relay): the ack is sent from the caller's continuation,
        // which runs before this macrotask, so the sender learns the seq before anyone else.
        setImmediate(() =>
          events.publish({
            type: 'message.created',
            conversation: result.conversation,
            message: result.message,
          }),
        );
      }
      return result;
    } catch (error) {
      if (error instanceof ClientIdConflictError) throw new ChatError('client_id_conflict', error.message);
      if (error instanceof AttachmentUnavailableError) throw new ChatError('invalid_request', error.message);
      throw error;
    }
  }

  async function roundRobin(conversation: ConversationRecord): Promise<ConversationRecord> {
    const merchant = await storage.merchants.findById(conversation.merchantId);
    if (merchant?.settings.assignment !== 'round_robin') return conversation;
    const capacity = merchant.settings.agentCapacity ?? 5;
    const online = await onlineAgentIds(presence, conversation.merchantId);
    if (online.length === 0) return conversation;
    // Counting, choosing and assigning happen in one storage step: nodes assigning at once must not
    // all pick the same agent's last free slot.
    return (await storage.conversations.assignLeastLoaded(conversation.id, online, capacity)) ?? conversation;
  }

  const service = {
    isAvailable,

    /** Hears what the service announces (after the change is stored); returns an unsubscribe. */
    subscribe: events.subscribe,

    async forVisitor(record: ConversationRecord): Promise<VisitorConversation> {
      const [assignee, visitor] = await Promise.all([
        agentName(record.assigneeId),
        storage.visitors.findById(record.visitorId),
      ]);
      return toVisitorConversation(record, assignee, Boolean(visitor?.email));
    },

    /** The agents' view of a conversation (features/chat/views.ts). */
    forAgent(record: ConversationRecord): Promise<Conversation> {
      return loadAgentConversation({ storage, urls, baseUrl: '', agentName }, record, { notes: true });
    },

    toMessage: (record: MessageRecord): Message => toMessage(record, urls),

    async current(visitor: VisitorActor) {
      const conversation = visitor.scope
        ? await storage.conversations.findById(visitor.scope)
        : await storage.conversations.latestForVisitor(visitor.visitorId, {
            unresolvedOnly: false,
          });
      if (!conversation) return { conversation: null, messages: [] };
      const messages = await storage.messages.listLatest(conversation.id, HISTORY_PAGE, false);
      return { conversation, messages };
    },

    async open(visitor: VisitorActor, request: OpenConversationRequest) {
      if (visitor.scope !== undefined) {
        // A link's holder continues that conversation; they cannot start others, attach payments or
        // change the visitor's name and email (which would redirect the visitor's mail).
        const scoped = await visitorConversation(visitor, visitor.scope);
        const messages = await storage.messages.listLatest(scoped.id, HISTORY_PAGE, false);
        return { conversation: scoped, messages, created: false };
      }
      const payment = request.payment ? await verifiedPayment(visitor, request.payment) : null;
      // One visitor's opens take turns on this node: a double click on "ask about this payment"
      // must find the conversation the first click created, not create a second.
      return oneAtATime(visitor.visitorId, () => openNow(visitor, request, payment));
    },

    /** The visitor's conversations that have not ended, to switch between (latest activity first). */
    async listForVisitor(visitor: VisitorActor) {
      const open = await storage.conversations.listOpenForVisitor(visitor.visitorId, LIST_LIMIT);
      // A continue link's holder sees that conversation only, never the visitor's others (docs/email.md).
      const records =
        visitor.scope === undefined ? open : open.filter((record) => record.id === visitor.scope);
      return Promise.all(
        records.map(async (record) => {
          const [latest, unread] = await Promise.all([
            storage.messages.listLatest(record.id, 1, false),
            storage.messages.countRepliesAfter(record.id, record.visitorReadSeq),
          ]);
          return toVisitorSummary(record, latest[0], unread);
        }),
      );
    },

    /** Switching to one of the visitor's own conversations: it and its latest messages. */
    async join(visitor: VisitorActor, conversationId: string) {
      const conversation = await visitorConversation(visitor, conversationId);
      const messages = await storage.messages.listLatest(conversation.id, HISTORY_PAGE, false);
      return { conversation, messages };
    },

    /** The same visitor's other conversations, newest first, for the agent looking at one of them. */
    async linkedForAgent(agent: AgentRecord, conversationId: string) {
      const conversation = await agentConversation(agent, conversationId);
      const others = (await storage.conversations.listForVisitor(conversation.visitorId))
        .filter((other) => other.id !== conversation.id)
        .reverse()
        .slice(0, LIST_LIMIT);
      return Promise.all(
        others.map(async (other) => {
          const latest = await storage.messages.listLatest(other.id, 1, false);
          return toLinkedConversation(other, latest[0]);
        }),
      );
    },

    async sendAsVisitor(
      visitor: VisitorActor,
      request: { conversationId: string; clientId: string; text: string; attachmentIds?: string[] },
    ) {
      // A link's holder writes to that conversation only; anyone else's answers like a missing one.
      if (visitor.scope !== undefined && request.conversationId !== visitor.scope)
        throw new ChatError('not_found', 'No such conversation');
      const attachmentIds = request.attachmentIds ?? [];
      const { text, redacted } = redactCardData(validateText(request.text, attachmentIds.length));
      const message = {
        conversationId: request.conversationId,
        clientId: request.clientId,
        authorType: 'visitor' as const,
        authorId: visitor.visitorId,
        authorName: null,
        text,
        internal: false,
        redacted,
        attachmentIds,
      };
      // A resend of an acknowledged message must succeed even after the conversation ended or the
      // sender hit a limit: it changes nothing, the client is only confirming. Resends are rare, so
      // they are looked for only on those two paths; otherwise the storage's unique key answers one.
      try {
        await limiters.visitorMessage(visitor.connectionId, visitor.ip);
      } catch (error) {
        const { duplicate, hasEnded } = await whyRefused(visitor, message);
        if (duplicate) return duplicate;
        // An ended conversation says so rather than "try again later", which a client would retry.
        throw hasEnded ? conversationEnded() : error;
      }
      // Whose conversation it is and whether it has ended are checked in the statement that takes
      // the message's seq, not read before it: the common send costs no read. A conversation
      // reopened between the refusal and the read (an agent, an email reply) gets one more try.
      const guarded = { ...message, onlyForVisitor: visitor.visitorId };
      for (let attempt = 0; ; attempt += 1) {
        try {
          return await append(guarded);
        } catch (error) {
          if (!(error instanceof ConversationUnavailableError)) throw error;
          const { duplicate, hasEnded } = await whyRefused(visitor, message);
          if (duplicate) return duplicate;
          if (hasEnded || attempt > 0) throw conversationEnded();
        }
      }
    },

    async sendAsAgent(
      agent: AgentRecord,
      request: {
        conversationId: string;
        clientId: string;
        text: string;
        internal?: boolean;
        attachmentIds?: string[];
      },
    ) {
      const conversation = await agentConversation(agent, request.conversationId);
      const attachmentIds = request.attachmentIds ?? [];
      const { text, redacted } = redactCardData(validateText(request.text, attachmentIds.length));
      const message = {
        conversationId: conversation.id,
        clientId: request.clientId,
        authorType: 'agent' as const,
        authorId: agent.id,
        authorName: agent.name,
        text,
        internal: request.internal === true,
        redacted,
        attachmentIds,
      };
      const duplicate = await findDuplicate(message);
      if (duplicate) return duplicate;
      await limiters.agentMessage(agent.id);
      // Answering an unclaimed conversation claims it: the visitor now has someone.
      if (!message.internal && conversation.status === 'open') {
        const claimed = await storage.conversations.update(conversation.id, {
          status: 'assigned',
          assigneeId: agent.id,
          ...PERSON_TAKES_OVER,
        });
        if (claimed) updated(claimed);
      }
      if (conversation.status === 'resolved' && !message.internal) {
        const reopened = await storage.conversations.update(conversation.id, {
          status: 'assigned',
          assigneeId: agent.id,
          resolvedAt: null,
        });
        if (reopened) updated(reopened);
      }
      return append(message);
    },

    /**
     * A visitor's reply by email (docs/email.md), already checked: the address's token names this
     * conversation and the sender is its visitor. The Message-ID makes the client id, so the same
     * mail delivered twice is stored once. A reply to an ended conversation reopens it: it is the
     * same conversation, continued.
     */
    async receiveEmail(
      conversationId: string,
      request: { clientId: string; text: string; attachmentIds: string[] },
    ) {
      const conversation = await storage.conversations.findById(conversationId);
      if (!conversation) throw new ChatError('not_found', 'No such conversation');
      const { text, redacted } = redactCardData(validateText(request.text, request.attachmentIds.length));
      const message = {
        conversationId: conversation.id,
        clientId: request.clientId,
        authorType: 'visitor' as const,
        authorId: conversation.visitorId,
        authorName: null,
        text,
        internal: false,
        redacted,
        attachmentIds: request.attachmentIds,
        channel: 'email' as const,
      };
      const duplicate = await findDuplicate(message);
      if (duplicate) return duplicate;
      if (conversation.status === 'resolved') {
        await change(conversation, {
          status: conversation.assigneeId ? 'assigned' : 'open',
          resolvedAt: null,
        });
      }
      return append(message);
    },

    async syncForVisitor(visitor: VisitorActor, conversationId: string, afterSeq: number) {
      const conversation = await visitorConversation(visitor, conversationId);
      return page(conversation.id, afterSeq, false);
    },

    async syncForAgent(agent: AgentRecord, conversationId: string, afterSeq: number) {
      const conversation = await agentConversation(agent, conversationId);
      return page(conversation.id, afterSeq, true);
    },

    async visitorRead(visitor: VisitorActor, conversationId: string, seq: number) {
      const conversation = await visitorConversation(visitor, conversationId);
      const upTo = Math.min(seq, conversation.lastSeq);
      if (upTo <= conversation.visitorReadSeq) return conversation;
      const read = await storage.conversations.update(conversation.id, { visitorReadSeq: upTo });
      if (read) updated(read);
      return read ?? conversation;
    },

    async agentRead(agent: AgentRecord, conversationId: string, seq?: number) {
      const conversation = await agentConversation(agent, conversationId);
      const upTo = Math.min(seq ?? conversation.lastSeq, conversation.lastSeq);
      if (upTo <= conversation.agentReadSeq) return conversation;
      const read = await storage.conversations.update(conversation.id, { agentReadSeq: upTo });
      if (read) updated(read);
      return read ?? conversation;
    },

    async rate(visitor: VisitorActor, conversationId: string, score: number, comment?: string) {
      const conversation = await visitorConversation(visitor, conversationId);
      if (conversation.status !== 'resolved') {
        throw new ChatError('invalid_request', 'A conversation can be rated once it has ended');
      }
      // The comment arrives without card data (the socket schema removed it).
      const rating = { score, ...(comment ? { comment: cleanText(comment) } : {}) };
      const rated = await storage.conversations.update(conversation.id, { rating });
      if (rated) updated(rated);
      return rated ?? conversation;
    },

    async getForAgent(agent: AgentRecord, conversationId: string) {
      return agentConversation(agent, conversationId);
    },

    async getForVisitor(visitor: Pick<VisitorActor, 'visitorId'>, conversationId: string) {
      return visitorConversation(visitor as VisitorActor, conversationId);
    },

    async claim(agent: AgentRecord, conversationId: string) {
      const conversation = await agentConversation(agent, conversationId);
      if (conversation.status === 'resolved') {
        throw new ChatError('conversation_resolved', 'Reopen the conversation before claiming it');
      }
      if (
        conversation.status === 'assigned' &&
        conversation.assigneeId === agent.id &&
        conversation.assistant === 'off'
      )
        return conversation;
      return change(conversation, { status: 'assigned', assigneeId: agent.id, ...PERSON_TAKES_OVER });
    },

    async resolve(agent: AgentRecord, conversationId: string) {
      const conversation = await agentConversation(agent, conversationId);
      if (conversation.status === 'resolved') return conversation;
      const resolved = await change(
        conversation,
        { status: 'resolved', resolvedAt: now().toISOString(), waitingSince: null },
        'conversation.resolved',
      );
      // Mail is slow and may fail; the agent's click does not wait for it.
      void emailTranscript(resolved);
      return resolved;
    },

    async reopen(agent: AgentRecord, conversationId: string) {
      const conversation = await agentConversation(agent, conversationId);
      if (conversation.status !== 'resolved') return conversation;
      return change(conversation, {
        status: conversation.assigneeId ? 'assigned' : 'open',
        resolvedAt: null,
      });
    },

    async transfer(agent: AgentRecord, conversationId: string, toAgentId: string) {
      const conversation = await agentConversation(agent, conversationId);
      const target = await storage.agents.findById(toAgentId);
      // Another merchant's agent is "no such agent": their ids say nothing about who exists elsewhere.
      if (!target || target.merchantId !== agent.merchantId)
        throw new ChatError('not_found', 'No such agent');
      if (target.role === 'bot') {
        throw new ChatError(
          'invalid_request',
          'A bot cannot be given a conversation; transfer it to a person',
        );
      }
      if (target.disabledAt !== null) {
        throw new ChatError('invalid_request', 'That agent is disabled and cannot take conversations');
      }
      if (conversation.status === 'resolved') {
        throw new ChatError('conversation_resolved', 'Reopen the conversation before transferring it');
      }
      if (conversation.assigneeId === target.id && conversation.assistant === 'off') return conversation;
      return change(conversation, { status: 'assigned', assigneeId: target.id, ...PERSON_TAKES_OVER });
    },

    /**
     * Hands the conversation from the assistant to people (the visitor asked, or the assistant could
     * not go on): it enters the human queue with its whole exchange and the reason. Idempotent.
     */
    async handOff(conversation: ConversationRecord, reason: HandoffReason): Promise<ConversationRecord> {
      if (conversation.assistant !== 'answering' || conversation.status === 'resolved') return conversation;
      const available = await isAvailable(conversation.merchantId);
      const handed = await change(conversation, {
        assistant: 'handed_off',
        handoff: { reason, at: now().toISOString() },
        // Nobody to take it now: the visitor's email gets the answer (the offline flow).
        ...(available ? {} : { offline: true }),
      });
      if (!available) return handed;
      const assigned = await roundRobin(handed);
      if (assigned !== handed) updated(assigned);
      return assigned;
    },

    async requestAgent(visitor: VisitorActor, conversationId: string) {
      const conversation = await visitorConversation(visitor, conversationId);
      return service.handOff(conversation, 'visitor_asked');
    },

    /**
     * Stores an assistant reply to a visitor message: a message like any other (seq, relay, webhooks).
     * Its client id is derived from the question's id, so answering one question twice stores one reply.
     */
    async sendAsAssistant(
      conversation: ConversationRecord,
      reply: { answers: MessageRecord; name: string; text: string; sources: MessageSource[] },
    ) {
      const { text, redacted } = redactCardData(cleanText(reply.text).slice(0, LIMITS.messageLength));
      return append({
        conversationId: conversation.id,
        clientId: `assistant-${reply.answers.id}`,
        authorType: 'bot',
        authorId: `assistant:${conversation.merchantId}`,
        authorName: reply.name,
        text,
        internal: false,
        redacted,
        attachmentIds: [],
        sources: reply.sources,
      });
    },

    async list(agent: AgentRecord, filter: Parameters<Storage['conversations']['list']>[1]) {
      return storage.conversations.list(agent.merchantId, filter);
    },
  };

  const turns = new Map<string, Promise<unknown>>();

  /** Runs `work` after the previous work for the same key has settled. */
  function oneAtATime<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = turns.get(key) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.catch(() => undefined);
    turns.set(key, settled);
    void settled.then(() => {
      if (turns.get(key) === settled) turns.delete(key);
    });
    return next;
  }

  /**
   * Resumes or starts the visitor's conversation. About a payment: that payment's open conversation,
   * else a new one, so no other conversation's payment is replaced. Otherwise the newest open one.
   */
  async function openNow(
    visitor: VisitorActor,
    request: OpenConversationRequest,
    payment: Awaited<ReturnType<typeof verifiedPayment>> | null,
  ) {
    let existing = payment
      ? await storage.conversations.openForPayment(visitor.visitorId, payment.reference)
      : await storage.conversations.latestForVisitor(visitor.visitorId, { unresolvedOnly: true });
    if (existing && payment) {
      // The same payment, looked up again: its status may have moved on since.
      existing = (await storage.conversations.update(existing.id, { payment })) ?? existing;
      updated(existing);
    }
    if (request.name !== undefined || request.email !== undefined) {
      await storage.visitors.update(visitor.visitorId, {
        ...(request.name !== undefined ? { name: request.name } : {}),
        ...(request.email !== undefined ? { email: request.email } : {}),
      });
    }
    if (existing) {
      const messages = await storage.messages.listLatest(existing.id, HISTORY_PAGE, false);
      return { conversation: existing, messages, created: false };
    }
    const available = await isAvailable(visitor.merchantId);
    const merchant = await storage.merchants.findById(visitor.merchantId);
    // The assistant answers first (docs/assistant.md), at any hour: the visitor leaves an email only if
    // they later ask for a person nobody is there to be. Complaints go straight to people.
    const assistantAnswers =
      merchant !== undefined && assistantSettings(merchant).mode === 'first' && request.topic !== 'complaint';
    if (!available && !assistantAnswers) {
      const known = await storage.visitors.findById(visitor.visitorId);
      if (!request.email && !known?.email) {
        throw new ChatError(
          'invalid_request',
          'No agent is available now: leave an email address for the answer',
        );
      }
    }
    await limiters.newConversation(visitor.ip);
    let conversation = await storage.conversations.create({
      merchantId: visitor.merchantId,
      visitorId: visitor.visitorId,
      topic: request.topic ?? null,
      flagged: request.topic === 'complaint',
      offline: !available,
      context: request.context ?? {},
      payment,
      assistant: assistantAnswers ? 'answering' : 'off',
    });
    // While the assistant answers, nobody is assigned: people get it when it is handed to them.
    if (available && !assistantAnswers) conversation = await roundRobin(conversation);
    events.publish({ type: 'conversation.created', conversation });
    return { conversation, messages: [] as MessageRecord[], created: true };
  }

  async function emailTranscript(conversation: ConversationRecord): Promise<void> {
    if (!deps.mailer) return;
    try {
      const [visitor, merchant] = await Promise.all([
        storage.visitors.findById(conversation.visitorId),
        storage.merchants.findById(conversation.merchantId),
      ]);
      if (!visitor?.email || !merchant) return;
      const messages = await storage.messages.listAfter(conversation.id, 0, 10_000, false);
      await deps.mailer.send({
        to: visitor.email,
        subject: `${merchant.name}: your support conversation / 您的客服对话记录`,
        text: renderTranscript(merchant.name, conversation, messages),
      });
      deps.logger?.info({ conversationId: conversation.id }, 'transcript emailed');
    } catch (error) {
      deps.logger?.error({ err: error, conversationId: conversation.id }, 'emailing the transcript failed');
    }
  }

  /** The payment a visitor asks about, after the same proof of ownership a look-up needs. */
  async function verifiedPayment(
    visitor: VisitorActor,
    request: { reference: string; email?: string | undefined },
  ) {
    if (!deps.payments) throw new ChatError('invalid_request', 'Payment look-ups are not available here');
    const merchant = await storage.merchants.findById(visitor.merchantId);
    if (!merchant) throw new ChatError('not_found', 'No such merchant');
    try {
      const record = await storage.visitors.findById(visitor.visitorId);
      if (request.email) {
        return await deps.payments.lookup(
          merchant,
          { reference: request.reference, email: request.email },
          { visitorKey: visitor.visitorId, ip: visitor.ip, userId: record?.userId },
        );
      }
      const own = record?.userId
        ? await deps.payments.findForUser(merchant, record.userId, request.reference)
        : undefined;
      if (!own) throw new ChatError('not_found', 'No payment matches that reference and email');
      return own;
    } catch (error) {
      if (error instanceof ChatError) throw error;
      if (error instanceof Error && error.name === 'PaymentNotFoundError') {
        throw new ChatError('not_found', 'No payment matches that reference and email');
      }
      if (error instanceof Error && error.name === 'PaymentRateLimitedError') {
        throw new ChatError('rate_limited', error.message, (error as { retryAfterMs?: number }).retryAfterMs);
      }
      throw new ChatError('internal', 'Payment status is unavailable right now');
    }
  }

  async function change(
    conversation: ConversationRecord,
    patch: Parameters<Storage['conversations']['update']>[1],
    type: 'conversation.updated' | 'conversation.resolved' = 'conversation.updated',
  ) {
    const changed = await storage.conversations.update(conversation.id, patch);
    if (!changed) throw new ChatError('not_found', 'No such conversation');
    events.publish({ type, conversation: changed });
    return changed;
  }

  async function page(conversationId: string, afterSeq: number, includeInternal: boolean) {
    const rows = await storage.messages.listAfter(
      conversationId,
      afterSeq,
      LIMITS.syncPageSize + 1,
      includeInternal,
    );
    return { messages: rows.slice(0, LIMITS.syncPageSize), hasMore: rows.length > LIMITS.syncPageSize };
  }

  /** A resend of an already stored message (storage's one duplicate rule), for the paths that refuse new ones. */
  /**
   * Only a refused visitor send reads: someone else's conversation is not_found, a resend answers
   * with what was stored, and otherwise the caller hears whether the conversation has ended.
   */
  async function whyRefused(visitor: VisitorActor, message: Parameters<Storage['messages']['append']>[0]) {
    const conversation = await visitorConversation(visitor, message.conversationId);
    return { duplicate: await findDuplicate(message), hasEnded: conversation.status === 'resolved' };
  }

  async function findDuplicate(message: Parameters<Storage['messages']['append']>[0]) {
    try {
      return await storage.messages.findResend(message);
    } catch (error) {
      if (error instanceof ClientIdConflictError) throw new ChatError('client_id_conflict', error.message);
      throw error;
    }
  }

  // Past this node's capacity a new message is refused at once, before it reads or writes anything.
  const { capacity } = deps;
  if (capacity) {
    const { sendAsVisitor, sendAsAgent } = service;
    service.sendAsVisitor = (visitor, request) => capacity.admit(() => sendAsVisitor(visitor, request));
    service.sendAsAgent = (agent, request) => capacity.admit(() => sendAsAgent(agent, request));
  }
  return service;
}

export type ChatService = ReturnType<typeof createChatService>;
