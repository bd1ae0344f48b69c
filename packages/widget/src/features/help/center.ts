import { batch, effect, type ReadonlySignal, type Signal, signal } from '@preact/signals';
import type { HelpArticle, HelpHomeResponse, HelpSearchResult, Locale } from '@topay-support/protocol';
import type { ChatRoom } from '../chat/room.js';
import type { ViewName } from '../panel/model.js';
import type { HelpLists } from './lists.js';
import type { HelpBackend } from './model.js';

/** The pause after the last keystroke before searching: fewer requests, results still feel live. */
export const SEARCH_DELAY = 200;
/** Chat deflection searches less eagerly: the visitor is writing a message, not searching. */
export const SUGGEST_DELAY = 300;
export const SUGGEST_MIN = 4;
const VOTES_KEY = 'tps-help-votes';

/** Worth a search: one character of Chinese (or other CJK) script says something, Latin needs two. */
export function searchable(query: string): boolean {
  return query.length >= (/[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff]/.test(query) ? 1 : 2);
}

/** A screen to come back to: its view, the article (help view), the item that opened the next one, the scroll. */
export interface Place {
  view: ViewName;
  article?: string | undefined;
  key?: string | undefined;
  scroll?: number | undefined;
}

export interface SearchState {
  query: string;
  /** While `loading`, `results` are the previous query's, so the list does not flicker as the visitor types. */
  status: 'loading' | 'done' | 'failed';
  results: readonly HelpSearchResult[];
}

export type Reading =
  | { status: 'loading' | 'missing' | 'failed'; ref: string }
  | { status: 'ready'; ref: string; article: HelpArticle };

export interface HelpCenterOptions {
  backend: HelpBackend;
  locale: ReadonlySignal<Locale>;
  query: Signal<string>;
  /** The lists the home bundle fetches and keeps (`HelpModel`): the help view shows them too. */
  home: Omit<HelpLists, 'open'> & { showLists(): void };
  show(view: ViewName): void;
}

export interface HelpCenter {
  /** The search for the box's text; `undefined` while it is too short to search. */
  readonly search: ReadonlySignal<SearchState | undefined>;
  /** Popular articles and categories in the current locale; `undefined` while loading. */
  readonly lists: ReadonlySignal<HelpHomeResponse | 'failed' | undefined>;
  /** The article of the help view; `undefined` shows the lists (the help center's index). */
  readonly reading: ReadonlySignal<Reading | undefined>;
  /** Up to three articles for the first chat message being written. */
  readonly suggestions: ReadonlySignal<readonly HelpSearchResult[]>;
  /** Article ids this browser session voted on, and how. */
  readonly votes: ReadonlySignal<Readonly<Record<string, boolean>>>;
  /** Categories the visitor expanded, kept across Back. */
  readonly expanded: ReadonlySignal<ReadonlySet<string>>;
  /** Set by Back: the place returned to. Its view focuses `key`'s item, scrolls, then clears it. */
  readonly restore: Signal<Place | undefined>;
  /** Shows an article (or, with `undefined`, the lists) in the help view; `from` is where Back returns. */
  open(idOrSlug: string | undefined, from?: Place): void;
  back(): void;
  /** Skips the typing pause: the visitor pressed Enter, or the page called `searchHelp`. */
  searchNow(): void;
  /** Asks again for whatever failed (search, lists, article). */
  reload(): void;
  expand(category: string, open: boolean): void;
  /** Once per article per browser session. */
  vote(id: string, helpful: boolean): void;
  /** The chat composer's text; suggestions follow it only while no message of the conversation was sent. */
  suggest(text: string, room: ChatRoom): void;
  /** Opens a suggested article instead of chatting: recorded as a deflection; the composer text is kept. */
  deflect(result: HelpSearchResult, from: Place, text: string): void;
  /** The composer text `deflect` kept, once. */
  takeDraft(): string | undefined;
  /** The article's public page, for `article:` links opened in a new tab. */
  pageUrl(slug: string): string;
  dispose(): void;
}

function readVotes(): Record<string, boolean> {
  try {
    const stored: unknown = JSON.parse(sessionStorage.getItem(VOTES_KEY) ?? '{}');
    return stored && typeof stored === 'object' ? (stored as Record<string, boolean>) : {};
  } catch {
    // Storage can be blocked (privacy settings, sandboxed frames): votes are then kept for this page only.
    return {};
  }
}

/**
 * The help center's state and actions: search as you type, the home lists, the article on screen with a trail of
 * places for Back, votes and chat deflection. Requests go through the SDK client; components only read.
 *
 * @example
 * const center = createHelpCenter({ backend: client, locale, query, show: panel.show });
 * query.value = 'refund'; // results arrive in center.search after the typing pause
 */
