import { batch, type ReadonlySignal, signal } from '@preact/signals';

export type ChunkStatus = 'idle' | 'loading' | 'ready' | 'failed' | 'unavailable';

export interface LazyChunkOptions<Source, Module, Feature> {
  /** What the feature needs to work (the SDK client); without it the feature is `unavailable`. */
  source: Source | undefined;
  /** `() => import('./chunk.js')`, written in the feature itself so the bundler splits it there. */
  importChunk(): Promise<Module>;
  /** The feature's strings in the visitor's locale (a lazy chunk of their own): the chunk is ready with them. */
  strings?: (() => Promise<void>) | undefined;
  /** Runs once, when the chunk has arrived: registers its strings and styles and builds the feature. */
  setup(module: Module, source: Source): Feature;
}

export interface LazyChunk<Module, Feature> {
  readonly status: ReadonlySignal<ChunkStatus>;
  readonly chunk: ReadonlySignal<Module | undefined>;
  readonly feature: ReadonlySignal<Feature | undefined>;
  /** Loads the chunk once (again after a failure); resolves `undefined` when unavailable, failed or disposed. */
  load(): Promise<Feature | undefined>;
  dispose(): void;
}

/**
 * The home bundle's door to a lazy feature chunk (chat, help, payments): one import in flight at a time,
 * a status the views show, and nothing built after the widget was torn down.
 */
export function createLazyChunk<Source, Module, Feature extends { dispose(): void }>(
  options: LazyChunkOptions<Source, Module, Feature>,
): LazyChunk<Module, Feature> {
  const status = signal<ChunkStatus>(options.source ? 'idle' : 'unavailable');
  const chunk = signal<Module | undefined>(undefined);
  const feature = signal<Feature | undefined>(undefined);
  let pending: Promise<Feature | undefined> | undefined;
  let disposed = false;

  function load(): Promise<Feature | undefined> {
    const source = options.source;
    if (!source || disposed) return Promise.resolve(undefined);
    if (feature.peek()) return Promise.resolve(feature.peek());
    status.value = 'loading';
    pending ??= Promise.all([options.importChunk(), options.strings?.()]).then(
      ([module]) => {
        pending = undefined;
        if (disposed) return undefined;
        const created = options.setup(module, source);
        batch(() => {
          chunk.value = module;
          feature.value = created;
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

  return {
    status,
    chunk,
    feature,
    load,
    dispose() {
      disposed = true;
      feature.peek()?.dispose();
    },
  };
}
