export type { ConnectionState } from './chat/connection.js';
export type { PendingMessage } from './chat/delivery.js';
export type { ChatHint, KeyValueStorage } from './chat/storage.js';
export { hasActiveChat } from './chat/storage.js';
export type {
  Attachment,
  ChatApi,
  Conversation,
  ConversationEvents,
  ConversationSummary,
  OpenChatRequest,
  UploadFile,
  UploadOptions,
} from './chat/types.js';
export type { SupportClient, SupportClientEvents, SupportClientOptions } from './client/client.js';
export { createSupportClient } from './client/client.js';
export type { EventArgs, Listener } from './client/emitter.js';
export { Emitter } from './client/emitter.js';
export type { SdkErrorCode } from './client/errors.js';
export { SupportError } from './client/errors.js';
export type { HelpApi, HelpOptions, HelpSearchOptions } from './client/help.js';
export type { CommandDispatcher, CommandDispatcherOptions } from './commands/dispatcher.js';
export { createCommandDispatcher } from './commands/dispatcher.js';
export { reportError } from './commands/report.js';
export type {
  AttributeValue,
  CommandName,
  EmitWidgetEvent,
  Identity,
  InitOptions,
  WidgetController,
  WidgetEventName,
  WidgetEvents,
} from './commands/types.js';
export { COMMAND_NAMES, WIDGET_EVENT_NAMES } from './commands/types.js';
export { InvalidArgument, parseInitOptions } from './commands/validate.js';
export type { AppModule, LoadedApp, LoaderBridge } from './loader/bridge.js';
export type { LoaderOptions, TopaySupportGlobal } from './loader/install.js';
export { installLoader } from './loader/install.js';
export type { PaymentsApi } from './payments/payments.js';
