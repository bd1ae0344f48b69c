import { effect } from '@preact/signals';
import type { Screen, Workspace } from '../workspace/model.js';

/**
 * `/console/#/c/<id>`, `#/articles` and `#/articles/<id>`: a hash, because the server serves the
 * console as static files under `/console/` and has no fallback that would answer `/console/c/<id>`
 * with the app.
 */
const PREFIX = '#/c/';
const ARTICLES = '#/articles';
const SECURITY = '#/security';
/** The assistant report (admins). */
export const ASSISTANT_HASH = '#/assistant';

/** Ids are short; the server caps them (100 for conversations, 200 for articles) and refuses longer ones. */
function decodeId(encoded: string, max: number): string | null {
  try {
    const id = decodeURIComponent(encoded);
    return id === '' || id.length > max ? null : id;
  } catch {
    return null;
  }
}

/** The conversation id in a location hash, or null for anything else (including a mangled id). */
export function conversationFromHash(hash: string): string | null {
  if (!hash.startsWith(PREFIX)) return null;
  return decodeId(hash.slice(PREFIX.length), 100);
}

export function conversationHash(id: string): string {
  return `${PREFIX}${encodeURIComponent(id)}`;
}

/** What a URL names: the inbox with an open conversation (or none), or the articles screen. */
export type Route =
  | { screen: 'inbox'; conversationId: string | null }
  | { screen: 'articles'; articleId: string | null }
  | { screen: 'security' }
  | { screen: 'assistant' };

/** Anything unknown (or mangled) is the inbox with no conversation open, the console's home. */
export function routeFromHash(hash: string): Route {
  if (hash === SECURITY) return { screen: 'security' };
  if (hash === ASSISTANT_HASH) return { screen: 'assistant' };
  if (hash === ARTICLES || hash === `${ARTICLES}/`) return { screen: 'articles', articleId: null };
  if (hash.startsWith(`${ARTICLES}/`)) {
    const articleId = decodeId(hash.slice(ARTICLES.length + 1), 200);
    if (articleId) return { screen: 'articles', articleId };
  }
  return { screen: 'inbox', conversationId: conversationFromHash(hash) };
}

/** `''` for the bare inbox: its URL carries no hash at all. */
export function routeHash(route: Route): string {
  if (route.screen === 'security') return SECURITY;
  if (route.screen === 'assistant') return ASSISTANT_HASH;
  if (route.screen === 'articles')
    return route.articleId === null ? ARTICLES : `${ARTICLES}/${encodeURIComponent(route.articleId)}`;
  return route.conversationId === null ? '' : conversationHash(route.conversationId);
}

export const securityHash = SECURITY;

/** The `#/articles…` link of one article, or of the list for null. */
export function articlesHash(articleId: string | null): string {
  return routeHash({ screen: 'articles', articleId });
}

export type RouteWindow = Pick<Window, 'location' | 'history' | 'addEventListener' | 'removeEventListener'>;

function currentRoute(screen: Screen, conversationId: string | null): Route {
  if (screen.name === 'security') return { screen: 'security' };
  if (screen.name === 'assistant') return { screen: 'assistant' };
  return screen.name === 'articles'
    ? { screen: 'articles', articleId: screen.articleId }
    : { screen: 'inbox', conversationId };
}

/** Shows what a route names; false when the screen being left refused (unsaved changes kept). */
function apply(workspace: Workspace, route: Route): boolean {
  if (route.screen === 'security') return workspace.navigate({ name: 'security' });
  if (route.screen === 'articles')
    return workspace.navigate({ name: 'articles', articleId: route.articleId });
  if (route.screen === 'assistant') return workspace.navigate({ name: 'assistant' });
  if (!workspace.navigate({ name: 'inbox' })) return false;
  workspace.select(route.conversationId);
  return true;
}

/**
 * Keeps the URL and the screen (inbox and its open conversation, or articles) in step: every change
 * pushes a history entry, Back and Forward (and a pasted or reloaded URL) show what the URL names.
 * Returns a disposer.
 *
 * @example
 * const unroute = bindConversationRoute(workspace, window);
 * // at sign-out: unroute();
 */
export function bindConversationRoute(workspace: Workspace, win: RouteWindow): () => void {
  const urlHash = () => (win.location.hash === '#' ? '' : win.location.hash);
  const wanted = () => routeHash(currentRoute(workspace.screen.peek(), workspace.current.peek()?.id ?? null));
  apply(workspace, routeFromHash(urlHash()));

  const stop = effect(() => {
    const hash = routeHash(currentRoute(workspace.screen.value, workspace.current.value?.id ?? null));
    // Already there: this change came from the URL (start, Back, Forward), so it needs no new entry.
    if (hash === urlHash()) return;
    win.history.pushState(null, '', hash === '' ? `${win.location.pathname}${win.location.search}` : hash);
  });

  // Back/Forward fire `popstate`; an edited hash or a clicked `#/…` link fires `hashchange` too.
  // Applying the same route twice is a no-op.
  const onNavigate = () => {
    if (apply(workspace, routeFromHash(urlHash()))) return;
    // The editor kept its unsaved changes: the address bar must keep naming what is on screen.
    const hash = wanted();
    win.history.replaceState(null, '', hash === '' ? `${win.location.pathname}${win.location.search}` : hash);
  };
  win.addEventListener('popstate', onNavigate);
  win.addEventListener('hashchange', onNavigate);
  return () => {
    stop();
    win.removeEventListener('popstate', onNavigate);
    win.removeEventListener('hashchange', onNavigate);
  };
}
