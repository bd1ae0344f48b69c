import { fireEvent, waitFor } from '@testing-library/preact';
import type { Message } from '@topay-support/protocol';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { type Mounted, mountWidget } from './helpers.js';
import { type Link, nodeFile, type SupportServer, startLink, startSupportServer } from './support-server.js';

// Attachments through the real SDK client to the real server (which judges a file by its bytes), with the
// demo agent at the other end. The widget reaches the server through a link a test can cut.
let server: SupportServer;
let link: Link;
let current: Mounted | undefined;
const observers: MutationObserver[] = [];

beforeAll(async () => {
  // Every test uploads a few files from this one address: above the default limit per 10 minutes.
  server = await startSupportServer({ env: { RATE_LIMIT_VISITOR_UPLOADS_PER_10_MINUTES: '1000' } });
  link = await startLink(server.url);
}, 30_000);
afterAll(async () => {
  await link.close();
  await server.close();
});
beforeEach(() => server.agent.online());
afterEach(() => {
  for (const observer of observers.splice(0)) observer.disconnect();
  vi.restoreAllMocks();
  link.restore();
  current?.controller.destroy();
  current = undefined;
  document.body.replaceChildren();
  localStorage.clear();
});

const EVIL = '<img src=x onerror=alert(1)>.png';
const LONG = { timeout: 10_000 };

