import type { ReadonlySignal } from '@preact/signals';
import type { Conversation } from '@topay-support/protocol';
import type { SuggestionsModel } from '../assistant/suggestions.js';
import type { ConversationModel } from '../conversation/model.js';
import type { Outbox } from '../conversation/outbox.js';
import { visitorLabel } from '../inbox/format.js';
import type { InboxModel } from '../inbox/model.js';
import type { ConversationStore } from '../inbox/store.js';
import type { LocaleModel } from '../locale/model.js';
import type { NotificationsModel } from '../notifications/model.js';
import type { PresenceModel } from '../presence/model.js';
import type { AgentTransport } from './transport.js';

export interface WireTargets {
  transport: AgentTransport;
  store: ConversationStore;
  inbox: InboxModel;
  outbox: Outbox;
  presence: PresenceModel;
  notifications: NotificationsModel;
  suggestions: SuggestionsModel;
  current: ReadonlySignal<ConversationModel | null>;
  agentId: string;
  locale: LocaleModel;
}

/** The queue and my own conversations concern me; other agents' chats would only be noise. */
function concernsMe(conversation: Conversation | undefined, agentId: string): boolean {
  if (!conversation) return true;
  return conversation.status === 'open' || conversation.assignee?.id === agentId;
}

/**
 * The one place socket events become model actions (and reconnects become re-syncs).
 * Returns a disposer that removes every listener.
 *
 * @example
 * const unwire = wireRealtime({ transport, store, inbox, outbox, presence, notifications, current, agentId, locale });
 */
export function wireRealtime(targets: WireTargets): () => void {
  const { transport, store, inbox, outbox, presence, notifications, suggestions, current, agentId, locale } =
    targets;
  const forCurrent = (conversationId: string) => {
    const model = current.peek();
    return model?.id === conversationId ? model : undefined;
  };

  const offs = [
    transport.on('conversation:updated', ({ conversation }) => {
      const known = store.get(conversation.id);
      store.upsert([conversation]);
      if (!known && conversation.status === 'open') {
        const t = locale.t.peek();
        notifications.notify(
          conversation.id,
          t('notify.newConversation'),
          visitorLabel(conversation.visitor, t),
        );
      }
    }),
    transport.on('message:new', ({ conversationId, message }) => {
      // Our own reply can echo back before its ack; either one settles the outbox entry.
      outbox.settle(message);
      if (!store.applyMessage(conversationId, message)) void inbox.fetch(conversationId);
      forCurrent(conversationId)?.receive(message, true);
      // A person answered: the assistant's suggestion for the earlier question is stale.
      if (message.author.type === 'agent' && !message.internal) suggestions.dismiss(conversationId);
      const conversation = store.get(conversationId);
      if (message.author.type === 'visitor' && concernsMe(conversation, agentId)) {
        const t = locale.t.peek();
        notifications.notify(
          conversationId,
          conversation ? visitorLabel(conversation.visitor, t) : t('notify.newMessage'),
          message.text || t('inbox.attachmentOnly'),
        );
      }
    }),
    transport.on('typing', ({ conversationId, typing }) => {
      forCurrent(conversationId)?.setVisitorTyping(typing);
    }),
    transport.on('presence', ({ agents }) => presence.receive(agents)),
    transport.on('assistant:suggestion', (suggestion) => suggestions.receive(suggestion)),
    transport.onConnect((first) => {
      outbox.flush();
      // Pushes sent before this socket joined (or while it was away) are gone: read the state again.
      void inbox.resync();
      if (!first) void current.peek()?.sync();
      presence.reapply();
    }),
    outbox.onStored((conversationId, message) => forCurrent(conversationId)?.receive(message, false)),
  ];
  return () => {
    for (const off of offs) off();
  };
}
