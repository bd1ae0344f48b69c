import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resolveAttachmentUrl } from '../../../src/features/attachments/url.js';
import { agentSockets } from '../../connection.js';
import { mountSignedIn, type TestConsole } from '../../dom.js';
import { startTestServer, type TestServer } from '../../server.js';
import { createTeam, disconnectAll, startVisitorChat, type Team, type VisitorChat } from '../../team.js';

const HOSTILE = '<img src=x onerror=alert(1)>.png';
// A real 1×1 PNG (as in the server's attachment tests): the server types uploads by their bytes.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const PDF = Buffer.from('%PDF-1.4\n%%EOF\n');

/** The real file's bytes, padded to `size` (the server reads the signature at the start). */
function bytes(file: Buffer, size = file.length): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(Math.max(size, file.length));
  out.set(file);
  return out;
}

const png = (name: string, size?: number) => new File([bytes(PNG, size)], name, { type: 'image/png' });

let server: TestServer;
let mounted: TestConsole | undefined;
let restoreStorage: (() => void) | undefined;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  sessionStorage.clear();
  localStorage.clear();
});
afterEach(() => {
  restoreStorage?.();
  restoreStorage = undefined;
  mounted?.dispose();
  mounted = undefined;
  disconnectAll();
});

type Create = TestServer['storage']['attachments']['create'];

/**
 * Watches the real server store uploads: names as stored, and a way to hold the next one (as a slow
 * network does) or to make it fail once (as a database hiccup does, answered with a 500).
 */
function watchUploads() {
  const attachments = server.storage.attachments;
  const create: Create = attachments.create.bind(attachments);
  const names: string[] = [];
  let gate: Promise<void> | undefined;
  let failNext = false;
  attachments.create = async (input) => {
    names.push(input.name);
    if (gate) await gate;
    if (failNext) {
      failNext = false;
      throw new Error('the database is briefly away');
    }
    return create(input);
  };
  restoreStorage = () => {
    attachments.create = create;
  };
  return {
    names,
    hold(): () => void {
      let release: () => void = () => undefined;
      gate = new Promise((resolve) => {
        release = resolve;
      });
      return () => {
        gate = undefined;
        release();
      };
    },
    failOnce() {
      failNext = true;
    },
  };
}

/** Every `message:send` payload the server receives from `agentId`'s console. */
function watchSends(agentId: string): unknown[] {
  const sent: unknown[] = [];
  for (const socket of agentSockets(server, agentId)) {
    socket.onAny((event: string, payload: unknown) => {
      if (event === 'message:send') sent.push(payload);
    });
  }
  return sent;
}

const messages = () => within(document.querySelector('.messages') as HTMLElement);
const chips = () => within(screen.getByRole('list', { name: 'Files to send' }));

async function openAna(): Promise<{ team: Team; chat: VisitorChat; box: HTMLTextAreaElement }> {
  const team = await createTeam(server);
  mounted = await mountSignedIn(server, team.me);
  const chat = await startVisitorChat(server, team, { name: 'Ana' });
  await chat.send('Hello');
  fireEvent.click(await screen.findByRole('button', { name: /^Ana/ }));
  const box = (await screen.findByLabelText('Reply to the visitor')) as HTMLTextAreaElement;
  return { team, chat, box };
}

function pick(files: File[]) {
  const input = document.querySelector<HTMLInputElement>('.composer input[type="file"]');
  if (!input) throw new Error('no file input');
  fireEvent.change(input, { target: { files } });
}

async function type(box: HTMLTextAreaElement, text: string) {
  fireEvent.input(box, { target: { value: text } });
  await waitFor(() => expect(box.value).toBe(text));
}

const storedMessages = async (chat: VisitorChat) =>
  server.storage.messages.listAfter(chat.conversation.id, 0, 50, true);

/** The visitor's greeting and the agent's reply, once the reply is stored. */
const storedTwo = (chat: VisitorChat) =>
  waitFor(async () => {
    const list = await storedMessages(chat);
    expect(list).toHaveLength(2);
    return list;
  });

