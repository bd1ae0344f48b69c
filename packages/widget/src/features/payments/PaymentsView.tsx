import { useModel, useT } from '../../app/context.js';
import { Notice } from '../../ui/Notice.js';
import { PanelHeader } from '../panel/PanelHeader.js';

/** Payment lookup's place; honest about the capability not existing on this server yet. */
export function PaymentsView() {
  const model = useModel();
  const t = useT();
  const reference = model.payments.reference.value;
  return (
    <>
      <PanelHeader title={t('payments.title')} onBack={model.showHome} />
      <div class="body">
        <Notice icon="card" title={t('payments.unavailable')} body={t('payments.unavailableBody')}>
          {reference && <p class="detail">{t('payments.reference', { reference })}</p>}
        </Notice>
      </div>
    </>
  );
}
