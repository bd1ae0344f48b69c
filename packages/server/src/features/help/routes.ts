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
import { apiRoute } from '../../http/api-route.js';
import { helpArticleResponse, helpHomeResponse, helpSearchResponse } from '../../http/api-schemas.js';
import { ApiError } from '../../http/errors.js';
import type { StoredArticle } from '../../storage/help-articles.js';
import { ConflictError } from '../../storage/unique.js';
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
/**
 * Votes and deflections per client address (an IPv6 /64 is one) per hour: a reader votes on a few
 * articles, a script stuffing "helpful" counts is refused with rate_limited after this many.
 */
export const FEEDBACK_RATE_LIMIT = { max: 20, timeWindow: '1 hour' } as const;
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
const pageParams = z.object({
  merchantKey: z.string().max(100),
  locale: z.string().max(35),
  slug: z.string().max(200),
});
const previewBody = z.object({ markdown: z.string().max(100_000) });
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

  apiRoute(
    app,
    {
      method: 'GET',
      url: '/v1/help/search',
      summary: 'Search the help center',
      tag: 'Help center',
      auth: 'visitor',
      query: searchQuery,
      responses: {
        200: {
          description: '`{ locale, results }`: `locale` is the one answered after falling back',
          schema: helpSearchResponse,
        },
      },
      errors: ['origin_not_allowed', 'unauthorized'],
    },
    async (request, reply, input): Promise<HelpSearchResponse> => {
      const merchant = await resolveVisitorMerchant(ctx, request, reply);
      const { q, locale, limit } = input.query();
      return help.search(merchant, q, locale, limit);
    },
  );

  apiRoute(
    app,
    {
      method: 'GET',
      url: '/v1/help/home',
      summary: 'Popular articles and topics for the home view',
      tag: 'Help center',
      auth: 'visitor',
      query: localeQuery,
      responses: {
        200: {
          description: 'Popular articles and the categories with their articles',
          schema: helpHomeResponse,
        },
      },
      errors: ['origin_not_allowed', 'unauthorized'],
    },
    async (request, reply, input): Promise<HelpHomeResponse> => {
      const merchant = await resolveVisitorMerchant(ctx, request, reply);
      const { locale } = input.query();
      return help.home(merchant, locale);
    },
  );

  apiRoute(
    app,
    {
      method: 'GET',
      url: '/v1/help/articles/:id',
      summary: 'One article by id or slug',
      tag: 'Help center',
      auth: 'visitor',
      params: idParams,
      query: localeQuery,
      responses: {
        200: {
          description:
            '`{ article: { id, slug, locale, title, category, html, updatedAt } }`; `html` is already the safe subset',
          schema: helpArticleResponse,
        },
      },
      errors: ['origin_not_allowed', 'unauthorized', 'not_found'],
    },
    async (request, reply, input): Promise<{ article: HelpArticle }> => {
      const merchant = await resolveVisitorMerchant(ctx, request, reply);
      const { id } = input.params();
      const { locale } = input.query();
      const article = await help.article(merchant, id, locale);
      if (!article) throw new ApiError('not_found', 'No such article');
      return { article };
    },
  );

  apiRoute(
    app,
    {
      method: 'POST',
      url: '/v1/help/articles/:id/feedback',
      summary: 'Was this helpful? (or: it answered my question before a chat)',
      tag: 'Help center',
      auth: 'visitor',
      params: idParams,
      body: feedbackBody,
      responses: { 204: { description: 'Recorded' } },
      errors: ['origin_not_allowed', 'unauthorized', 'not_found', 'rate_limited'],
      options: { config: { rateLimit: FEEDBACK_RATE_LIMIT } },
    },
    async (request, reply, input) => {
      const merchant = await resolveVisitorMerchant(ctx, request, reply);
      const { id } = input.params();
      const feedback = input.body();
      const kind =
        feedback.kind === 'deflection' ? 'deflection' : feedback.helpful ? 'helpful' : 'not_helpful';
      if (!(await help.feedback(merchant, id, kind))) throw new ApiError('not_found', 'No such article');
      return reply.status(204).send();
    },
  );

  // The public page of an article: what a link in a chat reply opens, readable without the widget.
  apiRoute(
    app,
    {
      method: 'GET',
      url: '/help/:merchantKey/:locale/:slug',
      summary: 'An article as a public web page',
      tag: 'Help center',
      auth: 'none',
      params: pageParams,
      responses: { 200: { description: 'The article as an HTML page', contentType: 'text/html' } },
      errors: ['not_found'],
    },
    async (_request, reply, input) => {
      const params = input.params();
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
    },
  );

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

  apiRoute(
    app,
    {
      method: 'GET',
      url: '/v1/agent/articles',
      summary: 'Articles with their statistics (drafts for admins)',
      tag: 'Articles',
      auth: 'agent',
      query: agentListQuery,
      responses: { 200: { description: '`{ articles }` with views, votes and deflections' } },
      errors: ['unauthorized'],
    },
    async (request, _reply, input): Promise<{ articles: AgentArticle[] }> => {
      const agent = await authenticateAgent(ctx, bearerToken(request));
      const { q, locale } = input.query();
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
      return {
        articles: await Promise.all(articles.map((a) => toAgentArticle(a, stats.get(a.id) ?? empty))),
      };
    },
  );

  apiRoute(
    app,
    {
      method: 'GET',
      url: '/v1/agent/articles/:id',
      summary: 'One article with its Markdown',
      tag: 'Articles',
      auth: 'agent',
      params: idParams,
      responses: { 200: { description: '`{ article }`' } },
      errors: ['unauthorized', 'not_found'],
    },
    async (request, _reply, input): Promise<{ article: AgentArticle }> => {
      const agent = await authenticateAgent(ctx, bearerToken(request));
      const { id } = input.params();
      const article = await ctx.storage.articles.findById(agent.merchantId, id);
      if (!article || (!article.published && agent.role !== 'admin'))
        throw new ApiError('not_found', 'No such article');
      return { article: await toAgentArticle(article) };
    },
  );

  async function admin(token: string | undefined) {
    const agent = await authenticateAgent(ctx, token);
    if (agent.role !== 'admin') throw new ApiError('forbidden', 'Only admins can edit articles');
    return agent;
  }

  apiRoute(
    app,
    {
      method: 'POST',
      url: '/v1/agent/articles/preview',
      summary: 'Render Markdown as visitors would see it (admins)',
      tag: 'Articles',
      auth: 'agent',
      body: previewBody,
      responses: { 200: { description: '`{ html }`' } },
      errors: ['unauthorized', 'forbidden'],
    },
    async (request, _reply, input) => {
      await admin(bearerToken(request));
      const { markdown } = input.body();
      return { html: renderArticleHtml(markdown) };
    },
  );

  apiRoute(
    app,
    {
      method: 'POST',
      url: '/v1/agent/articles',
      summary: 'Write an article (admins)',
      tag: 'Articles',
      auth: 'agent',
      body: draftBody,
      responses: { 201: { description: '`{ article }`' } },
      errors: ['unauthorized', 'forbidden', 'conflict'],
    },
    async (request, reply, input): Promise<{ article: AgentArticle }> => {
      const agent = await admin(bearerToken(request));
      const draft = input.body();
      if (await ctx.storage.articles.findBySlug(agent.merchantId, draft.slug, draft.locale)) {
        throw new ApiError(
          'conflict',
          `An article with slug ${draft.slug} exists already in ${draft.locale}`,
        );
      }
      const id = await ctx.storage.articles.upsert({ merchantId: agent.merchantId, ...fromDraft(draft) });
      reply.status(201);
      return { article: await toAgentArticle((await ctx.storage.articles.findById(agent.merchantId, id))!) };
    },
  );

  apiRoute(
    app,
    {
      method: 'PUT',
      url: '/v1/agent/articles/:id',
      summary: 'Update an article (admins; `keywords` left out keeps the stored ones)',
      tag: 'Articles',
      auth: 'agent',
      params: idParams,
      body: draftBody,
      responses: { 200: { description: '`{ article }`' } },
      errors: ['unauthorized', 'forbidden', 'not_found', 'conflict'],
    },
    async (request, _reply, input): Promise<{ article: AgentArticle }> => {
      const agent = await admin(bearerToken(request));
      const { id } = input.params();
      const draft = input.body();
      try {
        const updated = await ctx.storage.articles.update(agent.merchantId, id, fromDraft(draft));
        if (!updated) throw new ApiError('not_found', 'No such article');
        return { article: await toAgentArticle(updated) };
      } catch (error) {
        if (error instanceof ConflictError) throw new ApiError('conflict', error.message);
        throw error;
      }
    },
  );
}
