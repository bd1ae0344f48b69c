import { batch, type ReadonlySignal, type Signal, signal } from '@preact/signals';
import type { Locale } from '@topay-support/protocol';
import type { SupportClient } from '@topay-support/sdk';
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

export type HelpLoadStatus = 'idle' | 'loading' | 'ready' | 'failed' | 'unavailable';

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
  const status = signal<HelpLoadStatus>(options.backend ? 'idle' : 'unavailable');
  const chunk = signal<HelpChunk | undefined>(undefined);
  const center = signal<HelpCenter | undefined>(undefined);
  const query = signal('');
  let pending: Promise<HelpCenter | undefined> | undefined;
  let disposed = false;

  function load(): Promise<HelpCenter | undefined> {
    const backend = options.backend;
    if (!backend || disposed) return Promise.resolve(undefined);
    if (center.peek()) return Promise.resolve(center.peek());
    status.value = 'loading';
    pending ??= import('./chunk.js').then(
      (module) => {
        pending = undefined;
        if (disposed) return undefined;
        options.addResources(module.HELP_MESSAGES);
        options.setStyles(module.HELP_CSS);
        const created = module.createHelpCenter({ ...options, backend, query });
        batch(() => {
          chunk.value = module;
          center.value = created;
          status.value = 'ready';
        });
        return created;
      },
      () => {
        pending = undefined;
        if (!disposed) status.value = 'failed';
        return undefined;
      },
    );
    return pending;
  }

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
    dispose() {
      disposed = true;
      center.peek()?.dispose();
    },
  };
}
