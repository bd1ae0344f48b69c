import {
  type AgentArticle,
  ARTICLE_CATEGORIES,
  type HelpArticle,
  type HelpHomeResponse,
  type HelpSearchResponse,
  LIMITS,
  SUPPORTED_LOCALES,
} from '@topay-support/protocol';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { ApiError } from '../../http/errors.js';
import { ConflictError, type StoredArticle } from '../../storage/types.js';
import { authenticateAgent, bearerToken } from '../agents/auth.js';
import { resolveVisitorMerchant, visitorPreflight } from '../merchants/visitor-access.js';
import { renderArticleHtml } from './markdown.js';
import { articlePage } from './page.js';
import type { HelpService } from './service.js';

const searchQuery = z.object({
  q: z.string().trim().min(1, 'q is required').max(LIMITS.searchQueryLength),
  locale: z.string().max(35).optional(),
  limit: z.coerce.number().int().min(1).max(20).default(8),
});
const localeQuery = z.object({ locale: z.string().max(35).optional() });
const idParams = z.object({ id: z.string().min(1).max(200) });
const feedbackBody = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('vote'), helpful: z.boolean() }),
  z.object({ kind: z.literal('deflection') }),
]);
const draftBody = z.object({
  slug: z
    .string()
    .trim()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'slug must be lowercase words joined by dashes')
    .max(100),
  locale: z.enum(SUPPORTED_LOCALES),
  title: z.string().trim().min(1).max(200),
  category: z.enum(ARTICLE_CATEGORIES),
  tags: z.array(z.string().trim().min(1).max(60)).max(30).default([]),
  // Left out by an editor that does not know them: an update then keeps the stored keywords.
  keywords: z.array(z.string().trim().min(1).max(60)).max(50).optional(),
  markdown: z.string().max(100_000),
  published: z.boolean(),
});
const agentListQuery = z.object({
  q: z.string().trim().max(LIMITS.searchQueryLength).optional(),
  locale: z.enum(SUPPORTED_LOCALES).optional(),
});

/** An admin's draft as stored: the Markdown body, stamped with the time of this save. */
function fromDraft(draft: z.infer<typeof draftBody>) {
  return {
    slug: draft.slug,
    locale: draft.locale,
    title: draft.title,
    category: draft.category,
    tags: draft.tags,
    ...(draft.keywords ? { keywords: [...new Set(draft.keywords)] } : {}),
    bodyMarkdown: draft.markdown,
    published: draft.published,
    updatedAt: new Date().toISOString(),
  };
}

