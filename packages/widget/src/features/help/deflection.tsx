import { useLayoutEffect, useRef } from 'preact/hooks';
import { useModel } from '../../app/context.js';
import type { ChatRoom } from '../chat/room.js';
import type { HelpCenter } from './center.js';
import { placeOf } from './nav.js';
import { useRestore } from './restore.js';
import { useHelpT } from './use-help-t.js';

/**
 * Articles that may answer the first message of a new chat, shown above the composer while it is written. Opening
 * one records a deflection; the text typed so far is kept for when the visitor comes back. Sending ignores them.
 */
export function Deflection({ room }: { room: ChatRoom }) {
  // Set with the chunk that holds this component, so it is there whenever this renders.
  const center = useModel().help.center.value as HelpCenter;
  const t = useHelpT();
  const ref = useRef<HTMLDivElement>(null);
  const composer = () => ref.current?.closest('form')?.querySelector('textarea');
  const refocus = useRestore(center, 'chat', ref);

  useLayoutEffect(() => {
    const text = center.takeDraft();
    const box = composer();
    if (!text || !box || box.value) return;
    box.value = text;
    // The composer reads its text on input (length, typing, these suggestions), as for a paste.
    box.dispatchEvent(new Event('input', { bubbles: true }));
  }, []);

  const s = room.snapshot.value;
  const first = s && !s.history.some((m) => m.author.type === 'visitor') && s.pending.length === 0;
  const items = first ? center.suggestions.value : [];
  return (
    // Always there (empty, and then not displayed), so it can find the composer when the view comes back.
    <div ref={ref} class="suggest">
      {items.length > 0 && (
        <>
          <p id="tps-suggest">{t('help.suggestions')}</p>
          <ul aria-labelledby="tps-suggest">
            {items.map((item) => {
              const key = `d:${item.slug}`;
              return (
                <li key={item.id}>
                  <button
                    type="button"
                    class="link"
                    dir="auto"
                    data-refocus={refocus === key ? '' : undefined}
                    onClick={(event) =>
                      center.deflect(item, placeOf(event.currentTarget, 'chat', key), composer()?.value ?? '')
                    }
                  >
                    {item.title}
                  </button>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </div>
  );
}
