// Times are ISO-8601 UTC strings and JSON columns are text in both SQLite and Postgres,
// so one query layer serves both dialects without per-dialect type mapping.

export interface MerchantTable {
  id: string;
  key: string;
  secret: string;
  name: string;
  default_locale: string;
  /** JSON array of origin patterns, e.g. `["https://shop.example", "http://localhost:*"]`. */
  allowed_origins: string;
  /** JSON object: colour, position, colour scheme, greeting. */
  settings: string;
  created_at: string;
}

export interface AgentTable {
  id: string;
  merchant_id: string;
  email: string;
  name: string;
  role: string;
  password_hash: string;
  disabled_at: string | null;
  created_at: string;
}

export interface VisitorTable {
  id: string;
  merchant_id: string;
  created_at: string;
  last_seen_at: string;
}

export interface HelpArticleTable {
  id: string;
  merchant_id: string;
  slug: string;
  locale: string;
  title: string;
  category: string;
  /** JSON array of strings. */
  tags: string;
  body_md: string;
  published: number;
  updated_at: string;
}

export interface DemoPaymentTable {
  id: string;
  merchant_id: string;
  reference: string;
  /** Lower-cased, trimmed: proof of ownership compares against this. */
  email: string;
  user_id: string | null;
  status: string;
  reason: string | null;
  amount_minor: number;
  currency: string;
  card_brand: string | null;
  card_last4: string | null;
  /** JSON array of `{ type, at }`. */
  events: string;
  created_at: string;
}

export interface Database {
  merchants: MerchantTable;
  agents: AgentTable;
  visitors: VisitorTable;
  help_articles: HelpArticleTable;
  demo_payments: DemoPaymentTable;
}
