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
