export type {
  AgentLoginRequest,
  AgentLoginResponse,
  AgentMeResponse,
  AgentProfile,
  AgentRole,
  AgentsResponse,
  CannedRepliesResponse,
  CannedReply,
  CannedReplyResponse,
  ConversationListQuery,
  ConversationListResponse,
  ConversationResponse,
  LinkedConversationsResponse,
  MessagesResponse,
  PostMessageRequest,
  PostMessageResponse,
  TransferRequest,
} from './agent.js';
export { AGENT_ROLES } from './agent.js';
export type {
  AgentSecurityResponse,
  AuditAction,
  AuditActorType,
  AuditEntry,
  AuditListResponse,
  ChangePasswordRequest,
  SecuritySettings,
  TwoFactorEnableResponse,
  TwoFactorSetupResponse,
} from './agent-security.js';
export { AUDIT_ACTIONS, AUDIT_ACTOR_TYPES, TOTP_DIGITS } from './agent-security.js';
export type { ArticleLink, CleanArticleOptions } from './article-html.js';
export {
  ARTICLE_DROPPED_TAGS,
  ARTICLE_LINK_REL,
  ARTICLE_TAGS,
  articleLink,
  cleanArticle,
} from './article-html.js';
export type {
  AssistantDraft,
  AssistantFeedbackRequest,
  AssistantMode,
  AssistantReport,
  AssistantState,
  AssistantSuggestion,
  Handoff,
  HandoffReason,
  MessageSource,
  RequestAgentRequest,
  WidgetAssistantConfig,
} from './assistant.js';
export { ASSISTANT_MODES, ASSISTANT_STATES, HANDOFF_REASONS } from './assistant.js';
export type { CardRedaction } from './card-data.js';
export { CARD_PLACEHOLDER, CODE_PLACEHOLDER, containsCardData, redactCardData } from './card-data.js';
export type {
  Attachment,
  AttachmentType,
  AttachmentUploadResponse,
  AuthorType,
  Conversation,
  ConversationContext,
  ConversationStatus,
  EmailDelivery,
  LinkedConversation,
  Message,
  MessageChannel,
  PaymentRef,
  Rating,
  Topic,
  VisitorConversation,
  VisitorConversationSummary,
} from './chat.js';
export { ATTACHMENT_TYPES, AUTHOR_TYPES, CONVERSATION_STATUSES, MESSAGE_CHANNELS, TOPICS } from './chat.js';
export { agentConversationAfter, visitorConversationAfter } from './conversation-after-message.js';
export type { ApiErrorBody, ApiErrorCode, SupportErrorCode, WidgetErrorCode } from './errors.js';
export { API_ERROR_STATUS, isApiErrorBody, WIDGET_ERROR_CODES } from './errors.js';
export type {
  AgentArticle,
  AgentArticleResponse,
  AgentArticlesResponse,
  ArticleCategory,
  ArticleDraft,
  ArticlePreviewRequest,
  ArticlePreviewResponse,
  HelpArticle,
  HelpArticleSummary,
  HelpFeedback,
  HelpHomeResponse,
  HelpSearchResponse,
  HelpSearchResult,
} from './help.js';
export { ARTICLE_CATEGORIES } from './help.js';
export { LIMITS, PROTOCOL_VERSION } from './limits.js';
export type { TextPart } from './linkify.js';
export { LINK_REL, linkify, safeHttpUrl } from './linkify.js';
export type { Locale } from './locales.js';
export { matchLocale, RTL_LOCALES, SUPPORTED_LOCALES } from './locales.js';
export type {
  BusinessHours,
  ColorScheme,
  ContactChannel,
  ContactChannelKind,
  WidgetConfig,
  WidgetPosition,
} from './merchant.js';
export {
  COLOR_SCHEMES,
  CONTACT_CHANNEL_KINDS,
  contactHref,
  minutesOfDay,
  safeHttpsUrl,
  WIDGET_POSITIONS,
  zonedWeekMinute,
} from './merchant.js';
export type { HistoryReader } from './merge-messages.js';
export { mergeMessages } from './merge-messages.js';
export type { Money } from './money.js';
export { formatMoney } from './money.js';
export type {
  CardBrand,
  PaymentEventType,
  PaymentListResponse,
  PaymentLookupRequest,
  PaymentLookupResponse,
  PaymentReason,
  PaymentStatus,
  PaymentView,
} from './payments.js';
export { CARD_BRANDS, PAYMENT_EVENT_TYPES, PAYMENT_REASONS, PAYMENT_STATUSES } from './payments.js';
export type { PermanentSendError } from './send-errors.js';
export { isPermanentSendError, PERMANENT_SEND_ERRORS } from './send-errors.js';
export type {
  Ack,
  AgentClientToServerEvents,
  AgentHandshakeAuth,
  AgentPresence,
  AgentPresenceStatus,
  AgentSendMessageRequest,
  AgentServerToClientEvents,
  HandshakeErrorData,
  IdentityClaim,
  JoinConversationRequest,
  OpenConversationRequest,
  RateRequest,
  ReadSignal,
  SendMessageRequest,
  SessionReady,
  SocketErrorCode,
  SyncRequest,
  SyncResult,
  TypingSignal,
  VisitorClientToServerEvents,
  VisitorHandshakeAuth,
  VisitorServerToClientEvents,
} from './socket.js';
export { NAMESPACES, SOCKET_ERROR_CODES } from './socket.js';
export type {
  Catalogue,
  I18nextInstance,
  PluralBase,
  PluralCategory,
  PluralForms,
  Translate,
  TranslateValues,
  Translator,
} from './translator.js';
export { createTranslator, isolate, isolatedParts } from './translator.js';
export type { WaitingSinceChange, WaitingSinceMessage } from './waiting-since.js';
export { nextWaitingSince, waitingSinceChange } from './waiting-since.js';