describe('attachments in the composer', () => {
  it('shows a chip while uploading, sends once the upload is done, with only the attachment id', async () => {
    const { team, chat, box } = await openAna();
    const uploads = watchUploads();
    const sent = watchSends(team.me.agent.id);
    const release = uploads.hold();
    pick([png('receipt.png', 2048)]);

    const chip = await screen.findByText('receipt.png');
    expect(chip.closest('li')?.textContent).toContain('2 kB');
    expect(chips().getByText('Uploading…')).toBeTruthy();

    // Send while the upload runs: nothing leaves yet, and the agent is told why.
    await type(box, 'Here is the receipt');
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(await screen.findByText('Sends once the files are uploaded…')).toBeTruthy();
    expect(sent).toHaveLength(0);

    release();
    await waitFor(() => expect(sent).toHaveLength(1));
    const [, stored] = await storedTwo(chat);
    const attachment = stored?.attachments[0];
    expect(stored?.attachments).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      conversationId: chat.conversation.id,
      text: 'Here is the receipt',
      attachmentIds: [attachment?.id],
    });
    // The wire carries ids, never bytes.
    expect(JSON.stringify(sent[0])).not.toContain('data:');
    await waitFor(() => expect(screen.queryByRole('list', { name: 'Files to send' })).toBeNull());
    expect(box.value).toBe('');

    const image = await messages().findByRole('img', { name: 'receipt.png' });
    expect(image.getAttribute('loading')).toBe('lazy');
    const link = image.closest('a');
    expect(link?.getAttribute('href')).toMatch(
      new RegExp(`^${server.baseUrl}/v1/attachments/${attachment?.id}\\?`),
    );
    expect(link?.getAttribute('target')).toBe('_blank');
    expect(link?.getAttribute('rel')).toBe('noopener noreferrer');
    await waitFor(() => expect(messages().getAllByRole('img')).toHaveLength(1));
    // The visitor gets the same file.
    await waitFor(() =>
      expect(chat.received.find((message) => message.text === 'Here is the receipt')?.attachments).toEqual([
        expect.objectContaining({ id: attachment?.id, name: 'receipt.png', contentType: 'image/png' }),
      ]),
    );
  });

  it('attaches an image pasted into the reply box, and sends it without text', async () => {
    const { chat, box } = await openAna();
    const uploads = watchUploads();
    fireEvent.paste(box, {
      clipboardData: { files: [png('image.png')], getData: () => '' },
    });
    await waitFor(() => expect(uploads.names).toEqual(['image.png']));
    await waitFor(() => expect(chips().queryByText('Uploading…')).toBeNull());
    expect(chips().getByText('image.png')).toBeTruthy();

    fireEvent.keyDown(box, { key: 'Enter' });
    expect(await messages().findByRole('img', { name: 'image.png' })).toBeTruthy();
    const [, stored] = await storedTwo(chat);
    expect(stored).toMatchObject({ text: '', attachments: [expect.objectContaining({ name: 'image.png' })] });
  });

  it('attaches files dropped on the composer', async () => {
    await openAna();
    const uploads = watchUploads();
    const pdf = new File([bytes(PDF, 120_000)], 'invoice.pdf', { type: 'application/pdf' });
    fireEvent.drop(document.querySelector('form.composer') as HTMLFormElement, {
      dataTransfer: { files: [pdf], types: ['Files'] },
    });
    await waitFor(() => expect(uploads.names).toEqual(['invoice.pdf']));
    expect(await screen.findByText('invoice.pdf')).toBeTruthy();
    await waitFor(() => expect(chips().queryByText('Uploading…')).toBeNull());
    expect(chips().queryByText('Upload failed')).toBeNull();
  });

  it('types an upload by its bytes, whatever the file claims to be', async () => {
    const { chat, box } = await openAna();
    // A screenshot saved with the wrong name and type: the server stores it as the PNG it is.
    pick([new File([bytes(PNG)], 'scan.pdf', { type: 'application/pdf' })]);
    await waitFor(() => expect(chips().queryByText('Uploading…')).toBeNull());
    fireEvent.keyDown(box, { key: 'Enter' });
    const image = await messages().findByRole('img', { name: 'scan.pdf.png' });
    expect(image).toBeTruthy();
    const [, stored] = await storedTwo(chat);
    expect(stored?.attachments).toEqual([
      expect.objectContaining({ name: 'scan.pdf.png', contentType: 'image/png' }),
    ]);
    // Bytes that are no image at all are refused by the server, whatever the browser said.
    pick([new File([new TextEncoder().encode('<svg onload=alert(1)>')], 'fake.png', { type: 'image/png' })]);
    expect(await screen.findByText('Only PNG, JPEG, WebP and PDF files')).toBeTruthy();
    expect(chips().queryByRole('button', { name: 'Retry' })).toBeNull();
  });

  it('leaves a paste that carries text to the text box', async () => {
    const { box } = await openAna();
    const uploads = watchUploads();
    // Spreadsheets put a picture of the cells on the clipboard next to the text.
    fireEvent.paste(box, {
      clipboardData: {
        files: [png('cells.png')],
        getData: (type: string) => (type === 'text/plain' ? 'A1' : ''),
      },
    });
    expect(screen.queryByRole('list', { name: 'Files to send' })).toBeNull();
    expect(uploads.names).toEqual([]);
  });

  it('refuses files the server would refuse, and lets a failed upload be retried or removed', async () => {
    const { team, chat, box } = await openAna();
    const uploads = watchUploads();
    const sent = watchSends(team.me.agent.id);
    const huge = png('huge.png', 10 * 1024 * 1024 + 1);
    const gif = new File([new Uint8Array(10)], 'anim.gif', { type: 'image/gif' });
    pick([huge, gif]);
    expect(await screen.findByText('Larger than 10 MB')).toBeTruthy();
    expect(screen.getByText('Only PNG, JPEG, WebP and PDF files')).toBeTruthy();
    // Checked before a byte is sent; a retry could not help, so none is offered.
    expect(uploads.names).toEqual([]);
    expect(chips().queryByRole('button', { name: 'Retry' })).toBeNull();

    await type(box, 'see attached');
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(sent).toHaveLength(0);
    fireEvent.click(screen.getByRole('button', { name: 'Remove huge.png' }));
    fireEvent.click(screen.getByRole('button', { name: 'Remove anim.gif' }));

    uploads.failOnce();
    pick([png('later.png')]);
    expect(await screen.findByText('Upload failed')).toBeTruthy();
    fireEvent.click(chips().getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(screen.queryByText('Upload failed')).toBeNull());
    await waitFor(() => expect(chips().queryByText('Uploading…')).toBeNull());
    fireEvent.keyDown(box, { key: 'Enter' });
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toMatchObject({ text: 'see attached', attachmentIds: [expect.any(String)] });
    expect(await messages().findByRole('img', { name: 'later.png' })).toBeTruthy();
    expect(uploads.names).toEqual(['later.png', 'later.png']);
    expect((await storedMessages(chat)).map((message) => message.text)).toEqual(['Hello', 'see attached']);
  });

  it('takes at most five files per message', async () => {
    await openAna();
    pick(['1', '2', '3', '4', '5', '6'].map((n) => png(`${n}.png`)));
    expect(await screen.findByText('A message can carry at most 5 files.')).toBeTruthy();
    expect(chips().getAllByRole('listitem')).toHaveLength(5);
    expect(chips().queryByText('6.png')).toBeNull();
    await waitFor(() => expect(chips().queryByText('Uploading…')).toBeNull());
  });

  it('shows a hostile file name from a visitor as text: as alt text and in a PDF row', async () => {
    const team = await createTeam(server);
    mounted = await mountSignedIn(server, team.me);
    const chat = await startVisitorChat(server, team, { name: 'Bo' });
    const image = await chat.upload(bytes(PNG), HOSTILE);
    const pdf = await chat.upload(bytes(PDF, 120_000), `${HOSTILE}.pdf`);
    await chat.send('', undefined, [image, pdf]);
    fireEvent.click(await screen.findByRole('button', { name: /^Bo/ }));
    await screen.findByRole('heading', { level: 2, name: 'Bo' });
    const thumbnail = await messages().findByRole('img');
    expect(thumbnail.getAttribute('alt')).toBe(HOSTILE);
    const file = messages().getByText(`${HOSTILE}.pdf`);
    expect(file.closest('a')?.getAttribute('href')).toMatch(
      new RegExp(`^${server.baseUrl}/v1/attachments/${pdf}\\?`),
    );
    expect(file.closest('a')?.getAttribute('rel')).toBe('noopener noreferrer');
    expect(file.closest('li')?.textContent).toContain('120 kB');
    // The one <img> is the thumbnail; the name created none.
    expect(mounted.root.querySelectorAll('img')).toHaveLength(1);

    pick([new File([bytes(PNG)], HOSTILE, { type: 'image/png' })]);
    const pending = await screen.findByRole('list', { name: 'Files to send' });
    expect(within(pending).getByText(HOSTILE).tagName).toBe('SPAN');
    expect(mounted.root.querySelectorAll('img')).toHaveLength(1);
    // Let the upload finish: one cut off mid-body would hold the server's close until it times out.
    await waitFor(() => expect(within(pending).queryByText('Uploading…')).toBeNull());
  });
});

