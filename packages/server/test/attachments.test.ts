import type { Message } from '@topay-support/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loginDemoAgent, startTestServer, type TestServer } from './helpers.js';
import { clientId, connectAgent, connectVisitor, disconnectAll, next, ok } from './sockets-helpers.js';

// A real 1×1 PNG, and the starts of real JPEG and PDF files: type detection reads only the head.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const HTML = Buffer.from('<html><script>alert(document.cookie)</script></html>');
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');

let t: TestServer;
let agentToken: string;
beforeAll(async () => {
  t = await startTestServer();
  agentToken = await loginDemoAgent(t.url);
});
afterEach(() => disconnectAll());
afterAll(() => t.close());

async function visitor() {
  await connectAgent(t.url, agentToken);
  const { socket, session } = await connectVisitor(t.url);
  const { conversation } = ok(await socket.emitWithAck('conversation:open', {}));
  return { socket, token: session.visitorToken!, conversationId: conversation.id };
}

function upload(token: string, bytes: Buffer, name: string, contentType = 'application/octet-stream') {
  return fetch(`${t.url}/v1/visitor/attachments?merchantKey=pk_demo`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': contentType,
      'x-file-name': encodeURIComponent(name),
    },
    body: bytes,
  });
}

describe('attachments', () => {
  it('uploads a screenshot, attaches it to a message and serves it to both sides safely', async () => {
    const { socket, token, conversationId } = await visitor();
    const response = await upload(token, PNG, '付款截图.png');
    expect(response.status).toBe(201);
    const { attachment } = (await response.json()) as {
      attachment: { id: string; name: string; url: string };
    };
    expect(attachment).toMatchObject({ name: '付款截图.png', contentType: 'image/png', size: PNG.length });

    const agent = await connectAgent(t.url, agentToken);
    const atAgent = next<{ message: Message }>(agent, 'message:new', (e) => e.message.attachments.length > 0);
    const { message } = ok(
      await socket.emitWithAck('message:send', {
        conversationId,
        clientId: clientId(),
        text: '',
        attachmentIds: [attachment.id],
      }),
    );
    expect(message.attachments).toEqual([
      {
        id: attachment.id,
        name: '付款截图.png',
        contentType: 'image/png',
        size: PNG.length,
        url: expect.stringMatching(/^\/v1\/attachments\//),
      },
    ]);
    const relayed = (await atAgent).message.attachments[0]!;
    const file = await fetch(`${t.url}${relayed.url}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(file.headers.get('content-disposition')).toBe(
      `inline; filename*=UTF-8''${encodeURIComponent('付款截图.png')}`,
    );
    expect(file.headers.get('content-security-policy')).toContain('sandbox');
    expect(Buffer.from(await file.arrayBuffer()).equals(PNG)).toBe(true);

    // An attachment is used once, by its uploader only.
    expect(
      await socket.emitWithAck('message:send', {
        conversationId,
        clientId: clientId(),
        text: 'again',
        attachmentIds: [attachment.id],
      }),
    ).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });

  it('judges files by content, not by name or declared type', async () => {
    const { token } = await visitor();
    const lyingImage = await upload(token, HTML, 'cute-cat.png', 'image/png');
    expect(lyingImage.status).toBe(400);
    expect(await lyingImage.json()).toMatchObject({
      error: { code: 'invalid_request', message: expect.stringMatching(/PNG, JPEG, WebP/) },
    });
    expect((await upload(token, SVG, 'logo.svg')).status).toBe(400);

    const disguised = await upload(token, PNG, 'invoice.html', 'text/html');
    // text/html is not an accepted upload type at all: no route reads such a body.
    expect(disguised.status).toBe(415);
    expect(await disguised.json()).toMatchObject({ error: { code: 'unsupported_media_type' } });
    const renamed = await upload(token, PNG, '../../etc/invoice.html');
    expect(renamed.status).toBe(201);
    const { attachment } = (await renamed.json()) as {
      attachment: { name: string; contentType: string; url: string };
    };
    expect(attachment).toMatchObject({ name: 'invoice.html.png', contentType: 'image/png' });
    const file = await fetch(`${t.url}${attachment.url}`);
    expect(file.headers.get('content-type')).toBe('image/png');

    const pdf = await upload(token, PDF, 'statement');
    expect(pdf.status).toBe(201);
    const served = await fetch(
      `${t.url}${((await pdf.json()) as { attachment: { url: string } }).attachment.url}`,
    );
    expect(served.headers.get('content-type')).toBe('application/pdf');
    expect(served.headers.get('content-disposition')).toMatch(
      /^attachment; filename\*=UTF-8''statement\.pdf$/,
    );
  });

  it('refuses files over 10 MB, empty bodies and strangers', async () => {
    const { token } = await visitor();
    const big = Buffer.concat([PNG, Buffer.alloc(10 * 1024 * 1024)]);
    const tooBig = await upload(token, big, 'huge.png');
    expect(tooBig.status).toBe(413);
    expect(await tooBig.json()).toMatchObject({ error: { code: 'too_large' } });
    expect((await upload(token, Buffer.alloc(0), 'empty.png')).status).toBe(400);
    expect((await upload('not-a-token', PNG, 'x.png')).status).toBe(401);
  });

  it('serves files only through unexpired signed links', async () => {
    const { token } = await visitor();
    const { attachment } = (await (await upload(token, PNG, 'a.png')).json()) as {
      attachment: { id: string; url: string };
    };
    expect((await fetch(`${t.url}/v1/attachments/${attachment.id}`)).status).toBe(403);
    const tampered = attachment.url.replace(/signature=[^&]+/, 'signature=AAAA');
    expect((await fetch(`${t.url}${tampered}`)).status).toBe(403);
    const expired = attachment.url.replace(/expires=\d+/, 'expires=1000');
    expect((await fetch(`${t.url}${expired}`)).status).toBe(403);
  });
});
