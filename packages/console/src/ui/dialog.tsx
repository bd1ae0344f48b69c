import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { Button } from './button.js';

export interface DialogProps {
  /** Unique on the page: the title's id, which names the dialog for screen readers. */
  titleId: string;
  title: string;
  closeLabel: string;
  onClose(): void;
  /** Room for a form and a list, rather than a short message. */
  wide?: boolean;
  children: ComponentChildren;
}

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), textarea:not([disabled]), select:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * A modal dialog: focus moves to the first `[data-autofocus]` (else the first control), Tab stays
 * inside, Esc closes, and focus returns to where it was. Not `<dialog>`: jsdom has no `showModal`.
 */
export function Dialog({ titleId, title, closeLabel, onClose, wide = false, children }: DialogProps) {
  const box = useRef<HTMLDivElement>(null);

  useLayoutEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const root = box.current;
    (
      root?.querySelector<HTMLElement>('[data-autofocus]') ?? root?.querySelector<HTMLElement>(FOCUSABLE)
    )?.focus();
    return () => previous?.focus();
  }, []);

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === 'Escape') {
      event.preventDefault();
      // The inbox's Esc ("back to the list") must not also fire.
      event.stopPropagation();
      onClose();
      return;
    }
    if (event.key !== 'Tab' || !box.current) return;
    const controls = [...box.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const first = controls[0];
    const last = controls.at(-1);
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }

  return (
    <div class="backdrop">
      <div
        ref={box}
        class={wide ? 'dialog dialog--wide' : 'dialog'}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        onKeyDown={onKeyDown}
      >
        <div class="dialog__bar">
          <h2 id={titleId} class="dialog__title">
            {title}
          </h2>
          <Button variant="secondary" onClick={onClose}>
            {closeLabel}
          </Button>
        </div>
        {children}
      </div>
    </div>
  );
}
