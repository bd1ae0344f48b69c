import { useModel, useT } from '../../app/context.js';
import { Notice } from '../../ui/notice.js';
import { PanelHeader } from '../panel/panel-header.js';
import type { ConfigState } from './model.js';

export function ConnectionProblem({ code }: { code: Extract<ConfigState, { status: 'failed' }>['code'] }) {
  const model = useModel();
  const t = useT();
  const origin = code === 'origin_not_allowed';
  const retry = (event: MouseEvent) => {
    // The button disappears while loading; parking focus on the dialog keeps it from falling to the page.
    (event.currentTarget as HTMLElement).closest<HTMLElement>('[role="dialog"]')?.focus();
    model.config.load();
  };
  return (
    <>
      <PanelHeader title={t('panel.title')} />
      <div class="body">
        <div role="alert">
          <Notice
            icon="offline"
            title={t(origin ? 'connection.originTitle' : 'connection.title')}
            body={t(origin ? 'connection.originBody' : 'connection.body')}
          >
            <button type="button" class="primary" data-autofocus onClick={retry}>
              {t('connection.retry')}
            </button>
          </Notice>
        </div>
      </div>
    </>
  );
}
