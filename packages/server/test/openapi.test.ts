// The OpenAPI description (docs/agent-api.md) against the routes the real server registers, both ways:
// every route is described, every described operation exists, and the description is what the server
// validates with (a body it calls required is refused without its required fields).
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPENAPI_PATH, openApiPath, registeredRoutes } from '../src/http/openapi.js';
import { loginDemoAgent, startTestServer, type TestServer } from './helpers.js';

let t: TestServer;
let spec: {
  openapi: string;
  paths: Record<string, Record<string, OperationObject>>;
  components: { schemas: Record<string, unknown> };
};

interface OperationObject {
  operationId: string;
  summary: string;
  parameters?: Array<{ name: string; in: string; required: boolean }>;
  requestBody?: { required: boolean; content: Record<string, { schema: { required?: string[] } }> };
  responses: Record<string, unknown>;
}

/**
 * Routes that are not part of the HTTP API, so not described. Keep this list short and say why.
 * `HEAD` routes are fastify's automatic twins of GET routes and are left out separately.
 */
const NOT_API: ReadonlyArray<{ method: string; url: string; why: string }> = [
  { method: 'GET', url: '/widget/*', why: 'static widget files (docs/script-tag.md)' },
  { method: 'GET', url: '/widget/v1/*', why: 'the same files at the pinned major (docs/script-tag.md)' },
  { method: 'GET', url: '/console/*', why: 'static console files' },
  { method: 'GET', url: '/*', why: 'static demo merchant page and its API reference page (demo only)' },
  { method: 'GET', url: '/console', why: 'redirect to /console/' },
  { method: 'GET', url: '/', why: 'redirect to /console/ outside the demo' },
  { method: 'OPTIONS', url: '*', why: 'CORS preflights of the visitor API' },
];

function excluded(method: string, url: string): boolean {
  if (method === 'HEAD') return true;
  return NOT_API.some(
    (entry) => entry.method === method && (entry.url === url || (entry.url === '*' && method === 'OPTIONS')),
  );
}

beforeAll(async () => {
  t = await startTestServer();
  const response = await fetch(`${t.url}${OPENAPI_PATH}`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  spec = (await response.json()) as typeof spec;
});
afterAll(() => t.close());

describe('OpenAPI description at /v1/openapi.json', () => {
  it('is valid OpenAPI 3.1 with JSON Schema 2020-12', async () => {
    // Checked against the OpenAPI Initiative's own JSON Schema for 3.1 documents.
    const validator = new Validator();
    expect(await validator.validate(spec)).toEqual({ valid: true });
    expect(validator.version).toBe('3.1');
    expect(spec.openapi).toBe('3.1.0');
    expect(spec).toMatchObject({ jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema' });
    expect(Object.keys(spec.paths).length).toBeGreaterThan(30);
  });

  it('describes every route the server registered (but the listed non-API ones)', () => {
    const routes = registeredRoutes(t.server.app);
    expect(routes.length).toBeGreaterThan(30);
    const undescribed = routes
      .filter((route) => !excluded(route.method, route.url))
      .filter((route) => spec.paths[openApiPath(route.url)]?.[route.method.toLowerCase()] === undefined)
      .map((route) => `${route.method} ${route.url}`);
    expect(undescribed).toEqual([]);
  });

  it('describes only routes that exist', () => {
    const missing: string[] = [];
    for (const [path, operations] of Object.entries(spec.paths)) {
      for (const method of Object.keys(operations)) {
        const url = path.replace(/\{([A-Za-z0-9_]+)\}/g, ':$1');
        if (!t.server.app.hasRoute({ method: method.toUpperCase() as 'GET', url }))
          missing.push(`${method} ${path}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('has the agent API of docs/agent-api.md, with unique operation ids and error responses', () => {
    for (const [path, method] of [
      ['/v1/agent/login', 'post'],
      ['/v1/agent/conversations', 'get'],
      ['/v1/agent/conversations/{id}', 'get'],
      ['/v1/agent/conversations/{id}/claim', 'post'],
      ['/v1/agent/conversations/{id}/resolve', 'post'],
      ['/v1/agent/conversations/{id}/reopen', 'post'],
      ['/v1/agent/conversations/{id}/read', 'post'],
      ['/v1/agent/conversations/{id}/messages', 'get'],
      ['/v1/agent/conversations/{id}/messages', 'post'],
      ['/v1/openapi.json', 'get'],
    ] as const) {
      expect(spec.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    }
    const send = spec.paths['/v1/agent/conversations/{id}/messages']!.post!;
    expect(Object.keys(send.responses)).toEqual(expect.arrayContaining(['200', '201', '400', '401', '409']));
    const ids = Object.values(spec.paths).flatMap((operations) =>
      Object.values(operations).map((operation) => operation.operationId),
    );
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('lists the parameters and body the server validates', async () => {
    const list = spec.paths['/v1/agent/conversations']!.get!;
    expect(list.parameters?.map((p) => p.name)).toEqual(
      expect.arrayContaining(['status', 'limit', 'cursor']),
    );
    const send = spec.paths['/v1/agent/conversations/{id}/messages']!.post!;
    const required = send.requestBody?.content['application/json']?.schema.required ?? [];
    expect(required).toEqual(['text', 'clientId']);
    // What the description calls required, the server refuses without.
    const token = await loginDemoAgent(t.url);
    const response = await fetch(`${t.url}/v1/agent/conversations/anything/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'hello' }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'invalid_request' } });
  });

  it('describes the response shapes of the contract, never card numbers', () => {
    const conversation = JSON.stringify(spec.paths['/v1/agent/conversations/{id}']!.get!.responses['200']);
    for (const field of ['visitor', 'lastMessage', 'assignee', 'payment', 'last4', 'sources']) {
      expect(conversation).toContain(`"${field}"`);
    }
    expect(conversation).not.toMatch(/"(pan|cardNumber|cvc)"/i);
  });
});
