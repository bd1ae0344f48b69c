import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { API_ERROR_STATUS, type ApiErrorCode } from '@topay-support/protocol';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { type ApiRouteSpec, apiRoute } from './api-route.js';

/** Where the description is served; a public contract (docs/agent-api.md), so it never moves. */
export const OPENAPI_PATH = '/v1/openapi.json';

export interface RegisteredRoute {
  method: string;
  url: string;
  spec: ApiRouteSpec | undefined;
}

type JsonSchema = Record<string, unknown>;

/** Every route fastify registered on an app, seen by `installOpenApi`'s onRoute hook. */
const registered = new WeakMap<FastifyInstance, RegisteredRoute[]>();

/** The routes registered on `app` since `installOpenApi`, described or not (what the route test compares). */
export function registeredRoutes(app: FastifyInstance): readonly RegisteredRoute[] {
  return registered.get(app) ?? [];
}

// This file sits two levels below the package root both as source (src/http) and as build (dist/http). A path,
// not a URL object: under jsdom (the console's tests start a real server) `URL` is jsdom's, which fs refuses.
const serverVersion = (
  JSON.parse(
    readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '../../package.json'), 'utf8'),
  ) as { version: string }
).version;

/** JSON Schema 2020-12, the dialect of OpenAPI 3.1; `io: 'input'` describes what a caller may send. */
function toSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    // A refinement or transform has no JSON Schema; it is described by the type it starts from.
    unrepresentable: 'any',
  }) as JsonSchema;
  return rest;
}

/** `/v1/agent/conversations/:id` → `/v1/agent/conversations/{id}`. */
export function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function parameters(spec: ApiRouteSpec): JsonSchema[] {
  const out: JsonSchema[] = [];
  for (const [where, schema] of [
    ['path', spec.params],
    ['query', spec.query],
  ] as const) {
    if (!schema) continue;
    const json = toSchema(schema, 'input');
    const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((json.required ?? []) as string[]);
    for (const [name, property] of Object.entries(properties)) {
      const { description, ...rest } = property;
      out.push({
        name,
        in: where,
        required: where === 'path' || required.has(name),
        ...(typeof description === 'string' ? { description } : {}),
        schema: rest,
      });
    }
  }
  if (spec.auth === 'visitor') {
    out.push({
      name: 'merchantKey',
      in: 'query',
      required: false,
      description: 'The merchant key (`pk_…`); or send it as the `X-Merchant-Key` header.',
      schema: { type: 'string' },
    });
  }
  return out;
}

const errorCodes = Object.keys(API_ERROR_STATUS) as ApiErrorCode[];

