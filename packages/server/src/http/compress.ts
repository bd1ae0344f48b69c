import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { FastifyInstance } from 'fastify';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Below this a JSON answer is a few hundred bytes either way; compressing it would only cost time. */
export const COMPRESS_MIN_BYTES = 256;

/** `br` or `gzip` when the request's `Accept-Encoding` allows it (a `;q=0` refuses), `br` first. */
export function pickEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | undefined {
  const accepted = new Set(
    (acceptEncoding ?? '')
      .split(',')
      .map((part) => part.trim().toLowerCase().split(';'))
      .filter(([, q]) => !/^\s*q\s*=\s*0(\.0*)?\s*$/.test(q ?? ''))
      .map(([name]) => name),
  );
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip')) return 'gzip';
  return undefined;
}

/**
 * Compresses JSON answers to GET requests for clients that accept it: the widget's home view fetches its settings and the help
 * center's lists as JSON, and gzip makes those lists about a third of their size (docs/design.md#budgets counts what the browser
 * downloads). Static files are pre-compressed by the build instead (`http/static.ts`).
 */
export function installJsonCompression(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    // Reads by visitors' pages only: the widget's settings, help lists, search and articles. Answers to
    // actions stay as they were, and so does the agent API: the console polls it on a desk, no budget
    // counts its bytes, and compressing every inbox refresh costs CPU. (Compressed agent answers also
    // left a connection open in the console's jsdom tests, so the server never finished closing.)
    if (request.method !== 'GET' || request.url.startsWith('/v1/agent/')) return payload;
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    if (!String(reply.getHeader('content-type') ?? '').startsWith('application/json')) return payload;
    if (reply.hasHeader('content-encoding') || Buffer.byteLength(payload) < COMPRESS_MIN_BYTES)
      return payload;
    const encoding = pickEncoding(request.headers['accept-encoding']);
    // The same URL answers compressed or not: shared caches must key on the encoding.
    reply.header('vary', mergeVary(reply.getHeader('vary')));
    if (!encoding) return payload;
    const body =
      encoding === 'br'
        ? await brotli(payload, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } })
        : await gzipAsync(payload, { level: 6 });
    reply.header('content-encoding', encoding);
    reply.removeHeader('content-length');
    return body;
  });
}

function mergeVary(current: unknown): string {
  const values = String(current ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  return values.some((v) => v.toLowerCase() === 'accept-encoding' || v === '*')
    ? values.join(', ')
    : [...values, 'accept-encoding'].join(', ');
}
