import type {
  AgentRole,
  ArticleCategory,
  ColorScheme,
  Locale,
  WidgetPosition,
} from '@topay-support/protocol';

export interface MerchantSettings {
  color: string;
  position: WidgetPosition;
  colorScheme: ColorScheme;
  greeting: Partial<Record<Locale, string>>;
}

export interface MerchantRecord {
  id: string;
  key: string;
  secret: string;
  name: string;
  defaultLocale: Locale;
  allowedOrigins: string[];
  settings: MerchantSettings;
  createdAt: string;
}

export type NewMerchant = Omit<MerchantRecord, 'id' | 'createdAt'>;

export interface AgentRecord {
  id: string;
  merchantId: string;
  email: string;
  name: string;
  role: AgentRole;
  passwordHash: string;
  disabledAt: string | null;
  createdAt: string;
}

export type NewAgent = Omit<AgentRecord, 'id' | 'createdAt' | 'disabledAt'>;

export interface VisitorRecord {
  id: string;
  merchantId: string;
  createdAt: string;
  lastSeenAt: string;
}

export interface HelpArticleRecord {
  merchantId: string;
  slug: string;
  locale: Locale;
  title: string;
  category: ArticleCategory;
  tags: string[];
  bodyMarkdown: string;
  published: boolean;
  updatedAt: string;
}

export interface DemoPaymentRecord {
  merchantId: string;
  reference: string;
  email: string;
  userId: string | null;
  status: string;
  reason: string | null;
  amountMinor: number;
  currency: string;
  cardBrand: string | null;
  cardLast4: string | null;
  events: Array<{ type: string; at: string }>;
  createdAt: string;
}

/** A unique key (merchant key, agent email, …) is taken. */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';
}

/**
 * Everything the server keeps. One interface, injected into `createServer`, so the SQLite default
 * and the Postgres deployment run the same domain code and the same contract tests.
 */
export interface Storage {
  readonly dialect: 'sqlite' | 'postgres';
  /** Applies pending migrations; returns the names applied. */
  migrate(): Promise<string[]>;
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<void>;
  close(): Promise<void>;
  merchants: {
    create(input: NewMerchant): Promise<MerchantRecord>;
    findByKey(key: string): Promise<MerchantRecord | undefined>;
    findById(id: string): Promise<MerchantRecord | undefined>;
    list(): Promise<MerchantRecord[]>;
  };
  agents: {
    create(input: NewAgent): Promise<AgentRecord>;
    findByEmail(email: string): Promise<AgentRecord | undefined>;
    findById(id: string): Promise<AgentRecord | undefined>;
    setPasswordHash(id: string, passwordHash: string): Promise<void>;
    /** A disabled agent cannot log in, and tokens already issued stop working at once. */
    setDisabled(id: string, disabled: boolean): Promise<void>;
  };
  visitors: {
    create(merchantId: string): Promise<VisitorRecord>;
    /** Marks a visitor seen now; `undefined` when it does not exist for that merchant. */
    touch(id: string, merchantId: string): Promise<VisitorRecord | undefined>;
  };
  articles: {
    upsert(article: HelpArticleRecord): Promise<void>;
    count(merchantId: string): Promise<number>;
  };
  demoPayments: {
    upsert(payment: DemoPaymentRecord): Promise<void>;
    count(merchantId: string): Promise<number>;
  };
}
