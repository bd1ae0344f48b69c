import { connect } from 'node:net';
import { API_ERROR_STATUS, type ApiErrorCode, isApiErrorBody } from '@topay-support/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers.js';

interface RawResponse {
  status: number;
  headers: Map<string, string>;
  body: string;
}

/**
 * Sends bytes as they are over TCP: fetch would normalise a malformed URL or refuse a broken request
 * before the server ever saw it.
 */
function sendRaw(url: string, request: string): Promise<RawResponse> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    // write, not end: a half-closed connection lets Node abort a response still in progress.
    const socket = connect(Number(port), hostname, () => socket.write(request, 'latin1'));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    // The server may answer and close before it read everything (413): the answer is what counts.
    socket.on('error', (error) => {
      if (chunks.length === 0) reject(error);
    });
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', ...rest] = text.split('\r\n\r\n');
      const [statusLine = '', ...headerLines] = head.split('\r\n');
      const headers = new Map(
        headerLines.map((line) => {
          const colon = line.indexOf(':');
          return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()] as const;
        }),
      );
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') });
    });
  });
}

function get(path: string, extraHeaders = ''): string {
  return `GET ${path} HTTP/1.1\r\nHost: localhost\r\n${extraHeaders}Connection: close\r\n\r\n`;
}

function post(path: string, contentType: string, body: string): string {
  return (
    `POST ${path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: ${contentType}\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
  );
}

const SCRIPT = '<script>alert(1)</script>';

const cases: { name: string; request: string; code: ApiErrorCode; echoes?: string[] }[] = [
  {
    name: 'a malformed percent-encoding in a path parameter',
    request: get('/v1/help/articles/%E0%A4%A?merchantKey=pk_demo'),
    code: 'invalid_request',
    echoes: ['%E0%A4%A', 'pk_demo'],
  },
  {
    name: 'a malformed percent-encoding at the root',
    request: get('/%zz'),
    code: 'invalid_request',
    echoes: ['%zz'],
  },
  {
    name: 'a malformed percent-encoding with markup around it',
    request: get(`/v1/help/articles/%zz${encodeURIComponent(SCRIPT)}'"`),
    code: 'invalid_request',
    echoes: ['%zz', 'script', "'"],
  },
  {
    name: 'a truncated JSON body',
    request: post('/v1/agent/login', 'application/json', `{"email":"${SCRIPT}",`),
    code: 'invalid_request',
    echoes: ['script', 'email'],
  },
  {
    name: 'a JSON body that is not JSON',
    request: post('/v1/agent/login', 'application/json', SCRIPT),
    code: 'invalid_request',
    echoes: ['script'],
  },
  {
    name: 'a prototype-poisoning JSON body',
    request: post('/v1/agent/login', 'application/json', '{"__proto__":{"isAdmin":true}}'),
    code: 'invalid_request',
    echoes: ['isAdmin', '__proto__'],
  },
  {
    name: 'a body in a content type no route reads',
    request: post('/v1/agent/login', `text/x-${'evil'}`, SCRIPT),
    code: 'unsupported_media_type',
    echoes: ['text/x-evil', 'script'],
  },
  {
    name: 'a body larger than the JSON limit',
    request: post('/v1/agent/login', 'application/json', `{"email":"${'a'.repeat(200_000)}"}`),
    code: 'too_large',
  },
  {
    name: 'a Content-Length larger than the JSON limit, announced without the bytes',
    request:
      'POST /v1/agent/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n' +
      'Content-Length: 90000000\r\nConnection: close\r\n\r\n{}',
    code: 'too_large',
  },
  {
    name: 'a path no route has',
    request: get('/no/such/route-{|}'),
    code: 'not_found',
    echoes: ['{', '|', '}'],
  },
  {
    name: 'a method the path has no route for',
    request: 'DELETE /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n',
    code: 'method_not_allowed',
  },
  {
    name: 'a request line Node cannot parse',
    request: `BREW /${SCRIPT} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`,
    code: 'invalid_request',
    echoes: ['BREW', 'script'],
  },
  {
    name: 'a header line without a colon',
    request: get('/healthz', `${SCRIPT}\r\n`),
    code: 'invalid_request',
    echoes: ['script'],
  },
  {
    name: 'two different Content-Lengths (request smuggling)',
    request:
      'POST /v1/agent/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n' +
      'Content-Length: 2\r\nContent-Length: 30\r\nConnection: close\r\n\r\n{}',
    code: 'invalid_request',
  },
  {
    name: 'headers larger than Node accepts',
    request: get('/healthz', `X-Padding: ${'a'.repeat(20_000)}\r\n`),
    code: 'headers_too_large',
  },
];

describe("the framework's own errors answer in the API's error shape", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it.each(cases)('$name → $code', async ({ request, code, echoes = [] }) => {
    const response = await sendRaw(t.url, request);
    expect(response.status).toBe(API_ERROR_STATUS[code]);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body: unknown = JSON.parse(response.body);
    expect(isApiErrorBody(body)).toBe(true);
    expect(body).toEqual({ error: { code, message: expect.any(String) } });
    const { message } = (body as { error: { message: string } }).error;
    // The message is ours: no quoted input, no framework codes, no stack frames or file paths.
    for (const fragment of echoes) expect(message).not.toContain(fragment);
    expect(message).not.toMatch(/FST_|ERR_|HPE_|\bat \S+:\d+|node_modules|\/src\//);
    expect(message).not.toMatch(/[<>"]/);
  });

  it('lists the methods a path has when the one used is not among them', async () => {
    const response = await sendRaw(
      t.url,
      'PUT /v1/agent/conversations/abc/messages HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\nConnection: close\r\n\r\n',
    );
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD, POST');
  });

  it('keeps not_found for unknown paths under catch-all routes (static files, CORS preflights)', async () => {
    // The demo serves static files at /* and preflights at /v1/help/*: neither makes every path a route.
    for (const request of [
      post('/v1/no-such-thing', 'application/json', '{}'),
      post('/v1/help/no-such-thing', 'application/json', '{}'),
    ]) {
      const response = await sendRaw(t.url, request);
      expect(response.status).toBe(404);
      expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'not_found' } });
    }
  });

  it('reads a malformed percent-encoding in the query as text, answering in the usual shape', async () => {
    // The query parser keeps an undecodable sequence as it is; the search simply finds nothing.
    const response = await sendRaw(
      t.url,
      get('/v1/help/search?q=%E0%A4%A&merchantKey=pk_demo', 'Origin: http://localhost:3000\r\n'),
    );
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ locale: 'zh-CN', results: [] });
  });

  it('still serves the next request on a fresh connection after each refusal', async () => {
    const response = await sendRaw(t.url, get('/healthz'));
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ status: 'ok' });
  });
});
