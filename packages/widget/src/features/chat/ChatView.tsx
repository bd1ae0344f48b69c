import { useModel, useT } from '../../app/context.js';
import { Notice } from '../../ui/Notice.js';
import { PanelHeader } from '../panel/PanelHeader.js';

/** Live chat's place; honest about the capability not existing on this server yet. */
export function ChatView() {
  const model = useModel();
  const t = useT();
  const draft = model.chat.draft.value;
  return (
    <>
      <PanelHeader title={t('chat.title')} onBack={model.showHome} />
      <div class="body">
        <Notice icon="message" title={t('chat.unavailable')} body={t('chat.unavailableBody')}>
          {draft && <p class="detail">{t('chat.draft', { text: draft })}</p>}
        </Notice>
      </div>
    </>
  );
}
