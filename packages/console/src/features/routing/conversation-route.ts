import { effect } from '@preact/signals';
import type { Workspace } from '../workspace/model.js';

/**
 * `/console/#/c/<id>`: a hash, because the server serves the console as static files under
 * `/console/` and has no fallback that would answer `/console/c/<id>` with the app.
 */
const PREFIX = '#/c/';

/** The conversation id in a location hash, or null for anything else (including a mangled id). */
export function conversationFromHash(hash: string): string | null {
  if (!hash.startsWith(PREFIX)) return null;
  try {
    const id = decodeURIComponent(hash.slice(PREFIX.length));
    // Ids are short; the server caps them at 100 characters and refuses longer ones anyway.
    return id === '' || id.length > 100 ? null : id;
  } catch {
    return null;
  }
}

export function conversationHash(id: string): string {
  return `${PREFIX}${encodeURIComponent(id)}`;
}

export type RouteWindow = Pick<Window, 'location' | 'history' | 'addEventListener' | 'removeEventListener'>;

/**
 * Keeps the URL and the open conversation in step: opening one pushes a history entry, Back and
 * Forward (and a pasted or reloaded URL) open what the URL names. Returns a disposer.
 *
 * @example
 * const unroute = bindConversationRoute(workspace, window);
 * // at sign-out: unroute();
 */
export function bindConversationRoute(workspace: Workspace, win: RouteWindow): () => void {
  const fromUrl = () => conversationFromHash(win.location.hash);
  const initial = fromUrl();
  if (initial) workspace.select(initial);

  const stop = effect(() => {
    const id = workspace.current.value?.id ?? null;
    // Already there: this change came from the URL (start, Back, Forward), so it needs no new entry.
    if (id === fromUrl()) return;
    win.history.pushState(
      null,
      '',
      id === null ? `${win.location.pathname}${win.location.search}` : conversationHash(id),
    );
  });

  // Back/Forward fire `popstate`; an edited hash fires `hashchange` too. Selecting twice is a no-op.
  const onNavigate = () => workspace.select(fromUrl());
  win.addEventListener('popstate', onNavigate);
  win.addEventListener('hashchange', onNavigate);
  return () => {
    stop();
    win.removeEventListener('popstate', onNavigate);
    win.removeEventListener('hashchange', onNavigate);
  };
}
