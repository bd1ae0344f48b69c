/**
 * Calls `onChange` with whether `query` matches now and whenever that changes.
 * Returns the disposer; a no-op where `matchMedia` is missing (old test environments).
 */
export function watchMedia(win: Window, query: string, onChange: (matches: boolean) => void): () => void {
  if (typeof win.matchMedia !== 'function') return () => {};
  const list = win.matchMedia(query);
  const listener = (event: MediaQueryListEvent) => onChange(event.matches);
  list.addEventListener('change', listener);
  onChange(list.matches);
  return () => list.removeEventListener('change', listener);
}

/**
 * Keeps the full-screen phone panel inside the *visual* viewport. On iOS and Android Chrome the
 * on-screen keyboard shrinks only the visual viewport, so a panel sized to the layout viewport would
 * hide the composer behind the keyboard. The size travels as custom properties set through CSSOM,
 * which a strict CSP allows. Returns the disposer.
 */
export function followVisualViewport(win: Window, host: HTMLElement): () => void {
  const viewport = win.visualViewport;
  if (!viewport) return () => {};
  const update = () => {
    host.style.setProperty('--_vv-height', `${Math.round(viewport.height)}px`);
    host.style.setProperty('--_vv-top', `${Math.round(viewport.offsetTop)}px`);
  };
  update();
  viewport.addEventListener('resize', update);
  viewport.addEventListener('scroll', update);
  return () => {
    viewport.removeEventListener('resize', update);
    viewport.removeEventListener('scroll', update);
  };
}
