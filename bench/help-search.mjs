// Help-center search latency at 1,000 articles (issue 4: under 20 ms). Two numbers: the search
// itself in-process, and a full HTTP round trip through a real server on loopback with SQLite.
// Run after `pnpm build` (`pnpm bench` does both).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const dist = path.resolve(import.meta.dirname, '../packages/server/dist');
const { readArticleFolder } = await import(`${dist}/features/help/article-files.js`);
const { articlePlainText } = await import(`${dist}/features/help/markdown.js`);
const { HelpSearchIndex } = await import(`${dist}/features/help/search-index.js`);
const { createServer, loadConfig, openSqliteStorage, seedDemo } = await import(`${dist}/index.js`);
const { demoArticlesDir } = await import(`${dist}/paths.js`);

const ARTICLES = 1000;
const QUERIES = {
  'zh-CN': [
    '付款不成功怎么办',
    '忘记密码',
    '退款多久到账',
    '银行卡绑定',
    '账户被冻结',
    '支持哪些货币',
    '付',
    '跨境支付手续费',
  ],
  en: [
    'forgot my password',
    'payment failed',
    'refnud',
    'card declined',
    'account locked',
    'currencies',
    'pa',
    'cross border fee',
  ],
};

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function report(label, samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const fmt = (ms) => `${ms.toFixed(2)} ms`.padStart(10);
  console.log(
    `${label.padEnd(44)} n=${String(samples.length).padStart(5)}  p50${fmt(percentile(sorted, 50))}  p99${fmt(percentile(sorted, 99))}  max${fmt(sorted.at(-1))}`,
  );
}

/** 1,000 articles per locale: the demo's 13 topics, varied so that no two are identical. */
async function corpus() {
  const base = await readArticleFolder(demoArticlesDir);
  const articles = [];
  for (let i = 0; articles.length < ARTICLES * 2; i++) {
    for (const article of base) {
      if (articles.length >= ARTICLES * 2) break;
      const n = Math.floor(i);
      articles.push({
        ...article,
        slug: `${article.slug}-${n}`,
        title: n === 0 ? article.title : `${article.title} (${n})`,
        tags: [...article.tags, `batch-${n % 17}`],
        bodyMarkdown: `${article.bodyMarkdown}\n\n${n} · ${article.tags.slice(0, 3).join(' ')} ${n % 7 === 0 ? 'merchant update' : ''}`,
      });
    }
  }
  return articles;
}

const articles = await corpus();
console.log(`help search: ${ARTICLES} articles per locale (${articles.length} in all)\n`);

// In-process: the index alone.
for (const locale of ['zh-CN', 'en']) {
  const docs = articles
    .filter((a) => a.locale === locale)
    .map((a, i) => ({
      id: `${locale}-${i}`,
      slug: a.slug,
      title: a.title,
      category: a.category,
      tags: a.tags,
      body: articlePlainText(a.bodyMarkdown),
    }));
  const started = performance.now();
  const index = new HelpSearchIndex(docs);
  console.log(`index build ${locale.padEnd(6)} ${(performance.now() - started).toFixed(1)} ms`);
  const samples = [];
  for (let round = 0; round < 100; round++) {
    for (const query of QUERIES[locale]) {
      const t0 = performance.now();
      index.search(query, 8);
      samples.push(performance.now() - t0);
    }
  }
  report(`search in-process (${locale})`, samples);
}

// HTTP: a real server with SQLite, loopback, sequential requests.
const dataDir = mkdtempSync(path.join(tmpdir(), 'topay-bench-'));
const config = {
  ...loadConfig({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' }, 'demo'),
  tokenSecret: 'b'.repeat(32),
};
const storage = openSqliteStorage(path.join(dataDir, 'bench.sqlite'));
await storage.migrate();
const { merchant } = await seedDemo(storage, { dataDir, agentPassword: 'bench-password' });
for (const article of articles) await storage.articles.upsert({ ...article, merchantId: merchant.id });
const server = await createServer({ config, storage });
const url = await server.listen();
for (const locale of ['zh-CN', 'en']) {
  // The first request builds the index; it is reported apart from steady state.
  const t0 = performance.now();
  await fetch(`${url}/v1/help/search?merchantKey=pk_demo&locale=${locale}&q=x`).then((r) => r.arrayBuffer());
  console.log(`first search ${locale.padEnd(6)} (builds index) ${(performance.now() - t0).toFixed(1)} ms`);
  const samples = [];
  for (let round = 0; round < 50; round++) {
    for (const query of QUERIES[locale]) {
      const started = performance.now();
      const response = await fetch(
        `${url}/v1/help/search?merchantKey=pk_demo&locale=${locale}&q=${encodeURIComponent(query)}`,
      );
      await response.arrayBuffer();
      samples.push(performance.now() - started);
    }
  }
  report(`search over HTTP (${locale})`, samples);
}
await server.close();
await storage.close();
rmSync(dataDir, { recursive: true, force: true });
