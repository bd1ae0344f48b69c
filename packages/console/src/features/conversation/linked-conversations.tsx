import type { LinkedConversation } from '@topay-support/protocol';
import { useEffect, useState } from 'preact/hooks';
import type { AgentApi } from '../../agent-api.js';
import type { Translate } from '../locale/model.js';
import { conversationHash } from '../routing/conversation-route.js';

/**
 * The same visitor's other conversations (one per payment they asked about, and any others), each a link
 * that opens it. Fetched when another conversation is opened; nothing is shown when there are none.
 */
export function LinkedConversations({
  conversationId,
  api,
  t,
}: {
  conversationId: string;
  api: Pick<AgentApi, 'linkedConversations'>;
  t: Translate;
}) {
  const [linked, setLinked] = useState<readonly LinkedConversation[]>([]);
  useEffect(() => {
    let current = true;
    setLinked([]);
    // A failure leaves the list out: it is a convenience beside the conversation, not part of it.
    api.linkedConversations(conversationId).then(
      (list) => current && setLinked(list),
      () => {},
    );
    return () => {
      current = false;
    };
  }, [api, conversationId]);
  if (linked.length === 0) return null;
  return (
    <section class="context__card" aria-labelledby="context-linked">
      <h4 id="context-linked" class="context__subheading">
        {t('context.linked')}
      </h4>
      <ul class="linked">
        {linked.map((c) => (
          <li key={c.id}>
            <a href={conversationHash(c.id)} class="linked__link">
              <span class="linked__title">
                {c.payment
                  ? t('context.linkedPayment', { reference: c.payment.reference })
                  : t(c.topic ? `topic.${c.topic}` : 'topic.none')}
              </span>{' '}
              <span class="linked__status">{t(`status.${c.status}`)}</span>
              {c.lastMessage ? <span class="linked__preview">{c.lastMessage.text}</span> : null}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