export function createHelpCenter(options: HelpCenterOptions): HelpCenter {
  const { backend, locale, query, home, show } = options;
  // The help view lists them too, so they load even when a command opened help before the home view showed.
  home.showLists();
  const help = backend.help;
  const search = signal<SearchState | undefined>(undefined);
  const ref = signal<string | undefined>(undefined);
  const reading = signal<Reading | undefined>(undefined);
  const draft = signal('');
  const suggestions = signal<readonly HelpSearchResult[]>([]);
  const votes = signal(readVotes());
  const restore = signal<Place | undefined>(undefined);
  // Bumped by `reload`: the effects below read it, so they run again.
  const attempt = signal(0);
  const found = new Map<string, readonly HelpSearchResult[]>();
  const articles = new Map<string, HelpArticle>();
  let trail: Place[] = [];
  let runSearch: (() => void) | undefined;
  let held: string | undefined;

  const stops = [
    effect(() => {
      const q = query.value.trim();
      const lng = locale.value;
      attempt.value;
      if (!searchable(q)) {
        search.value = undefined;
        return;
      }
      const key = `${lng}\n${q}`;
      const cached = found.get(key);
      if (cached) {
        search.value = { query: q, status: 'done', results: cached };
        return;
      }
      search.value = { query: q, status: 'loading', results: search.peek()?.results ?? [] };
      // A newer keystroke aborts this request, so an old answer can never replace a newer one.
      const abort = new AbortController();
      const run = () => {
        clearTimeout(timer);
        runSearch = undefined;
        help.search(q, { locale: lng, signal: abort.signal }).then(
          ({ results }) => {
            if (found.size > 50) found.delete(found.keys().next().value as string);
            found.set(key, results);
            if (!abort.signal.aborted) search.value = { query: q, status: 'done', results };
          },
          () => {
            if (!abort.signal.aborted) search.value = { query: q, status: 'failed', results: [] };
          },
        );
      };
      runSearch = run;
      const timer = setTimeout(run, SEARCH_DELAY);
      return () => {
        clearTimeout(timer);
        abort.abort();
        runSearch = undefined;
      };
    }),
    effect(() => {
      const wanted = ref.value;
      const lng = locale.value;
      attempt.value;
      if (!wanted) {
        reading.value = undefined;
        return;
      }
      const cached = articles.get(`${lng}\n${wanted}`);
      if (cached) {
        reading.value = { status: 'ready', ref: wanted, article: cached };
        return;
      }
      reading.value = { status: 'loading', ref: wanted };
      let live = true;
      help.article(wanted, { locale: lng }).then(
        (article) => {
          if (!live) return;
          if (!article) {
            reading.value = { status: 'missing', ref: wanted };
            return;
          }
          articles.set(`${lng}\n${wanted}`, article);
          articles.set(`${lng}\n${article.slug}`, article);
          // Asked for by id: from now on by slug, which is shared across locales, so setLocale finds the translation.
          if (wanted !== article.slug) ref.value = article.slug;
          else reading.value = { status: 'ready', ref: wanted, article };
        },
        () => {
          if (live) reading.value = { status: 'failed', ref: wanted };
        },
      );
      return () => {
        live = false;
      };
    }),
    effect(() => {
      const text = draft.value;
      const lng = locale.value;
      if (text.length < SUGGEST_MIN) {
        suggestions.value = [];
        return;
      }
      const abort = new AbortController();
      const timer = setTimeout(() => {
        help.search(text, { locale: lng, limit: 3, signal: abort.signal }).then(
          ({ results }) => {
            if (!abort.signal.aborted) suggestions.value = results.slice(0, 3);
          },
          // Suggestions are a bonus: without them the visitor simply chats.
          () => {},
        );
      }, SUGGEST_DELAY);
      return () => {
        clearTimeout(timer);
        abort.abort();
      };
    }),
  ];

  function open(idOrSlug: string | undefined, from?: Place): void {
    if (from) trail.push(from);
    else trail = [];
    batch(() => {
      ref.value = idOrSlug;
      restore.value = undefined;
    });
    show('help');
  }

  return {
    search,
    lists: home.lists,
    reading,
    suggestions,
    votes,
    expanded: home.expanded,
    restore,
    open,
    back() {
      const place = trail.pop();
      batch(() => {
        ref.value = place?.article;
        restore.value = place;
      });
      show(place?.view ?? 'home');
    },
    searchNow: () => runSearch?.(),
    reload() {
      attempt.value++;
      home.reload();
    },
    expand: home.expand,
    vote(id, helpful) {
      if (id in votes.peek()) return;
      votes.value = { ...votes.peek(), [id]: helpful };
      try {
        sessionStorage.setItem(VOTES_KEY, JSON.stringify(votes.peek()));
      } catch {
        // Kept in memory only; see readVotes.
      }
      help.vote(id, helpful).catch(() => {});
    },
    suggest(text, room) {
      const s = room.snapshot.peek();
      const first = s && !s.history.some((m) => m.author.type === 'visitor') && s.pending.length === 0;
      draft.value = first ? text.trim() : '';
    },
    deflect(result, from, text) {
      held = text;
      help.deflected(result.id).catch(() => {});
      open(result.slug, from);
    },
    takeDraft() {
      const text = held;
      held = undefined;
      return text;
    },
    pageUrl: (slug) =>
      `${backend.serverUrl}/help/${encodeURIComponent(backend.merchantKey)}/${locale.peek()}/${encodeURIComponent(slug)}`,
    dispose() {
      for (const stop of stops.splice(0)) stop();
    },
  };
}
