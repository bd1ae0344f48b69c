import type { Ref } from 'preact';
import { useModel, useT } from '../../app/context.js';
import { Icon } from '../../ui/icon.js';
import { PANEL_ID } from './ids.js';

export function Launcher({ buttonRef }: { buttonRef: Ref<HTMLButtonElement> }) {
  const model = useModel();
  const t = useT();
  const open = model.panel.isOpen.value;
  const unread = model.chat.unread.value;
  return (
    <button
      ref={buttonRef}
      type="button"
      class="launcher"
      lang={model.i18n.locale.value}
      dir={model.i18n.dir.value}
      aria-label={
        unread > 0 ? `${t('launcher.open')} (${t('launcher.unread', { count: unread })})` : t('launcher.open')
      }
      aria-expanded={open}
      aria-controls={PANEL_ID}
      onClick={model.toggle}
    >
      <Icon name={open ? 'chevronDown' : 'chat'} />
      {unread > 0 && (
        <span class="badge" aria-hidden="true">
          {unread > 99 ? '99+' : unread}
        </span>
      )}
    </button>
  );
}
