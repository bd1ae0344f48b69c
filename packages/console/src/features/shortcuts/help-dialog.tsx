import { useLayoutEffect, useRef } from 'preact/hooks';
import { Button } from '../../ui/button.js';
import type { MessageKey } from '../locale/en.js';
import type { LocaleModel } from '../locale/model.js';
import { SHORTCUTS, type ShortcutCommand } from './keymap.js';

const LABELS: Record<ShortcutCommand, MessageKey> = {
  next: 'shortcuts.next',
  previous: 'shortcuts.previous',
  reply: 'shortcuts.reply',
  claim: 'shortcuts.claim',
  resolve: 'shortcuts.resolve',
  back: 'shortcuts.back',
  search: 'shortcuts.search',
  'tab:open': 'shortcuts.tabOpen',
  'tab:assigned': 'shortcuts.tabAssigned',
  'tab:resolved': 'shortcuts.tabResolved',
  help: 'shortcuts.help',
  articles: 'shortcuts.articles',
};

export interface HelpDialogProps {
  locale: LocaleModel;
  onClose(): void;
}

/** A modal list of shortcuts: focus moves in, Esc closes, and focus returns where it was. */
export function HelpDialog({ locale, onClose }: HelpDialogProps) {
  const t = locale.t.value;
  const dialog = useRef<HTMLDivElement>(null);

  useLayoutEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.current?.querySelector<HTMLElement>('button')?.focus();
    return () => previous?.focus();
  }, []);

  return (
    <div class="backdrop">
      <div
        ref={dialog}
        class="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="shortcuts-title"
        onKeyDown={(event) => {
          if (event.key === 'Escape' || event.key === '?') {
            event.preventDefault();
            event.stopPropagation();
            onClose();
          }
          // Keep Tab inside the dialog: its only control is the close button.
          if (event.key === 'Tab') event.preventDefault();
        }}
      >
        <div class="dialog__bar">
          <h2 id="shortcuts-title" class="dialog__title">
            {t('shortcuts.title')}
          </h2>
          <Button variant="secondary" onClick={onClose}>
            {t('shortcuts.close')}
          </Button>
        </div>
        <dl class="shortcuts">
          {SHORTCUTS.map((shortcut) => (
            <div class="shortcuts__row" key={shortcut.keys.join(' ')}>
              <dt>
                {shortcut.keys.map((key, index) => (
                  <span key={key}>
                    {index > 0 ? (
                      <span class="shortcuts__then">
                        {' '}
                        {shortcut.chord ? t('shortcuts.plus') : t('shortcuts.then')}{' '}
                      </span>
                    ) : null}
                    <kbd>{key}</kbd>
                  </span>
                ))}
              </dt>
              <dd>{t(LABELS[shortcut.command])}</dd>
            </div>
          ))}
        </dl>
      </div>
    </div>
  );
}