function errorResponses(spec: ApiRouteSpec): Record<string, JsonSchema> {
  const byStatus = new Map<number, ApiErrorCode[]>();
  for (const code of new Set<ApiErrorCode>(['invalid_request', ...spec.errors, 'internal'])) {
    const status = API_ERROR_STATUS[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const out: Record<string, JsonSchema> = {};
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    out[String(status)] = {
      description: codes.map((code) => `\`${code}\``).join(', '),
      ...(status === 429 ? { headers: { 'Retry-After': { $ref: '#/components/headers/RetryAfter' } } } : {}),
      content: {
        'application/json': {
          schema: {
            allOf: [
              { $ref: '#/components/schemas/Error' },
              { properties: { error: { properties: { code: { enum: codes } } } } },
            ],
          },
        },
      },
    };
  }
  return out;
}

const SECURITY: Record<ApiRouteSpec['auth'], JsonSchema[] | undefined> = {
  agent: [{ agentToken: [] }],
  // The merchant key is a parameter; a visitor token is optional, hence the empty alternative.
  visitor: [{ visitorToken: [] }, {}],
  signed: [],
  none: [],
};

function operation(spec: ApiRouteSpec): JsonSchema {
  const responses: Record<string, JsonSchema> = {};
  for (const [status, response] of Object.entries(spec.responses)) {
    responses[status] = {
      description: response.description,
      ...(response.schema
        ? {
            content: {
              [response.contentType ?? 'application/json']: { schema: toSchema(response.schema, 'output') },
            },
          }
        : response.contentType
          ? { content: { [response.contentType]: {} } }
          : {}),
    };
  }
  Object.assign(responses, errorResponses(spec));
  const params = parameters(spec);
  return {
    operationId: `${spec.method.toLowerCase()}${openApiPath(spec.url)
      .replace(/^\/v1/, '')
      .split(/[/{}-]+/)
      .filter(Boolean)
      .map((part) => part[0]?.toUpperCase() + part.slice(1))
      .join('')}`,
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    tags: [spec.tag],
    security: SECURITY[spec.auth],
    ...(params.length > 0 ? { parameters: params } : {}),
    ...(spec.bodyContentType && !spec.body
      ? {
          requestBody: {
            required: true,
            content: {
              [spec.bodyContentType]: { schema: { type: 'string', contentMediaType: spec.bodyContentType } },
            },
          },
        }
      : {}),
    ...(spec.body
      ? {
          requestBody: {
            required: !spec.body.safeParse(undefined).success,
            content: {
              [spec.bodyContentType ?? 'application/json']: { schema: toSchema(spec.body, 'input') },
            },
          },
        }
      : {}),
    responses,
  };
}

/** The OpenAPI 3.1 document of every described route on `app`. */
export function openApiDocument(app: FastifyInstance, serverUrl?: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  const routes = registeredRoutes(app)
    .flatMap((route) => (route.spec ? [route.spec] : []))
    .sort((a, b) => a.url.localeCompare(b.url) || a.method.localeCompare(b.method));
  for (const spec of routes) {
    const path = openApiPath(spec.url);
    paths[path] = { ...paths[path], [spec.method.toLowerCase()]: operation(spec) };
  }
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'topay-support HTTP API',
      version: serverVersion,
      description:
        'The HTTP API of a topay-support server: the agent API for bots and integrations (docs/agent-api.md) ' +
        'and the visitor API the widget and the SDK use (docs/sdk.md). Generated from the schemas the server ' +
        'validates requests with. Errors are `{ error: { code, message } }` with the status of their code.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    paths,
    components: {
      securitySchemes: {
        agentToken: {
          type: 'http',
          scheme: 'bearer',
          description:
            'An agent token from `POST /v1/agent/login`, or a bot API key (`topay-support bot create`).',
        },
        visitorToken: {
          type: 'http',
          scheme: 'bearer',
          description: 'A visitor token from the socket handshake; the SDK sends it once it has one.',
        },
      },
      headers: {
        RetryAfter: {
          description: 'Whole seconds to wait before trying again.',
          schema: { type: 'integer' },
        },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: {
                code: { type: 'string', enum: errorCodes },
                message: { type: 'string' },
                retryAfter: { type: 'integer', description: 'Whole seconds; also the `Retry-After` header.' },
              },
            },
          },
        },
      },
    },
  };
}

/**
 * Starts recording routes (call before registering any) and serves the description at `/v1/openapi.json`,
 * built once, on the first request, when every route is known.
 */
export function installOpenApi(app: FastifyInstance, publicUrl: string | undefined): void {
  const routes: RegisteredRoute[] = [];
  registered.set(app, routes);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const spec = route.config?.apiSpec;
    for (const method of methods) routes.push({ method, url: route.url, spec });
  });
  let document: string | undefined;
  apiRoute(
    app,
    {
      method: 'GET',
      url: OPENAPI_PATH,
      summary: 'This description',
      tag: 'Meta',
      auth: 'none',
      responses: { 200: { description: 'The OpenAPI 3.1 description of every HTTP route' } },
      errors: [],
    },
    async (_request, reply) => {
      document ??= JSON.stringify(openApiDocument(app, publicUrl));
      // Public, and the same for everyone: a browser-based reference on another origin may read it.
      return reply
        .header('access-control-allow-origin', '*')
        .header('cache-control', 'public, max-age=300')
        .type('application/json; charset=utf-8')
        .send(document);
    },
  );
}
