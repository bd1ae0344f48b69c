import type { ApiErrorCode } from '@topay-support/protocol';
import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  HTTPMethods,
  RouteOptions,
  RouteShorthandOptions,
} from 'fastify';
import type { z } from 'zod';

/** Who may call a route, which the OpenAPI description turns into its security requirement. */
export type ApiAuth =
  /** `Authorization: Bearer` with an agent token from `POST /v1/agent/login`, or a bot API key. */
  | 'agent'
  /** `merchantKey` (query or `X-Merchant-Key`), the page's `Origin` checked; a visitor token when it has one. */
  | 'visitor'
  /** A signed, expiring link (`expires`, `signature`) handed to the conversation's participants. */
  | 'signed'
  | 'none';

export interface ApiResponse {
  description: string;
  /** The body's shape; absent for an empty body or one that is not JSON (the description says what). */
  schema?: z.ZodType;
  /** The media type when it is not JSON. */
  contentType?: string;
}

/**
 * One HTTP route of the API, described where it is registered: its inputs are the very schemas the
 * handler parses with (through `input`), so the OpenAPI description (`http/openapi.ts`) cannot drift
 * from what the server accepts.
 */
export interface ApiRouteSpec<
  P extends z.ZodType | undefined = z.ZodType | undefined,
  Q extends z.ZodType | undefined = z.ZodType | undefined,
  B extends z.ZodType | undefined = z.ZodType | undefined,
> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  /** fastify's path syntax (`/v1/agent/conversations/:id`). */
  url: string;
  /** A few words, shown as the operation's title. */
  summary: string;
  /** Groups operations in the reference (e.g. `Conversations`). */
  tag: string;
  description?: string;
  auth: ApiAuth;
  params?: P;
  query?: Q;
  body?: B;
  /** Body media type when it is not JSON (uploads). */
  bodyContentType?: string;
  /** Successful answers by status. */
  responses: Record<number, ApiResponse>;
  /** Error codes this route answers with besides `invalid_request` and `internal` (every route may). */
  errors: readonly ApiErrorCode[];
  /** fastify route options other than the schema (rate-limit `config`, `bodyLimit`, …). */
  options?: Pick<RouteShorthandOptions, 'bodyLimit'> & { config?: Record<string, unknown> };
}

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

/**
 * The request's parts parsed with the route's own schemas. Parsing is lazy so handlers keep their
 * order: authenticate first (401), then validate (400), as the API always has.
 */
export interface ApiInput<P, Q, B> {
  params(): Parsed<P>;
  query(): Parsed<Q>;
  body(): Parsed<B>;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route's description, where `openapi.ts` finds it (set by `apiRoute` only). */
    apiSpec?: ApiRouteSpec;
  }
}

function parser<S extends z.ZodType | undefined>(
  schema: S | undefined,
  value: () => unknown,
): () => Parsed<S> {
  return () => (schema ? schema.parse(value()) : undefined) as Parsed<S>;
}

/**
 * Registers an API route: validation and description in one place. To add a route, call this instead
 * of `app.get`/`app.post`; `test/openapi.test.ts` fails for any `/v1` route registered otherwise.
 *
 * @example
 * apiRoute(app, {
 *   method: 'GET', url: '/v1/agent/conversations/:id', summary: 'One conversation', tag: 'Conversations',
 *   auth: 'agent', params: idParams, responses: { 200: { description: 'The conversation', schema: conversationResponse } },
 *   errors: ['unauthorized', 'not_found'],
 * }, async (request, reply, input) => {
 *   const agent = await agentOf(request);
 *   const { id } = input.params();
 *   …
 * });
 */
export function apiRoute<
  P extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
>(
  app: FastifyInstance,
  spec: ApiRouteSpec<P, Q, B>,
  handler: (request: FastifyRequest, reply: FastifyReply, input: ApiInput<P, Q, B>) => unknown,
): void {
  const route: RouteOptions = {
    method: spec.method as HTTPMethods,
    url: spec.url,
    ...spec.options,
    config: { ...spec.options?.config, apiSpec: spec as ApiRouteSpec },
    handler: (request, reply) =>
      handler(request, reply, {
        params: parser<P>(spec.params, () => request.params),
        query: parser<Q>(spec.query, () => request.query),
        body: parser<B>(spec.body, () => request.body),
      }),
  };
  app.route(route);
}
