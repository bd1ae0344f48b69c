import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import type { Attachment } from '@topay-support/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiFailure } from '../../../src/api.js';
import { resolveAttachmentUrl } from '../../../src/features/attachments/url.js';
import { mountWithBackend, type TestConsole } from '../../dom.js';
import { FakeBackend, ME, makeConversation, makeMessage } from '../../fake-backend.js';

const HOSTILE = '<img src=x onerror=alert(1)>.png';

let backend: FakeBackend;
let mounted: TestConsole | undefined;

beforeEach(() => {
  sessionStorage.clear();
  localStorage.clear();
  backend = new FakeBackend();
  backend.add(makeConversation({ id: 'c1', visitor: { id: 'v1', name: 'Ana' } }), [makeMessage({ seq: 1 })]);
});
afterEach(() => {
  mounted?.dispose();
  mounted = undefined;
});

const png = (name: string, size = 68) => new File([new Uint8Array(size)], name, { type: 'image/png' });
const sends = () => backend.transport.sent.filter((entry) => entry.event === 'message:send');
const messages = () => within(document.querySelector('.messages') as HTMLElement);
const chips = () => within(screen.getByRole('list', { name: 'Files to send' }));

async function openAna() {
  fireEvent.click(await screen.findByRole('button', { name: /^Ana/ }));
  return screen.findByLabelText('Reply to the visitor') as Promise<HTMLTextAreaElement>;
}

function pick(files: File[]) {
  const input = document.querySelector<HTMLInputElement>('.composer input[type="file"]');
  if (!input) throw new Error('no file input');
  fireEvent.change(input, { target: { files } });
}

/** Makes the next upload wait until the returned function is called. */
function holdNextUpload(): () => void {
  const answer = backend.onUpload;
  let release: () => void = () => undefined;
  backend.onUpload = (file, name) =>
    new Promise<Attachment>((resolve) => {
      release = () => {
        backend.onUpload = answer;
        void answer(file, name).then(resolve);
      };
    });
  return () => release();
}

