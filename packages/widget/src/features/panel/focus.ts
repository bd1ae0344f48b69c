import { effect } from '@preact/signals';
import type { RefObject } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import type { PanelModel } from './model.js';

const TABBABLE =
  'a[href],button:not([disabled]),input:not([disabled]),select:not([disabled]),textarea:not([disabled]),[tabindex]:not([tabindex="-1"])';

function tabbables(container: HTMLElement): HTMLElement[] {
  return Array.from(container.querySelectorAll<HTMLElement>(TABBABLE)).filter(
    (el) => !el.closest('[hidden]'),
  );
}

/** The focused element inside the shadow root that holds `el`, or `null` when focus is elsewhere. */
export function focusedIn(el: HTMLElement): Element | null {
  const root = el.getRootNode() as Document | ShadowRoot;
  return root.activeElement;
}

/**
 * Moves focus to the element the view marked `data-refocus` (what Back returns to, e.g. the search result that
 * opened an article), else `data-autofocus`, else to the dialog itself.
 */
export function focusView(panel: HTMLElement): void {
  (
    panel.querySelector<HTMLElement>('[data-refocus]') ??
    panel.querySelector<HTMLElement>('[data-autofocus]') ??
    panel
  ).focus();
}

/** Keeps Tab and Shift+Tab cycling inside `panel`: the full-screen layout has nothing else to reach. */
export function trapTab(event: KeyboardEvent, panel: HTMLElement): void {
  const items = tabbables(panel);
  const first = items[0];
  const last = items[items.length - 1];
  if (!first || !last) {
    event.preventDefault();
    return;
  }
  const active = focusedIn(panel);
  const inside = active !== null && panel.contains(active);
  if (event.shiftKey && (!inside || active === first || active === panel)) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && (!inside || active === last)) {
    event.preventDefault();
    first.focus();
  }
}

/**
 * Focus follows the dialog: into the view when it opens or changes, back to the launcher (or to whatever
 * had focus before, when there is no launcher) when it closes while focus was inside. Focus is never taken
 * from the page otherwise, so a programmatic `close()` while the visitor types elsewhere leaves them be.
 */
export function usePanelFocus(
  panel: PanelModel,
  status: string,
  panelRef: RefObject<HTMLElement>,
  launcherRef: RefObject<HTMLElement>,
): void {
  const open = panel.isOpen.value;
  const request = panel.focusRequest.value;
  const wasOpen = useRef(open);
  const returnFocus = useRef(false);
  const returnTo = useRef<HTMLElement | null>(null);

  // A signal effect runs synchronously when `isOpen` flips, before Preact hides or removes anything: the
  // last moment to see whether focus is inside. (Chromium blurs a removed element at once, so neither a
  // later check nor focusout tracking can tell.)
  useLayoutEffect(
    () =>
      effect(() => {
        const el = panelRef.current;
        if (panel.isOpen.value || !el) return;
        const active = focusedIn(el);
        returnFocus.current = active !== null && el.contains(active);
      }),
    [panel, panelRef],
  );

  useLayoutEffect(() => {
    const el = panelRef.current;
    if (request === 0 || !el || !panel.isOpen.peek()) return;
    const active = focusedIn(el);
    if (!(active && el.contains(active))) {
      const outside = el.ownerDocument.activeElement;
      returnTo.current = outside instanceof HTMLElement && outside !== el.getRootNode() ? outside : null;
    }
    focusView(el);
  }, [request]);

  // While the settings load, focus waits on the dialog itself; once the view appears it moves in.
  useLayoutEffect(() => {
    const el = panelRef.current;
    if (el && panel.isOpen.peek() && focusedIn(el) === el) focusView(el);
  }, [status]);

  useLayoutEffect(() => {
    if (wasOpen.current && !open && returnFocus.current) {
      returnFocus.current = false;
      // After the commit, so a launcher hidden under the full-screen panel is visible (focusable) again.
      const target = launcherRef.current ?? returnTo.current;
      if (target?.isConnected) target.focus();
    }
    wasOpen.current = open;
  }, [open]);
}
