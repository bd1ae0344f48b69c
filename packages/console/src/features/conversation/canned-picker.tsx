import type { CannedReply } from '@topay-support/protocol';
import type { Translate } from '../locale/model.js';

export interface CannedPickerProps {
  id: string;
  matches: readonly CannedReply[];
  activeId: string | undefined;
  prefix: string;
  t: Translate;
  onChoose(reply: CannedReply): void;
}

/**
 * The `/shortcut` suggestions. Focus stays in the reply box (it owns the keys, as a combobox does);
 * the box points at the highlighted option with `aria-activedescendant`.
 */
export function CannedPicker({ id, matches, activeId, prefix, t, onChoose }: CannedPickerProps) {
  if (matches.length === 0) {
    return (
      <p class="canned canned--empty" role="status">
        {t('canned.none', { prefix })}
      </p>
    );
  }
  return (
    <div class="canned" id={id} role="listbox" aria-label={t('canned.label')}>
      {matches.map((reply) => (
        <div
          key={reply.id}
          id={`${id}-${reply.id}`}
          role="option"
          // Not in the tab order: focus stays in the reply box, which points here.
          tabIndex={-1}
          aria-selected={reply.id === activeId ? 'true' : 'false'}
          class="canned__option"
          // mousedown, not click: choosing must not blur the reply box first.
          onMouseDown={(event) => {
            event.preventDefault();
            onChoose(reply);
          }}
        >
          <span class="canned__shortcut">/{reply.shortcut}</span>
          <span class="canned__text" dir="auto">
            {reply.text}
          </span>
        </div>
      ))}
    </div>
  );
}
