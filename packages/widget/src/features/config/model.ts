import { type ReadonlySignal, signal } from '@preact/signals';
import type { WidgetConfig, WidgetErrorCode } from '@topay-support/protocol';
import { SupportError } from '@topay-support/sdk';

export type ConfigState =
  | { status: 'loading' }
  | { status: 'ready'; config: WidgetConfig }
  | {
      status: 'failed';
      code: Extract<WidgetErrorCode, 'network_error' | 'origin_not_allowed' | 'rate_limited'>;
    };

export interface ConfigModel {
  readonly state: ReadonlySignal<ConfigState>;
  /** Fetches the merchant's settings; safe to call again after a failure (the retry button). */
  load(): void;
  /** Ignores any answer still in flight. */
  dispose(): void;
}

export interface ConfigModelOptions {
  fetchConfig(): Promise<WidgetConfig>;
  onLoaded(config: WidgetConfig): void;
  onFailed(code: Extract<ConfigState, { status: 'failed' }>['code'], message: string): void;
}

function toWidgetCode(error: unknown): Extract<ConfigState, { status: 'failed' }>['code'] {
  if (
    error instanceof SupportError &&
    (error.code === 'origin_not_allowed' || error.code === 'rate_limited')
  ) {
    return error.code;
  }
  return 'network_error';
}

/** The widget's one door to the network for settings: every other part reads `state`. */
export function createConfigModel(options: ConfigModelOptions): ConfigModel {
  const state = signal<ConfigState>({ status: 'loading' });
  // Counts attempts so only the latest answer lands, even if an older retry resolves late.
  let attempt = 0;
  let disposed = false;

  return {
    state,
    load() {
      if (disposed || state.peek().status === 'ready') return;
      const current = ++attempt;
      state.value = { status: 'loading' };
      options.fetchConfig().then(
        (config) => {
          if (disposed || current !== attempt) return;
          state.value = { status: 'ready', config };
          options.onLoaded(config);
        },
        (error: unknown) => {
          if (disposed || current !== attempt) return;
          const code = toWidgetCode(error);
          state.value = { status: 'failed', code };
          options.onFailed(
            code,
            `could not load the support settings: ${(error as Error)?.message ?? String(error)}`,
          );
        },
      );
    },
    dispose() {
      disposed = true;
    },
  };
}