describe('attachments in the composer', () => {
  it('shows a chip while uploading, sends once the upload is done, with only the attachment id', async () => {
    mounted = await mountWithBackend(backend);
    const box = await openAna();
    const release = holdNextUpload();
    pick([png('receipt.png', 2048)]);

    const chip = await screen.findByText('receipt.png');
    expect(chip.closest('li')?.textContent).toContain('2 kB');
    expect(chips().getByText('Uploading…')).toBeTruthy();

    // Send while the upload runs: nothing leaves yet, and the agent is told why.
    fireEvent.input(box, { target: { value: 'Here is the receipt' } });
    await waitFor(() => expect(box.value).toBe('Here is the receipt'));
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(await screen.findByText('Sends once the files are uploaded…')).toBeTruthy();
    expect(sends()).toHaveLength(0);

    release();
    await waitFor(() => expect(sends()).toHaveLength(1));
    const [attachment] = [...backend.uploads.values()].map((upload) => upload.attachment);
    expect(sends()[0]?.payload).toMatchObject({
      conversationId: 'c1',
      text: 'Here is the receipt',
      attachmentIds: [attachment?.id],
    });
    // The wire carries ids, never bytes.
    expect(JSON.stringify(sends()[0]?.payload)).not.toContain('data:');
    await waitFor(() => expect(screen.queryByRole('list', { name: 'Files to send' })).toBeNull());
    expect(box.value).toBe('');

    const image = await messages().findByRole('img', { name: 'receipt.png' });
    expect(image.getAttribute('loading')).toBe('lazy');
    const link = image.closest('a');
    expect(link?.getAttribute('href')).toBe(attachment?.url);
    expect(link?.getAttribute('target')).toBe('_blank');
    expect(link?.getAttribute('rel')).toBe('noopener noreferrer');
    await waitFor(() => expect(messages().getAllByRole('img')).toHaveLength(1));
  });

  it('attaches an image pasted into the reply box, and sends it without text', async () => {
    mounted = await mountWithBackend(backend);
    const box = await openAna();
    fireEvent.paste(box, {
      clipboardData: { files: [png('image.png')], getData: () => '' },
    });
    await waitFor(() => expect(backend.calls).toContain('upload:image.png'));
    await waitFor(() => expect(chips().queryByText('Uploading…')).toBeNull());
    expect(chips().getByText('image.png')).toBeTruthy();

    fireEvent.keyDown(box, { key: 'Enter' });
    await waitFor(() => expect(sends()).toHaveLength(1));
    expect(sends()[0]?.payload).toMatchObject({ text: '', attachmentIds: [expect.any(String)] });
    expect(await messages().findByRole('img', { name: 'image.png' })).toBeTruthy();
  });

  it('attaches files dropped on the composer', async () => {
    mounted = await mountWithBackend(backend);
    await openAna();
    const pdf = new File([new Uint8Array(300)], 'invoice.pdf', { type: 'application/pdf' });
    fireEvent.drop(document.querySelector('form.composer') as HTMLFormElement, {
      dataTransfer: { files: [pdf], types: ['Files'] },
    });
    await waitFor(() => expect(backend.calls).toContain('upload:invoice.pdf'));
    expect(await screen.findByText('invoice.pdf')).toBeTruthy();
  });

  it('leaves a paste that carries text to the text box', async () => {
    mounted = await mountWithBackend(backend);
    const box = await openAna();
    // Spreadsheets put a picture of the cells on the clipboard next to the text.
    fireEvent.paste(box, {
      clipboardData: {
        files: [png('cells.png')],
        getData: (type: string) => (type === 'text/plain' ? 'A1' : ''),
      },
    });
    expect(screen.queryByRole('list', { name: 'Files to send' })).toBeNull();
    expect(backend.calls.some((call) => call.startsWith('upload:'))).toBe(false);
  });

  it('refuses files the server would refuse, and lets a failed upload be retried or removed', async () => {
    mounted = await mountWithBackend(backend);
    const box = await openAna();
    const huge = new File([new Uint8Array(10 * 1024 * 1024 + 1)], 'huge.png', { type: 'image/png' });
    const gif = new File([new Uint8Array(10)], 'anim.gif', { type: 'image/gif' });
    pick([huge, gif]);
    expect(await screen.findByText('Larger than 10 MB')).toBeTruthy();
    expect(screen.getByText('Only PNG, JPEG, WebP and PDF files')).toBeTruthy();
    // Checked before a byte is sent; a retry could not help, so none is offered.
    expect(backend.calls.some((call) => call.startsWith('upload:'))).toBe(false);
    expect(chips().queryByRole('button', { name: 'Retry' })).toBeNull();

    fireEvent.input(box, { target: { value: 'see attached' } });
    await waitFor(() => expect(box.value).toBe('see attached'));
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(sends()).toHaveLength(0);
    fireEvent.click(screen.getByRole('button', { name: 'Remove huge.png' }));
    fireEvent.click(screen.getByRole('button', { name: 'Remove anim.gif' }));

    let refuse = true;
    const answer = backend.onUpload;
    backend.onUpload = (file, name) =>
      refuse ? Promise.reject(new ApiFailure('network_error', 'offline')) : answer(file, name);
    pick([png('later.png')]);
    expect(await screen.findByText('Upload failed')).toBeTruthy();
    refuse = false;
    fireEvent.click(chips().getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(screen.queryByText('Upload failed')).toBeNull());
    await waitFor(() => expect(chips().queryByText('Uploading…')).toBeNull());
    fireEvent.keyDown(box, { key: 'Enter' });
    await waitFor(() => expect(sends()).toHaveLength(1));
    expect(sends()[0]?.payload).toMatchObject({ text: 'see attached', attachmentIds: [expect.any(String)] });
  });

  it('takes at most five files per message', async () => {
    mounted = await mountWithBackend(backend);
    await openAna();
    pick(['1', '2', '3', '4', '5', '6'].map((n) => png(`${n}.png`)));
    expect(await screen.findByText('A message can carry at most 5 files.')).toBeTruthy();
    expect(chips().getAllByRole('listitem')).toHaveLength(5);
    expect(chips().queryByText('6.png')).toBeNull();
  });

  it('shows a hostile file name as text: in the chip, as alt text and in a PDF row', async () => {
    const image: Attachment = {
      id: 'a1',
      name: HOSTILE,
      contentType: 'image/png',
      size: 68,
      url: '/v1/attachments/a1?expires=1&signature=s',
    };
    const pdf: Attachment = {
      id: 'a2',
      name: `${HOSTILE}.pdf`,
      contentType: 'application/pdf',
      size: 120_000,
      url: '/v1/attachments/a2?expires=1&signature=s',
    };
    backend.add(makeConversation({ id: 'c2', visitor: { id: 'v2', name: 'Bo' } }), [
      makeMessage({ seq: 1, text: '', attachments: [image, pdf] }),
    ]);
    mounted = await mountWithBackend(backend);
    fireEvent.click(await screen.findByRole('button', { name: /^Bo/ }));
    await screen.findByRole('heading', { level: 2, name: 'Bo' });
    const thumbnail = await messages().findByRole('img');
    expect(thumbnail.getAttribute('alt')).toBe(HOSTILE);
    const file = messages().getByText(`${HOSTILE}.pdf`);
    expect(file.closest('a')?.getAttribute('href')).toBe(pdf.url);
    expect(file.closest('a')?.getAttribute('rel')).toBe('noopener noreferrer');
    expect(file.closest('li')?.textContent).toContain('120 kB');
    // The one <img> is the thumbnail; the name created none.
    expect(mounted.root.querySelectorAll('img')).toHaveLength(1);

    pick([new File([new Uint8Array(4)], HOSTILE, { type: 'image/png' })]);
    const pending = await screen.findByRole('list', { name: 'Files to send' });
    expect(within(pending).getByText(HOSTILE).tagName).toBe('SPAN');
    expect(mounted.root.querySelectorAll('img')).toHaveLength(1);
  });
});

