import {
  type Conversation,
  formatMoney,
  type Locale,
  type PaymentView,
  safeHttpUrl,
} from '@topay-support/protocol';
import type { ComponentChildren } from 'preact';
import type { AgentApi } from '../../agent-api.js';
import { formatDateTime } from '../inbox/format.js';
import type { LocaleModel, Translate } from '../locale/model.js';
import { LinkedConversations } from './linked-conversations.js';
import { describeUserAgent } from './user-agent.js';

function Fact({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="facts__row">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function PaymentCard({ payment, t, locale }: { payment: PaymentView; t: Translate; locale: Locale }) {
  return (
    <section class="context__card" aria-labelledby="context-payment">
      <h4 id="context-payment" class="context__subheading">
        {t('context.payment')}
      </h4>
      <dl class="facts">
        <Fact label={t('context.reference')}>{payment.reference}</Fact>
        <Fact label={t('context.paymentStatus')}>
          <span class={`payment-status payment-status--${payment.status}`}>
            {t(`payment.status.${payment.status}`)}
          </span>
        </Fact>
        <Fact label={t('context.amount')}>{formatMoney(payment.amount, locale)}</Fact>
        <Fact label={t('context.paymentTime')}>
          <time dateTime={payment.createdAt}>{formatDateTime(payment.createdAt, locale)}</time>
        </Fact>
        {payment.reason ? (
          <Fact label={t('context.reason')}>{t(`payment.reason.${payment.reason}`)}</Fact>
        ) : null}
        {payment.card ? (
          <Fact label={t('context.card')}>
            {payment.card.brand.toUpperCase()} •••• {payment.card.last4}
          </Fact>
        ) : null}
      </dl>
    </section>
  );
}

export function ContextPanel({
  conversation,
  locale,
  api,
}: {
  conversation: Conversation;
  locale: LocaleModel;
  /** Without it (tests of the panel alone), the visitor's other conversations are left out. */
  api?: Pick<AgentApi, 'linkedConversations'>;
}) {
  const t = locale.t.value;
  const lang = locale.locale.value;
  const { context, visitor, payment, rating } = conversation;
  const pageHref = context.pageUrl ? safeHttpUrl(context.pageUrl) : undefined;
  const browser = context.userAgent ? describeUserAgent(context.userAgent) : undefined;
  const unknown = t('context.unknown');
  return (
    <aside class="context" aria-labelledby="context-heading">
      <h3 id="context-heading" class="context__heading">
        {t('context.heading')}
      </h3>
      <dl class="facts">
        {visitor.email ? <Fact label={t('context.email')}>{visitor.email}</Fact> : null}
        {visitor.userId ? <Fact label={t('context.userId')}>{visitor.userId}</Fact> : null}
        <Fact label={t('context.pageUrl')}>
          {pageHref ? (
            <a href={pageHref} target="_blank" rel="noopener noreferrer nofollow" class="context__url">
              {context.pageUrl}
            </a>
          ) : (
            (context.pageUrl ?? unknown)
          )}
        </Fact>
        <Fact label={t('context.locale')}>{context.locale ?? unknown}</Fact>
        <Fact label={t('context.browser')}>
          <span title={context.userAgent}>{browser ?? unknown}</span>
        </Fact>
        <Fact label={t('context.topic')}>
          {conversation.topic ? t(`topic.${conversation.topic}`) : t('topic.none')}
        </Fact>
        <Fact label={t('context.started')}>
          <time dateTime={conversation.createdAt}>{formatDateTime(conversation.createdAt, lang)}</time>
        </Fact>
        {rating ? (
          <Fact label={t('context.rating')}>
            {t('context.ratingValue', { score: rating.score })}
            {rating.comment ? <q class="context__comment">{rating.comment}</q> : null}
          </Fact>
        ) : null}
      </dl>
      {payment ? <PaymentCard payment={payment} t={t} locale={lang} /> : null}
      {api ? <LinkedConversations conversationId={conversation.id} api={api} t={t} /> : null}
    </aside>
  );
}
