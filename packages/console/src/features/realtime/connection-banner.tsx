import { Button } from '../../ui/button.js';
import type { LocaleModel } from '../locale/model.js';
import type { AgentTransport } from './transport.js';

export function ConnectionBanner({ transport, locale }: { transport: AgentTransport; locale: LocaleModel }) {
  const t = locale.t.value;
  const state = transport.state.value;
  if (state === 'connected') return null;
  return (
    <div class={`connection connection--${state}`} role="status">
      {state === 'connecting'
        ? t('connection.connecting')
        : state === 'reconnecting'
          ? t('connection.reconnecting')
          : t('connection.offline')}
      {state === 'offline' ? (
        <Button variant="quiet" onClick={() => transport.reconnect()}>
          {t('connection.reconnect')}
        </Button>
      ) : null}
    </div>
  );
}
