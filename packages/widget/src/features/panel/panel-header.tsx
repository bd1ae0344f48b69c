import { useModel, useT } from '../../app/context.js';
import { IconButton } from '../../ui/icon-button.js';
import { TITLE_ID } from './ids.js';

export interface PanelHeaderProps {
  /** Untrusted when it is the merchant's name: rendered as text only. */
  title: string;
  /** Shows a back button; sub-views also take focus on their title, so it is announced. */
  onBack?: () => void;
  /** `false` when the view has a better heading to focus (an article's title). */
  focusTitle?: boolean;
}

export function PanelHeader({ title, onBack, focusTitle = true }: PanelHeaderProps) {
  const model = useModel();
  const t = useT();
  return (
    <div class={onBack ? 'header sub' : 'header'}>
      {onBack && <IconButton icon="chevronLeft" className="flip" label={t('panel.back')} onClick={onBack} />}
      <h2
        id={TITLE_ID}
        class="title"
        dir="auto"
        tabIndex={onBack ? -1 : undefined}
        data-autofocus={onBack && focusTitle ? '' : undefined}
      >
        {title}
      </h2>
      {!model.panel.inline && <IconButton icon="close" label={t('panel.close')} onClick={model.close} />}
    </div>
  );
}
