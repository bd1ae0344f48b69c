export type {
  AgentLoginRequest,
  AgentLoginResponse,
  AgentMeResponse,
  AgentProfile,
  AgentRole,
} from './agent.js';
export { AGENT_ROLES } from './agent.js';
export type { Attachment, AuthorType, Conversation, ConversationStatus, Message } from './chat.js';
export { AUTHOR_TYPES, CONVERSATION_STATUSES } from './chat.js';
export type { ApiErrorBody, ApiErrorCode, SupportErrorCode, WidgetErrorCode } from './errors.js';
export { API_ERROR_STATUS, isApiErrorBody, WIDGET_ERROR_CODES } from './errors.js';
export type { ArticleCategory } from './help.js';
export { ARTICLE_CATEGORIES } from './help.js';
export { LIMITS, PROTOCOL_VERSION } from './limits.js';
export type { Locale } from './locales.js';
export { matchLocale, SUPPORTED_LOCALES } from './locales.js';
export type { ColorScheme, WidgetConfig, WidgetPosition } from './merchant.js';
export { COLOR_SCHEMES, WIDGET_POSITIONS } from './merchant.js';
export type { CardBrand, PaymentEventType, PaymentReason, PaymentStatus, PaymentView } from './payments.js';
export { CARD_BRANDS, PAYMENT_EVENT_TYPES, PAYMENT_REASONS, PAYMENT_STATUSES } from './payments.js';
export type {
  AgentClientToServerEvents,
  AgentHandshakeAuth,
  AgentServerToClientEvents,
  HandshakeErrorData,
  SessionReady,
  VisitorClientToServerEvents,
  VisitorHandshakeAuth,
  VisitorServerToClientEvents,
} from './socket.js';
export { NAMESPACES } from './socket.js';
