import { type ReadonlySignal, type Signal, signal } from '@preact/signals';
import type { Locale } from '@topay-support/protocol';
import type { SupportClient } from '@topay-support/sdk';
import { type ChunkStatus, createLazyChunk } from '../../app/lazy-chunk.js';
import type { ChatRoom } from '../chat/room.js';
import type { ViewName } from '../panel/model.js';
import type { HelpCenter, HelpChunk } from './chunk.js';

/** What the help center needs of the SDK client: `help.*` and where the public article pages live. */
export type HelpBackend = Pick<SupportClient, 'help' | 'serverUrl' | 'merchantKey'>;

export interface HelpModelOptions {
  /** Without a client (tests of other views) the help center says it is unavailable. */
  backend: HelpBackend | undefined;
  locale: ReadonlySignal<Locale>;
  show(view: ViewName): void;
  addResources(resources: Partial<Record<Locale, Readonly<Record<string, string>>>>): void;
  setStyles(css: string): void;
}

export type HelpLoadStatus = ChunkStatus;

/**
 * The home bundle's side of the help center: the search box's text and the door to the lazy `help` chunk,
 * which holds search, articles, lists, votes and chat deflection (`center.ts`).
 */
export interface HelpModel {
  /** What the search box holds; kept while the visitor reads an article, so Back finds it again. */
  readonly query: Signal<string>;
  readonly status: ReadonlySignal<HelpLoadStatus>;
  readonly chunk: ReadonlySignal<HelpChunk | undefined>;
  readonly center: ReadonlySignal<HelpCenter | undefined>;
  /** Loads the help chunk (once); the home view asks when it shows, the search box when it gets focus. */
  load(): Promise<HelpCenter | undefined>;
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
  const lazy = createLazyChunk({
    source: options.backend,
    importChunk: () => import('./chunk.js'),
    setup(module, backend) {
      options.addResources(module.HELP_MESSAGES);
      options.setStyles(module.HELP_CSS);
      return module.createHelpCenter({ ...options, backend, query });
    },
  });
  const { status, chunk, feature: center, load } = lazy;

  // Synchronously when the chunk is there, so a command never renders one frame of the previous screen.
  const withCenter = (fn: (c: HelpCenter) => void) => {
    const c = center.peek();
    if (c) fn(c);
    else void load().then((loaded) => loaded && fn(loaded));
  };

  return {
    query,
    status,
    chunk,
    center,
    load,
    search(next) {
      query.value = next;
      withCenter((c) => c.searchNow());
    },
    showArticle: (idOrSlug) => withCenter((c) => c.open(idOrSlug)),
    browse: () => withCenter((c) => c.open(undefined)),
    suggest: (text, room) => withCenter((c) => c.suggest(text, room)),
    dispose: lazy.dispose,
  };
}
