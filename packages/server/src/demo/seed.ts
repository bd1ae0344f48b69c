import type { BusinessHours, ContactChannel } from '@topay-support/protocol';
import { generatePassword, hashPassword, verifyPassword } from '../auth/passwords.js';
import { readArticleFolder } from '../features/help/article-files.js';
import { demoArticlesDir } from '../paths.js';
import type { AssistantSettings, MerchantRecord } from '../storage/merchants.js';
import type { Storage } from '../storage/storage.js';
import { ConflictError } from '../storage/unique.js';
import { DEMO_PAYMENTS } from './payments.js';
import { readOrCreateSecret } from './secrets.js';

export const DEMO_MERCHANT_KEY = 'pk_demo';
export const DEMO_MERCHANT_SECRET = 'sk_demo_secret';
export const DEMO_AGENT_EMAIL = 'agent@demo.test';

/**
 * The demo merchant's opening hours, Mon–Fri 09:00–18:00 in Shanghai. Not seeded by default: business hours
 * also gate chat availability, so seeding them would make the demo (and every test and e2e run against it)
 * show the offline form at night and on weekends. Pass `businessHours: true` to see the home view's state.
 */
export const DEMO_BUSINESS_HOURS: BusinessHours = {
  timeZone: 'Asia/Shanghai',
  days: Object.fromEntries([1, 2, 3, 4, 5].map((day) => [day, [['09:00', '18:00']]])),
};

export const DEMO_CONTACT_CHANNELS: ContactChannel[] = [
  { kind: 'phone', value: '400-820-8820' },
  { kind: 'email', value: 'support@topay.example' },
  { kind: 'wechat', value: 'TopayDemo' },
];

/** The demo merchant's assistant: answers first, with the built-in answerer unless a model is configured. */
export const DEMO_ASSISTANT: AssistantSettings = { mode: 'first', name: 'Topay 助手' };

export interface DemoSeedOptions {
  /**
   * The assistant setting a new demo merchant gets (docs/assistant.md: `first`). Test suites about other
   * things pass `{ mode: 'off', … }` so their conversations hold only the messages they send.
   */
  assistant?: AssistantSettings;
  /** Seeds {@link DEMO_BUSINESS_HOURS} on a new demo merchant (off by default, see there). */
  businessHours?: boolean;
  dataDir: string;
  /** `DEMO_AGENT_PASSWORD`; when absent a password is generated once and kept under `dataDir`. */
  agentPassword: string | undefined;
}

export interface DemoSeedResult {
  merchant: MerchantRecord;
  agentEmail: string;
  agentPassword: string;
  articles: number;
  payments: number;
}

/**
 * Creates or refreshes the demo data of docs/demo-data.md. Idempotent: running it on every start
 * converges on the same rows, and never duplicates.
 */
export async function seedDemo(storage: Storage, options: DemoSeedOptions): Promise<DemoSeedResult> {
  const merchant = await findOrCreate(
    () => storage.merchants.findByKey(DEMO_MERCHANT_KEY),
    () =>
      storage.merchants.create({
        key: DEMO_MERCHANT_KEY,
        secret: DEMO_MERCHANT_SECRET,
        name: 'Topay 演示商店',
        defaultLocale: 'zh-CN',
        allowedOrigins: ['http://localhost:*', 'http://127.0.0.1:*'],
        settings: {
          color: '#1f5fd1',
          position: 'right',
          colorScheme: 'auto',
          greeting: {
            'zh-CN': '你好！有什么可以帮你？',
            en: 'Hi there! How can we help?',
            'zh-TW': '你好！有什麼可以幫你的嗎？',
            ar: 'مرحبًا! كيف يمكننا مساعدتك؟',
          },
          // No logo: `logoUrl` must be an absolute https URL, and the demo runs on http://localhost.
          contactChannels: DEMO_CONTACT_CHANNELS,
          ...(options.businessHours ? { businessHours: DEMO_BUSINESS_HOURS } : {}),
          assistant: options.assistant ?? DEMO_ASSISTANT,
        },
      }),
  );

  // A demo database from before the assistant existed gets it too: the demo answers first (§3.6).
  let demoMerchant = merchant;
  if (!merchant.settings.assistant) {
    demoMerchant =
      (await storage.merchants.update(merchant.id, {
        settings: { ...merchant.settings, assistant: options.assistant ?? DEMO_ASSISTANT },
      })) ?? merchant;
  }

  const agentPassword =
    options.agentPassword ?? readOrCreateSecret(options.dataDir, 'demo-agent-password', generatePassword);
  const agent = await findOrCreate(
    () => storage.agents.findByEmail(DEMO_AGENT_EMAIL),
    async () =>
      storage.agents.create({
        merchantId: merchant.id,
        email: DEMO_AGENT_EMAIL,
        name: 'Demo Agent',
        role: 'admin',
        passwordHash: await hashPassword(agentPassword),
      }),
  );
  if (!(await verifyPassword(agentPassword, agent.passwordHash))) {
    // DEMO_AGENT_PASSWORD changed since the last start: the printed password must be the one that works.
    await storage.agents.setPasswordHash(agent.id, await hashPassword(agentPassword));
  }

  const articles = await readArticleFolder(demoArticlesDir);
  for (const article of articles) await storage.articles.upsert({ ...article, merchantId: merchant.id });
  for (const payment of DEMO_PAYMENTS)
    await storage.demoPayments.upsert({ ...payment, merchantId: merchant.id });

  return {
    merchant: demoMerchant,
    agentEmail: DEMO_AGENT_EMAIL,
    agentPassword,
    articles: await storage.articles.count(merchant.id),
    payments: await storage.demoPayments.count(merchant.id),
  };
}

/**
 * The existing row, or a new one. Several nodes may seed one database at once: whoever loses the
 * race to create gets a ConflictError and reads the winner's row instead.
 */
async function findOrCreate<T>(find: () => Promise<T | undefined>, create: () => Promise<T>): Promise<T> {
  const found = await find();
  if (found) return found;
  try {
    return await create();
  } catch (error) {
    const winner = error instanceof ConflictError ? await find() : undefined;
    if (winner) return winner;
    throw error;
  }
}
