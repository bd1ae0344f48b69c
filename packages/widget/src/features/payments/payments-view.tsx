import { useEffect } from 'preact/hooks';
import { useModel, useT } from '../../app/context.js';
import { Notice } from '../../ui/notice.js';
import { PanelHeader } from '../panel/panel-header.js';

/** The payments view's frame in the home bundle: a spinner while the payments chunk loads, then its screen. */
export function PaymentsView() {
  const model = useModel();
  const t = useT();
  const { payments } = model;
  const status = payments.status.value;
  const Screen = payments.chunk.value?.PaymentsScreen;
  const desk = payments.desk.value;
  useEffect(() => {
    void payments.load();
  }, []);
  if (Screen && desk) return <Screen desk={desk} />;
  const reference = payments.reference.value;
  return (
    <>
      <PanelHeader title={t('payments.title')} onBack={model.showHome} />
      <div class="body">
        {status === 'unavailable' ? (
          <Notice icon="card" title={t('payments.unavailable')} body={t('payments.unavailableBody')}>
            {reference && <p class="detail">{t('payments.reference', { reference })}</p>}
          </Notice>
        ) : status === 'failed' ? (
          <Notice icon="offline" title={t('connection.title')} body={t('connection.body')}>
            <button type="button" class="primary" onClick={payments.load}>
              {t('connection.retry')}
            </button>
          </Notice>
        ) : (
          <div class="notice" role="status">
            <div class="spinner" aria-hidden="true" />
            <p>{t('panel.loading')}</p>
          </div>
        )}
      </div>
    </>
  );
}
