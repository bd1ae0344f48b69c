import type { EmitWidgetEvent } from '../commands/types.js';

/** What the loader hands to the widget bundle it loaded. */
export interface LoaderBridge {
  emit: EmitWidgetEvent;
  /** The loader's own origin: the default server. */
  defaultServerUrl: string;
}

/** What the widget bundle gives back: the loader forwards every queued and later command to it. */
export interface LoadedApp {
  run(command: string, args: readonly unknown[]): void;
}

/** The shape of the widget bundle's module, as the loader imports it. */
export interface AppModule {
  boot(bridge: LoaderBridge): LoadedApp;
}
