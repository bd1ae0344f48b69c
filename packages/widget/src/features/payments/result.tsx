import type { CardBrand, PaymentStatus } from '@topay-support/protocol';
import { useRef } from 'preact/hooks';
import { useModel } from '../../app/context.js';
import type { PaymentDesk, PaymentResult } from './desk.js';
import { useViewFocus } from './focus.js';
import { formatAmount, formatDateTime } from './format.js';
import { usePaymentsT } from './use-payments-t.js';

type Tone = 'ok' | 'wait' | 'bad' | 'back' | 'warn' | 'off';

const CIRCLE = 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18z';
// The colour is never the only signal: each tone has its own shape, and the status is written out beside it.
const TONES: Record<PaymentStatus, Tone> = {
  succeeded: 'ok',
  pending: 'wait',
  processing: 'wait',
  failed: 'bad',
  refunded: 'back',
  partially_refunded: 'back',
  disputed: 'warn',
  cancelled: 'off',
};
const SHAPES: Record<Tone, string> = {
  ok: `${CIRCLE}M8 12.5l2.5 2.5L16 9.5`,
  wait: `${CIRCLE}M12 7v5l3 2`,
  bad: `${CIRCLE}M9 9l6 6M15 9l-6 6`,
  back: `${CIRCLE}M9 10h5a2.5 2.5 0 0 1 0 5h-2M11 7.5 8.5 10l2.5 2.5`,
  warn: 'M12 3.5 2.5 20h19zM12 10v4M12 17h.01',
  off: `${CIRCLE}M5.6 5.6l12.8 12.8`,
};

/** The help article that explains a status, opened in the widget. */
const ARTICLES: Partial<Record<PaymentStatus, 'payment-failed' | 'refunds' | 'missing-confirmation'>> = {
  failed: 'payment-failed',
  refunded: 'refunds',
  partially_refunded: 'refunds',
  disputed: 'refunds',
  pending: 'missing-confirmation',
  processing: 'missing-confirmation',
};

// Brand names are the same in every locale, except the two the visitor's language names.
const BRANDS: Partial<Record<CardBrand, string>> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  amex: 'American Express',
  jcb: 'JCB',
  discover: 'Discover',
};

export function StatusIcon({ status }: { status: PaymentStatus }) {
  const tone = TONES[status] ?? 'off';
  return (
    <svg class={`icon st st-${tone}`} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d={SHAPES[tone]} />
    </svg>
  );
}

/** One payment: status in words, amount, details, timeline; for failures the reason, what to try, and help. */
export function PaymentResultView({ desk, result }: { desk: PaymentDesk; result: PaymentResult }) {
  const model = useModel();
  const t = usePaymentsT();
  const locale = model.i18n.locale.value;
  const box = useRef<HTMLDivElement>(null);
  const { payment } = result;
  const { status, reason, card } = payment;
  const article = ARTICLES[status];
  useViewFocus(box, []);

  const brand =
    card &&
    (BRANDS[card.brand] ?? t(card.brand === 'unionpay' ? 'payments.brand.unionpay' : 'payments.brand.other'));
  // Only ever four digits: whatever else a provider might send is not shown.
  const last4 = card && /^\d{4}$/.test(card.last4) ? card.last4 : undefined;
  const reasonText = reason && t(`payments.reason.${reason}`);

  return (
    <div ref={box} class="pay pay-result">
      <div class="pay-status">
        <StatusIcon status={status} />
        <h3 class="pay-status-title" tabIndex={-1} data-autofocus="">
          {t(`payments.status.${status}`)}
        </h3>
      </div>
      <p class="pay-amount">{formatAmount(payment.amount.minor, payment.amount.currency, locale)}</p>
      <p class="pay-note">{t(`payments.about.${status}`)}</p>
      {reasonText &&
        (status === 'failed' ? (
          <div class="pay-reason">
            <h4 class="pay-heading">{t('payments.whatHappened')}</h4>
            <p>{reasonText}</p>
          </div>
        ) : (
          <p class="pay-note">{reasonText}</p>
        ))}
      {article && (
        <button type="button" class="pay-link" onClick={() => desk.article(article)}>
          {t(`payments.article.${article}`)}
        </button>
      )}
      <dl class="pay-details">
        <dt>{t('payments.merchant')}</dt>
        <dd dir="auto">{payment.merchant.name}</dd>
        <dt>{t('payments.referenceShort')}</dt>
        <dd>{payment.reference}</dd>
        {brand && last4 && (
          <>
            <dt>{t('payments.card')}</dt>
            <dd>
              <span aria-hidden="true">{`${brand} •••• ${last4}`}</span>
              <span class="sr-only">{t('payments.cardEnding', { brand, last4 })}</span>
            </dd>
          </>
        )}
        <dt>{t('payments.created')}</dt>
        <dd>
          <time dateTime={payment.createdAt}>{formatDateTime(payment.createdAt, locale)}</time>
        </dd>
      </dl>
      {payment.events.length > 0 && (
        <>
          <h4 class="pay-heading">{t('payments.timeline')}</h4>
          <ol class="pay-timeline">
            {payment.events.map((event, i) => (
              <li key={`${i}-${event.type}`}>
                <span>{t(`payments.event.${event.type}`)}</span>
                <time dateTime={event.at}>{formatDateTime(event.at, locale)}</time>
              </li>
            ))}
          </ol>
        </>
      )}
      <button type="button" class="primary" onClick={desk.ask}>
        {t('payments.ask')}
      </button>
      <button type="button" class="secondary" onClick={desk.back}>
        {t('payments.another')}
      </button>
    </div>
  );
}