async function setup(locale: 'en' | 'zh-CN' = 'en') {
  current = await mountWidget(link.url, { locale });
  const m = current;
  await m.run((c) => c.startChat());
  fireEvent.click(
    await m.ui.findByRole('button', { name: locale === 'en' ? 'A payment problem' : '支付问题' }, LONG),
  );
  await m.ui.findByRole('button', { name: locale === 'en' ? 'Attach a file' : '添加附件' }, LONG);
  const started = m.events.find((e) => e.event === 'chatStarted')?.args[0] as { conversationId: string };
  return { m, id: started.conversationId };
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Bytes the server takes for a PNG: it reads the signature, never the name or the declared type. */
const pngBytes = (size: number) => {
  const bytes = new Uint8Array(size);
  bytes.set(PNG_SIGNATURE);
  return bytes;
};
const png = (name = 'receipt.png', size = 3 * 1024) =>
  nodeFile([pngBytes(size)], name, { type: 'image/png' });

/** What the browser does when files are chosen in the picker. */
function pick(m: Mounted, files: File[]) {
  const input = m.shadow.querySelector<HTMLInputElement>('input[type=file]')!;
  Object.defineProperty(input, 'files', { configurable: true, value: files });
  fireEvent.change(input);
}

const composer = (m: Mounted) => m.ui.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement;
const chips = (m: Mounted) => m.ui.queryByRole('list', { name: 'Files to send' });
const chipStates = (m: Mounted) =>
  Array.from(chips(m)?.querySelectorAll('li') ?? [], (li) => [
    li.querySelector('.chip-name')?.textContent,
    li.className,
  ]);

/** The visitor's messages as the agent sees them: text and file names. */
async function received(id: string): Promise<Array<[string, string[]]>> {
  const messages: Message[] = await server.agent.messages(id);
  return messages
    .filter((message) => message.author.type === 'visitor')
    .map((message) => [message.text, message.attachments.map((a) => a.name)]);
}

/**
 * Runs `act` on every render of the shadow root until it returns true. A mutation observer's callback runs
 * right after the render, before the server's answer to a request can arrive: what the visitor can do while
 * an upload is on its way, without holding the upload back.
 */
function onRender(m: Mounted, act: () => boolean) {
  const observer = new MutationObserver(() => {
    if (act()) observer.disconnect();
  });
  observer.observe(m.shadow, { subtree: true, childList: true, attributes: true, characterData: true });
  observers.push(observer);
  return () => observer.disconnect();
}

describe('attachments in the chat view', () => {
  test('the attach button opens a picker for the accepted types; a picked file is a chip, sent by id once uploaded', async () => {
    const { m, id } = await setup();
    const input = m.shadow.querySelector<HTMLInputElement>('input[type=file]')!;
    expect(input.accept).toBe('image/png,image/jpeg,image/webp,application/pdf');
    const click = vi.spyOn(input, 'click').mockImplementation(() => {});
    fireEvent.click(m.ui.getByRole('button', { name: 'Attach a file' }));
    expect(click).toHaveBeenCalledOnce();

    // Send while uploading: nothing leaves yet, the text stays, and the visitor is told it will go.
    const seen: Array<{ chip: string; status: string; text: string }> = [];
    composer(m).value = 'Here is my receipt';
    fireEvent.input(composer(m));
    const stop = onRender(m, () => {
      const chip = chips(m)?.textContent ?? '';
      const box = m.shadow.querySelector('textarea');
      if (seen.length === 0 && box && chip.includes('Uploading…')) fireEvent.keyDown(box, { key: 'Enter' });
      seen.push({ chip, status: m.ui.queryByRole('status')?.textContent ?? '', text: box?.value ?? '' });
      return false;
    });
    pick(m, [png()]);
    await waitFor(
      async () => expect(await received(id)).toEqual([['Here is my receipt', ['receipt.png']]]),
      LONG,
    );
    stop();
    expect(seen[0]?.chip).toContain('receipt.png');
    expect(seen[0]?.chip).toContain('3 KB · Uploading…');
    expect(seen).toContainEqual({
      chip: expect.stringContaining('Uploading…'),
      status: 'Your message will be sent when the upload finishes.',
      text: 'Here is my receipt',
    });
    await waitFor(() => expect(composer(m).value).toBe(''));
    expect(chips(m)).toBeNull();
  });

  test('a file alone is a message; remove drops a chip (and its upload)', async () => {
    const { m, id } = await setup();
    pick(m, [png('a.png'), png('b.png')]);
    await waitFor(
      () =>
        expect(chipStates(m)).toEqual([
          ['a.png', 'chip done'],
          ['b.png', 'chip done'],
        ]),
      LONG,
    );
    // Removed while its upload is on its way.
    const stop = onRender(m, () => {
      const remove = m.ui.queryByRole('button', { name: 'Remove slow.png' });
      if (!remove) return false;
      fireEvent.click(remove);
      return true;
    });
    pick(m, [png('slow.png')]);
    await waitFor(() => expect(m.ui.queryByRole('button', { name: 'Remove slow.png' })).toBeNull());
    stop();
    fireEvent.click(m.ui.getByRole('button', { name: 'Remove a.png' }));
    await waitFor(() => expect(chipStates(m)).toEqual([['b.png', 'chip done']]));
    fireEvent.click(m.ui.getByRole('button', { name: 'Send' }));
    await waitFor(async () => expect(await received(id)).toEqual([['', ['b.png']]]), LONG);
  });

  test('pasting an image adds a chip; pasted text (even from an app that adds a picture) stays text', async () => {
    const { m } = await setup();
    const image = png('image.png');
    fireEvent.paste(composer(m), {
      clipboardData: { files: [image], types: ['Files'], getData: () => '' },
    });
    await waitFor(() => expect(chipStates(m)).toEqual([['image.png', 'chip done']]), LONG);
    expect(composer(m).value).toBe('');

    // Word and Excel: text, HTML and a rendering of the selection. The visitor meant the text.
    fireEvent.paste(composer(m), {
      clipboardData: {
        files: [png('rendering.png')],
        types: ['text/plain', 'text/html', 'Files'],
        getData: (type: string) => (type === 'text/plain' ? 'Order 123 <b>failed</b>' : '<b>x</b>'),
      },
    });
    await waitFor(() => expect(composer(m).value).toBe('Order 123 <b>failed</b>'));
    expect(chipStates(m)).toEqual([['image.png', 'chip done']]);
  });

  test('clear errors: over 10 MB, a type the server refuses, too many files, and a failed upload that can be retried', async () => {
    const { m, id } = await setup();
    // Declared a PNG, but not one by its bytes: the server refuses it.
    const page = nodeFile([new TextEncoder().encode('<html>not an image</html>')], 'page.png', {
      type: 'image/png',
    });
    pick(m, [png('big.png', 10 * 1024 * 1024 + 1), page]);
    await waitFor(() => expect(m.ui.getAllByRole('alert')).toHaveLength(2), LONG);
    expect(m.ui.getAllByRole('alert').map((a) => a.textContent)).toEqual([
      'This file is over 10 MB. Choose a smaller one.',
      'This type of file can’t be sent. Use PNG, JPEG or WebP images, or PDF.',
    ]);

    // The network drops while a file is on its way.
    link.cut();
    pick(m, [png('flaky.png')]);
    await waitFor(() => expect(m.ui.getAllByRole('alert')).toHaveLength(3), LONG);
    expect(m.ui.getAllByRole('alert')[2]?.textContent).toBe('Upload failed.');
    // Only the network failure offers a retry: the others would fail the same way.
    const retries = m.ui.getAllByRole('button', { name: 'Try again' });
    expect(retries).toHaveLength(1);

    // A failed file holds the message back (the text stays) until it is retried or removed.
    composer(m).value = 'see files';
    fireEvent.keyDown(composer(m), { key: 'Enter' });
    expect(composer(m).value).toBe('see files');

    link.restore();
    fireEvent.click(retries[0]!);
    await waitFor(() => expect(m.ui.getAllByRole('alert')).toHaveLength(2), LONG);
    fireEvent.click(m.ui.getByRole('button', { name: 'Remove big.png' }));
    fireEvent.click(m.ui.getByRole('button', { name: 'Remove page.png' }));
    await waitFor(() => expect(chipStates(m)).toEqual([['flaky.png', 'chip done']]), LONG);
    fireEvent.keyDown(composer(m), { key: 'Enter' });
    // Nothing was sent before: the first message the agent gets is this one, with the retried file.
    await waitFor(async () => expect(await received(id)).toEqual([['see files', ['flaky.png']]]), LONG);

    // Six files: the sixth is refused before any upload.
    pick(
      m,
      [1, 2, 3, 4, 5, 6].map((i) => png(`f${i}.png`)),
    );
    await waitFor(() => expect(m.ui.getByRole('alert').textContent).toBe('Up to 5 files per message.'));
    await waitFor(() => expect(m.shadow.querySelectorAll('.chip.done')).toHaveLength(5), LONG);
  });

  test('messages show images as lazy thumbnails opening in a new tab and PDFs as download rows; names are text', async () => {
    const { m, id } = await setup();
    const image = await server.agent.upload(EVIL, pngBytes(2048));
    const pdfBytes = new Uint8Array(1536 * 1024);
    pdfBytes.set(new TextEncoder().encode('%PDF-1.4\n'));
    const pdf = await server.agent.upload(`${EVIL}.pdf`, pdfBytes);
    await server.agent.replyWithFiles(id, '', [image.id, pdf.id]);
    const list = m.ui.getByRole('list', { name: 'Conversation' });
    await waitFor(() => expect(list.querySelectorAll('img')).toHaveLength(1), LONG);
    const img = list.querySelector('img')!;
    expect(img.getAttribute('alt')).toBe(EVIL);
    expect(img.getAttribute('loading')).toBe('lazy');
    // The server's signed link to the file.
    expect(img.getAttribute('src')).toMatch(
      new RegExp(`/v1/attachments/${image.id}\\?expires=\\d+&signature=`),
    );
    const thumb = img.closest('a')!;
    expect([thumb.getAttribute('href'), thumb.target, thumb.rel]).toEqual([
      img.getAttribute('src'),
      '_blank',
      'noopener noreferrer',
    ]);
    const row = m.ui.getByRole('link', { name: `${EVIL}.pdf 1.5 MB` });
    expect(row.getAttribute('href')).toContain(`/v1/attachments/${pdf.id}?`);
    expect(row.getAttribute('download')).toBe(`${EVIL}.pdf`);
    expect(row.getAttribute('rel')).toBe('noopener noreferrer');
    // The live region names the files of a message without text.
    expect(m.shadow.querySelector('[aria-live="polite"]')?.textContent).toContain(EVIL);

    // A picked file's name is text in its chip too.
    pick(m, [png(EVIL)]);
    await waitFor(() => expect(chips(m)?.textContent).toContain(EVIL));
    expect(chips(m)?.querySelector('img')).toBeNull();
  });

  test('speaks Chinese', async () => {
    const { m } = await setup('zh-CN');
    pick(m, [png('大图.png', 10 * 1024 * 1024 + 1)]);
    await waitFor(() =>
      expect(m.ui.getByRole('alert').textContent).toBe('文件超过 10 MB，请选择更小的文件。'),
    );
    expect(m.ui.getByRole('button', { name: '移除 大图.png' })).toBeTruthy();
  });
});