describe('message authors', () => {
  it('names visitor messages after the visitor, else "Visitor", and replies after their agent', async () => {
    const team = await createTeam(server);
    mounted = await mountSignedIn(server, team.me);
    const ana = await startVisitorChat(server, team, { name: 'Ana' });
    await ana.send('Hello');
    const anonymous = await startVisitorChat(server, team, { email: 'x@example.com' });
    await anonymous.send('anonymous hello');

    fireEvent.click(await screen.findByRole('button', { name: /^Ana/ }));
    await screen.findByRole('heading', { level: 2, name: 'Ana' });
    const hello = await messages().findByText('Hello');
    expect(hello.closest('li')?.querySelector('.message__author')?.textContent).toBe('Ana');

    fireEvent.click(screen.getByRole('button', { name: /^x@example\.com/ }));
    await screen.findByRole('heading', { level: 2, name: 'x@example.com' });
    const unnamed = await messages().findByText('anonymous hello');
    expect(unnamed.closest('li')?.querySelector('.message__author')?.textContent).toBe('Visitor');
    const box = await screen.findByLabelText('Reply to the visitor');
    await type(box as HTMLTextAreaElement, 'hi');
    fireEvent.keyDown(box, { key: 'Enter' });
    await waitFor(() =>
      expect(
        messages().getByText('hi').closest('li:not(.message--pending)')?.querySelector('.message__author')
          ?.textContent,
      ).toBe(team.me.agent.name),
    );
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
