import type { RefObject } from 'preact';
import { useLayoutEffect } from 'preact/hooks';
import { focusView } from '../panel/focus.js';

/**
 * Moves focus to the view's `data-autofocus` element when this part of the screen appears (or `deps` change), but
 * only if focus is ours already or was lost (the loading frame or the form that had it went away): never while the
 * visitor is busy in the host page.
 */
export function useViewFocus(ref: RefObject<HTMLElement>, deps: unknown[]): void {
  useLayoutEffect(() => {
    const el = ref.current;
    const panel = el?.closest<HTMLElement>('.panel');
    if (!el || !panel) return;
    const doc = el.ownerDocument;
    const lost = !doc.activeElement || doc.activeElement === doc.body;
    if ((el.getRootNode() as ShadowRoot).activeElement || lost) focusView(panel);
  }, deps);
}
