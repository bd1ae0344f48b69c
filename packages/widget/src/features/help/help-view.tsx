import { useEffect } from 'preact/hooks';
import { useModel, useT } from '../../app/context.js';
import { Notice } from '../../ui/notice.js';
import { PanelHeader } from '../panel/panel-header.js';

/** The help view's frame in the home bundle: a spinner while the help chunk loads, then the chunk's screen. */
export function HelpView() {
  const model = useModel();
  const t = useT();
  const { help } = model;
  const status = help.status.value;
  const Screen = help.chunk.value?.HelpScreen;
  const center = help.center.value;
  useEffect(() => {
    void help.load();
  }, []);
  if (Screen && center) return <Screen center={center} />;
  return (
    <>
      <PanelHeader title={t('help.title')} onBack={model.showHome} />
      <div class="body">
        {status === 'unavailable' ? (
          <Notice icon="book" title={t('help.unavailable')} body={t('help.unavailableBody')} />
        ) : status === 'failed' ? (
          <Notice icon="offline" title={t('connection.title')} body={t('connection.body')}>
            <button type="button" class="primary" onClick={help.load}>
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
