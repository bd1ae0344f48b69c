import { LIMITS } from '@topay-support/protocol';
import { reportError } from './report.js';
import type { CommandName, EmitWidgetEvent, InitOptions, WidgetController } from './types.js';
import {
  InvalidArgument,
  parseAttributes,
  parseIdentity,
  parseInitOptions,
  parseLocale,
  parseOptionalText,
  parseRequiredText,
} from './validate.js';

export interface CommandDispatcherOptions {
  emit: EmitWidgetEvent;
  /** Where the server lives when `init` names no `serverUrl`: the loader's own origin. */
  defaultServerUrl: string;
  /** Mounts the widget for a validated `init`. */
  mount(options: InitOptions & { serverUrl: string }): WidgetController;
}

export interface CommandDispatcher {
  /** Runs one command. Never throws: problems become `error` events and console warnings. */
  run(command: string, args: readonly unknown[]): void;
  readonly initialized: boolean;
}

type Handler = (controller: WidgetController, args: readonly unknown[]) => void;

const HANDLERS: Record<Exclude<CommandName, 'init' | 'on' | 'off' | 'shutdown'>, Handler> = {
  open: (c) => c.open(),
  close: (c) => c.close(),
  toggle: (c) => c.toggle(),
  showHome: (c) => c.showHome(),
  showArticle: (c, [id]) => c.showArticle(parseRequiredText(id, 'article id', 200)),
  searchHelp: (c, [query]) => c.searchHelp(parseRequiredText(query, 'query', LIMITS.searchQueryLength)),
  checkPayment: (c, [reference]) => c.checkPayment(parseOptionalText(reference, 'reference', 100)),
  startChat: (c, [text]) => c.startChat(parseOptionalText(text, 'firstMessage', LIMITS.messageLength)),
  identify: (c, [identity]) => c.identify(parseIdentity(identity)),
  logout: (c) => c.logout(),
  setLocale: (c, [locale]) => c.setLocale(parseLocale(locale)),
  setAttributes: (c, [attributes]) => c.setAttributes(parseAttributes(attributes)),
};

/**
 * Turns script-tag commands into calls on a mounted widget (docs/script-tag.md).
 *
 * @example
 * const dispatcher = createCommandDispatcher({ emit, defaultServerUrl: location.origin, mount: createWidget });
 * dispatcher.run('init', [{ merchantKey: 'pk_demo' }]);
 * dispatcher.run('open', []);
 */
export function createCommandDispatcher(options: CommandDispatcherOptions): CommandDispatcher {
  let controller: WidgetController | undefined;
  const fail = (code: Parameters<typeof reportError>[1], message: string) =>
    reportError(options.emit, code, message);

  function run(command: string, args: readonly unknown[]): void {
    try {
      if (command === 'init') {
        if (controller) fail('already_initialized', 'init was already called; call shutdown first');
        else controller = options.mount(parseInitOptions(args[0], options.defaultServerUrl));
        return;
      }
      if (command === 'shutdown') {
        const current = controller;
        controller = undefined;
        current?.destroy();
        return;
      }
      const handler = Object.hasOwn(HANDLERS, command)
        ? HANDLERS[command as keyof typeof HANDLERS]
        : undefined;
      if (!handler) fail('unknown_command', `unknown command "${command}"`);
      else if (!controller) fail('not_initialized', `"${command}" needs init first`);
      else handler(controller, args);
    } catch (error) {
      if (error instanceof InvalidArgument) fail('invalid_argument', `${command}: ${error.message}`);
      // A bug of ours must not surface as an exception in the merchant's page.
      else console.error(`[TopaySupport] "${command}" failed`, error);
    }
  }

  return {
    run,
    get initialized() {
      return controller !== undefined;
    },
  };
}