export function registerHelpRoutes(app: FastifyInstance, ctx: AppContext, help: HelpService): void {
  app.options('/v1/help/*', visitorPreflight(ctx, 'GET, POST', 'content-type'));

  app.get('/v1/help/search', async (request, reply): Promise<HelpSearchResponse> => {
    const merchant = await resolveVisitorMerchant(ctx, request, reply);
    const { q, locale, limit } = searchQuery.parse(request.query);
    return help.search(merchant, q, locale, limit);
  });

  app.get('/v1/help/home', async (request, reply): Promise<HelpHomeResponse> => {
    const merchant = await resolveVisitorMerchant(ctx, request, reply);
    const { locale } = localeQuery.parse(request.query);
    return help.home(merchant, locale);
  });

  app.get('/v1/help/articles/:id', async (request, reply): Promise<{ article: HelpArticle }> => {
    const merchant = await resolveVisitorMerchant(ctx, request, reply);
    const { id } = idParams.parse(request.params);
    const { locale } = localeQuery.parse(request.query);
    const article = await help.article(merchant, id, locale);
    if (!article) throw new ApiError('not_found', 'No such article');
    return { article };
  });

  app.post(
    '/v1/help/articles/:id/feedback',
    { config: { rateLimit: { max: 30, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const merchant = await resolveVisitorMerchant(ctx, request, reply);
      const { id } = idParams.parse(request.params);
      const feedback = feedbackBody.parse(request.body);
      const kind =
        feedback.kind === 'deflection' ? 'deflection' : feedback.helpful ? 'helpful' : 'not_helpful';
      if (!(await help.feedback(merchant, id, kind))) throw new ApiError('not_found', 'No such article');
      return reply.status(204).send();
    },
  );

  // The public page of an article: what a link in a chat reply opens, readable without the widget.
  app.get('/help/:merchantKey/:locale/:slug', async (request, reply) => {
    const params = z
      .object({ merchantKey: z.string().max(100), locale: z.string().max(35), slug: z.string().max(200) })
      .parse(request.params);
    const merchant = await ctx.storage.merchants.findByKey(params.merchantKey);
    const article = merchant && (await help.article(merchant, params.slug, params.locale));
    if (!merchant || !article) throw new ApiError('not_found', 'No such article');
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .header(
        'content-security-policy',
        "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'",
      )
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'public, max-age=300')
      .send(articlePage(merchant.name, article));
  });

  // Agents and admins.
  const merchantKeys = new Map<string, string>();
  async function merchantKey(merchantId: string): Promise<string> {
    const cached = merchantKeys.get(merchantId);
    if (cached) return cached;
    const merchant = await ctx.storage.merchants.findById(merchantId);
    merchantKeys.set(merchantId, merchant?.key ?? '');
    return merchant?.key ?? '';
  }

  async function toAgentArticle(
    article: StoredArticle,
    stats?: AgentArticle['stats'],
  ): Promise<AgentArticle> {
    return {
      url: `/help/${await merchantKey(article.merchantId)}/${article.locale}/${article.slug}`,
      id: article.id,
      slug: article.slug,
      locale: article.locale,
      title: article.title,
      category: article.category,
      tags: article.tags,
      keywords: article.keywords ?? [],
      markdown: article.bodyMarkdown,
      published: article.published,
      updatedAt: article.updatedAt,
      stats: stats ??
        (await ctx.storage.articles.stats(article.merchantId)).get(article.id) ?? {
          views: 0,
          helpful: 0,
          notHelpful: 0,
          deflections: 0,
        },
    };
  }

  app.get('/v1/agent/articles', async (request): Promise<{ articles: AgentArticle[] }> => {
    const agent = await authenticateAgent(ctx, bearerToken(request));
    const { q, locale } = agentListQuery.parse(request.query);
    const stats = await ctx.storage.articles.stats(agent.merchantId);
    const empty = { views: 0, helpful: 0, notHelpful: 0, deflections: 0 };
    if (q) {
      const merchant = await ctx.storage.merchants.findById(agent.merchantId);
      const { results } = await help.search(merchant!, q, locale, 20);
      const found = await Promise.all(
        results.map((r) => ctx.storage.articles.findById(agent.merchantId, r.id)),
      );
      return {
        articles: await Promise.all(
          found
            .filter((a): a is StoredArticle => a !== undefined)
            .map((a) => toAgentArticle(a, stats.get(a.id) ?? empty)),
        ),
      };
    }
    const articles = await ctx.storage.articles.list(agent.merchantId, {
      ...(locale ? { locale } : {}),
      // Drafts are the admins' work in progress; agents only link to what visitors can read.
      publishedOnly: agent.role !== 'admin',
    });
    return { articles: await Promise.all(articles.map((a) => toAgentArticle(a, stats.get(a.id) ?? empty))) };
  });

  app.get('/v1/agent/articles/:id', async (request): Promise<{ article: AgentArticle }> => {
    const agent = await authenticateAgent(ctx, bearerToken(request));
    const { id } = idParams.parse(request.params);
    const article = await ctx.storage.articles.findById(agent.merchantId, id);
    if (!article || (!article.published && agent.role !== 'admin'))
      throw new ApiError('not_found', 'No such article');
    return { article: await toAgentArticle(article) };
  });

  async function admin(token: string | undefined) {
    const agent = await authenticateAgent(ctx, token);
    if (agent.role !== 'admin') throw new ApiError('forbidden', 'Only admins can edit articles');
    return agent;
  }

  app.post('/v1/agent/articles/preview', async (request) => {
    await admin(bearerToken(request));
    const { markdown } = z.object({ markdown: z.string().max(100_000) }).parse(request.body);
    return { html: renderArticleHtml(markdown) };
  });

  app.post('/v1/agent/articles', async (request, reply): Promise<{ article: AgentArticle }> => {
    const agent = await admin(bearerToken(request));
    const draft = draftBody.parse(request.body);
    if (await ctx.storage.articles.findBySlug(agent.merchantId, draft.slug, draft.locale)) {
      throw new ApiError('conflict', `An article with slug ${draft.slug} exists already in ${draft.locale}`);
    }
    const id = await ctx.storage.articles.upsert({ merchantId: agent.merchantId, ...fromDraft(draft) });
    reply.status(201);
    return { article: await toAgentArticle((await ctx.storage.articles.findById(agent.merchantId, id))!) };
  });

  app.put('/v1/agent/articles/:id', async (request): Promise<{ article: AgentArticle }> => {
    const agent = await admin(bearerToken(request));
    const { id } = idParams.parse(request.params);
    const draft = draftBody.parse(request.body);
    try {
      const updated = await ctx.storage.articles.update(agent.merchantId, id, fromDraft(draft));
      if (!updated) throw new ApiError('not_found', 'No such article');
      return { article: await toAgentArticle(updated) };
    } catch (error) {
      if (error instanceof ConflictError) throw new ApiError('conflict', error.message);
      throw error;
    }
  });
}
