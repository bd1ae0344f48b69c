import type { PaymentView } from '@topay-support/protocol';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { useModel } from '../../app/context.js';
import { PanelHeader } from '../panel/panel-header.js';
import type { LookupError, PaymentDesk } from './desk.js';
import { useViewFocus } from './focus.js';
import { formatAmount, formatDateTime, formatWait } from './format.js';
import { PaymentResultView, StatusIcon } from './result.js';
import { usePaymentsT } from './use-payments-t.js';

const REF_ID = 'tps-pay-ref';
const EMAIL_ID = 'tps-pay-email';

/** The payments view once its chunk has loaded: the look-up (and an identified visitor's list), or a result. */
export function PaymentsScreen({ desk }: { desk: PaymentDesk }) {
  const model = useModel();
  const t = usePaymentsT();
  const shown = desk.result.value;
  return (
    <>
      <PanelHeader
        title={t('payments.title')}
        onBack={shown ? desk.back : model.showHome}
        // The result's status heading, or the email field after `checkPayment(reference)`, says more.
        focusTitle={!shown && !desk.prefilled.value}
      />
      <div class="body">
        {shown ? (
          <PaymentResultView key={shown.payment.reference} desk={desk} result={shown} />
        ) : (
          <Lookup desk={desk} />
        )}
      </div>
    </>
  );
}

function errorText(t: ReturnType<typeof usePaymentsT>, error: LookupError, locale: string): string {
  if (error.code === 'payment_not_found') return t('payments.notFound');
  if (error.code === 'rate_limited')
    return t('payments.rateLimited', { wait: formatWait(error.retryAfterMs ?? 60_000, locale) });
  return t(error.code === 'provider_unavailable' ? 'payments.providerDown' : 'payments.networkError');
}

function Lookup({ desk }: { desk: PaymentDesk }) {
  const model = useModel();
  const t = usePaymentsT();
  const locale = model.i18n.locale.value;
  const box = useRef<HTMLDivElement>(null);
  const invalid = desk.invalid.value;
  const busy = desk.busy.value;
  const error = desk.error.value;
  const list = desk.list.value;
  useViewFocus(box, [desk.started.value]);
  // After a submit with mistakes, the first wrong field takes focus; its message is tied to it.
  useLayoutEffect(() => {
    const id = invalid?.reference ? REF_ID : invalid?.email ? EMAIL_ID : undefined;
    if (id) (box.current?.getRootNode() as ShadowRoot | undefined)?.getElementById(id)?.focus();
  }, [invalid]);

  const field = (id: string, bad: boolean | undefined) => ({
    id,
    'aria-invalid': bad ? ('true' as const) : undefined,
    'aria-describedby': bad ? `${id}-error` : undefined,
  });

  return (
    <div ref={box} class="pay">
      {list && (
        <section class="pay-section" aria-labelledby="tps-pay-yours">
          <h3 id="tps-pay-yours" class="pay-heading">
            {t('payments.yours')}
          </h3>
          {list.status === 'loading' ? (
            <div class="spinner" role="status" aria-label={t('panel.loading')} />
          ) : list.status === 'failed' ? (
            <p class="pay-note">
              {t('payments.yoursFailed')}{' '}
              <button type="button" class="secondary" onClick={desk.reloadList}>
                {t('payments.retry')}
              </button>
            </p>
          ) : list.payments.length === 0 ? (
            <p class="pay-note">{t('payments.yoursEmpty')}</p>
          ) : (
            <ul class="pay-list">
              {list.payments.map((p) => (
                <li key={p.reference}>
                  <ListItem payment={p} locale={locale} onChoose={() => desk.choose(p)} />
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      <form
        class="pay-form"
        onSubmit={(event) => {
          event.preventDefault();
          desk.submit();
        }}
        noValidate
        aria-labelledby={list ? 'tps-pay-other' : undefined}
      >
        {list && (
          <h3 id="tps-pay-other" class="pay-heading">
            {t('payments.other')}
          </h3>
        )}
        <p class="pay-note">{t('payments.intro')}</p>
        <label for={REF_ID}>{t('payments.referenceLabel')}</label>
        <input
          {...field(REF_ID, invalid?.reference)}
          name="reference"
          autocomplete="off"
          autocapitalize="none"
          spellcheck={false}
          maxLength={100}
          value={desk.reference.value}
          onInput={(event) => {
            desk.reference.value = event.currentTarget.value;
          }}
        />
        {invalid?.reference && (
          <p id={`${REF_ID}-error`} class="field-error">
            {t('payments.referenceRequired')}
          </p>
        )}
        <label for={EMAIL_ID}>{t('payments.emailLabel')}</label>
        <input
          {...field(EMAIL_ID, invalid?.email)}
          name="email"
          type="email"
          inputMode="email"
          autocomplete="email"
          autocapitalize="none"
          spellcheck={false}
          maxLength={254}
          value={desk.email.value}
          onInput={(event) => {
            desk.email.value = event.currentTarget.value;
          }}
          data-autofocus={desk.prefilled.value ? '' : undefined}
        />
        {invalid?.email && (
          <p id={`${EMAIL_ID}-error`} class="field-error">
            {t('payments.emailInvalid')}
          </p>
        )}
        {error && (
          <p class="pay-error" role="alert">
            {errorText(t, error, locale)}
          </p>
        )}
        {/* aria-disabled, not disabled: the button keeps focus while the answer (~0.5 s) is on its way. */}
        <button type="submit" class="primary" aria-disabled={busy ? 'true' : undefined}>
          {busy && <span class="pay-spin" aria-hidden="true" />}
          {t(busy ? 'payments.busy' : 'payments.submit')}
        </button>
        <p class="sr-only" role="status">
          {busy ? t('payments.busy') : ''}
        </p>
      </form>
    </div>
  );
}

function ListItem({
  payment,
  locale,
  onChoose,
}: {
  payment: PaymentView;
  locale: string;
  onChoose: () => void;
}) {
  const t = usePaymentsT();
  return (
    <button type="button" class="pay-item" onClick={onChoose}>
      <StatusIcon status={payment.status} />
      <span class="pay-item-text">
        <span class="pay-item-title">
          {formatAmount(payment.amount.minor, payment.amount.currency, locale)} ·{' '}
          {t(`payments.status.${payment.status}`)}
        </span>
        <span class="pay-item-meta">
          <bdi>{payment.merchant.name}</bdi> · {payment.reference} ·{' '}
          {formatDateTime(payment.createdAt, locale)}
        </span>
      </span>
    </button>
  );
}
