import { useT } from '../../app/context.js';
import { PanelHeader } from '../panel/panel-header.js';

export function ConfigLoading() {
  const t = useT();
  return (
    <>
      <PanelHeader title={t('panel.title')} />
      <div class="body">
        <div class="notice" role="status">
          <div class="spinner" aria-hidden="true" />
          <p>{t('panel.loading')}</p>
        </div>
      </div>
    </>
  );
}