describe('message authors', () => {
  it('names visitor messages after the visitor, else "Visitor"', async () => {
    backend.add(makeConversation({ id: 'c2', visitor: { id: 'v2', email: 'x@example.com' } }), [
      makeMessage({ seq: 1, text: 'anonymous hello' }),
      makeMessage({ seq: 2, text: 'hi', author: { type: 'agent', id: ME.agent.id, name: 'Mei' } }),
    ]);
    mounted = await mountWithBackend(backend);
    await openAna();
    const ana = await messages().findByText('Hello');
    expect(ana.closest('li')?.querySelector('.message__author')?.textContent).toBe('Ana');

    fireEvent.click(screen.getByRole('button', { name: /^x@example\.com/ }));
    await screen.findByRole('heading', { level: 2, name: 'x@example.com' });
    const anonymous = await messages().findByText('anonymous hello');
    expect(anonymous.closest('li')?.querySelector('.message__author')?.textContent).toBe('Visitor');
    const agent = messages().getByText('hi');
    expect(agent.closest('li')?.querySelector('.message__author')?.textContent).toBe('Mei');
  });
});

describe('resolveAttachmentUrl', () => {
  it('resolves the server’s paths and refuses anything that is not http(s)', () => {
    expect(resolveAttachmentUrl('', '/v1/attachments/a?x=1')).toBe('/v1/attachments/a?x=1');
    expect(resolveAttachmentUrl('http://127.0.0.1:8080/', '/v1/attachments/a')).toBe(
      'http://127.0.0.1:8080/v1/attachments/a',
    );
    expect(resolveAttachmentUrl('', 'https://cdn.example/a.png')).toBe('https://cdn.example/a.png');
    expect(resolveAttachmentUrl('', 'javascript:alert(1)')).toBeUndefined();
    expect(resolveAttachmentUrl('', '//evil.example/a.png')).toBeUndefined();
    expect(resolveAttachmentUrl('', 'data:image/png;base64,AAAA')).toBeUndefined();
  });
});
