import { effect, type ReadonlySignal, type Signal, signal } from '@preact/signals';
import type { HelpHomeResponse, Locale } from '@topay-support/protocol';
import type { SupportClient } from '@topay-support/sdk';
import { type ChunkStatus, createLazyChunk } from '../../app/lazy-chunk.js';
import type { ChatRoom } from '../chat/room.js';
import type { ViewName } from '../panel/model.js';
import type { Place } from './center.js';
import type { HelpCenter, HelpChunk } from './chunk.js';
import type { HelpLists } from './lists.js';

/** What the help center needs of the SDK client: `help.*` and where the public article pages live. */
export type HelpBackend = Pick<SupportClient, 'help' | 'serverUrl' | 'merchantKey'>;

export interface HelpModelOptions {
  /** Without a client (tests of other views) the help center says it is unavailable. */
  backend: HelpBackend | undefined;
  locale: ReadonlySignal<Locale>;
  show(view: ViewName): void;
  addResources(resources: Partial<Record<Locale, Readonly<Record<string, string>>>>): void;
  /** Fetches this feature's strings in the visitor's locale (`LocaleModel.featureStrings`). */
  featureStrings?: () => Promise<void>;
  /** Resolves once the wanted locale renders (`LocaleModel.settled`): the lists are fetched in that one only. */
  localeSettled?: () => Promise<void>;
  setStyles(css: string): void;
}

export type HelpLoadStatus = ChunkStatus;

/**
 * The home bundle's side of the help center: the search box's text, the lists the home view shows (popular
 * articles, topics) and the door to the lazy `help` chunk, which holds search, articles, votes and chat
 * deflection (`center.ts`). The chunk loads on the first keystroke in the box, an article opened, or a help
 * command, not with the home view: the lists need only `client.help.home`.
 */
export interface HelpModel extends HelpLists {
  /** What the search box holds; kept while the visitor reads an article, so Back finds it again. */
  readonly query: Signal<string>;
  readonly status: ReadonlySignal<HelpLoadStatus>;
  readonly chunk: ReadonlySignal<HelpChunk | undefined>;
  readonly center: ReadonlySignal<HelpCenter | undefined>;
  /** Loads the help chunk (once): when the box gets text, an article opens, or a command needs it. */
  load(): Promise<HelpCenter | undefined>;
  /** Fetches the lists for the current locale, and again when it changes; the home view asks when it shows. */
  showLists(): void;
  /** `searchHelp(query)`: the query in the box, searched at once rather than after the typing pause. */
  search(query: string): void;
  showArticle(idOrSlug: string): void;
  /** The help center's lists, without a particular question. */
  browse(): void;
  /** The chat composer's text, for article suggestions while the first message is written. */
  suggest(text: string, room: ChatRoom): void;
  dispose(): void;
}

export function createHelpModel(options: HelpModelOptions): HelpModel {
  const query = signal('');
  const lists = signal<HelpHomeResponse | 'failed' | undefined>(undefined);
  const expanded = signal<ReadonlySet<string>>(new Set());
  // Bumped by `reload`: the lists' effect reads it, so it runs again.
  const attempt = signal(0);
  let stopLists: (() => void) | undefined;
  let listsAsked = false;
  let disposed = false;
  const showLists = () => {
    const help = options.backend?.help;
    if (!help || listsAsked) return;
    listsAsked = true;
    // After the wanted locale's strings are in: a panel opened while they load would otherwise fetch the lists
    // twice, in the inlined locale and then in the wanted one.
    void (options.localeSettled?.() ?? Promise.resolve()).then(() => {
      if (!disposed) stopLists = watchLists(help);
    });
  };
  const watchLists = (help: NonNullable<HelpBackend['help']>) =>
    effect(() => {
      const lng = options.locale.value;
      attempt.value;
      let live = true;
      if (lists.peek() === 'failed') lists.value = undefined;
      help.home({ locale: lng }).then(
        (answer) => {
          if (live) lists.value = answer;
        },
        () => {
          if (live && lists.peek() === undefined) lists.value = 'failed';
        },
      );
      return () => {
        live = false;
      };
    });
  const homeLists = {
    lists,
    expanded,
    showLists,
    reload() {
      attempt.value++;
    },
    expand(category: string, isOpen: boolean) {
      const next = new Set(expanded.peek());
      if (isOpen) next.add(category);
      else next.delete(category);
      expanded.value = next;
    },
  };
  const lazy = createLazyChunk({
    source: options.backend,
    importChunk: () => import('./chunk.js'),
    strings: options.featureStrings,
    setup(module, backend) {
      options.addResources(module.HELP_MESSAGES);
      options.setStyles(module.HELP_CSS);
      return module.createHelpCenter({ ...options, backend, query, home: homeLists });
    },
  });
  const { status, chunk, feature: center, load } = lazy;
  // The first keystroke brings search in; the typed text is searched as soon as the chunk is there.
  const stopQuery = effect(() => {
    if (query.value.trim()) void load();
  });

  // Synchronously when the chunk is there, so a command never renders one frame of the previous screen.
  const withCenter = (fn: (c: HelpCenter) => void) => {
    const c = center.peek();
    if (c) fn(c);
    else void load().then((loaded) => loaded && fn(loaded));
  };

  return {
    ...homeLists,
    query,
    status,
    chunk,
    center,
    load,
    open: (idOrSlug: string, from?: Place) => withCenter((c) => c.open(idOrSlug, from)),
    search(next) {
      query.value = next;
      withCenter((c) => c.searchNow());
    },
    showArticle: (idOrSlug) => withCenter((c) => c.open(idOrSlug)),
    browse: () => withCenter((c) => c.open(undefined)),
    suggest: (text, room) => withCenter((c) => c.suggest(text, room)),
    dispose() {
      disposed = true;
      stopQuery();
      stopLists?.();
      lazy.dispose();
    },
  };
}
