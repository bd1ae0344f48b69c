import { fireEvent } from '@testing-library/preact';
import type { Attachment } from '@topay-support/protocol';
import { SupportError } from '@topay-support/sdk';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { FakeConversation, fakeAttachment, fakeClient } from './fake-chat.js';
import { demoConfig, type Mounted, mount } from './helpers.js';

let current: Mounted | undefined;
afterEach(() => {
  current?.controller.destroy();
  current = undefined;
  document.body.replaceChildren();
});

const EVIL = '<img src=x onerror=alert(1)>.png';

async function setup(locale: 'en' | 'zh-CN' = 'en') {
  const conversation = new FakeConversation('c1');
  const fake = fakeClient(conversation);
  current = await mount({ locale }, demoConfig(), fake.client);
  const m = current;
  await m.run((c) => c.startChat());
  await settle(m);
  return { m, conversation };
}

/** Lets the lazy chunk import (real module loading), the fake's promises and Preact's renders settle. */
async function settle(m: Mounted) {
  await vi.waitFor(() => expect(m.shadow.querySelector('.chat-body')).toBeTruthy(), { timeout: 5000 });
  for (let i = 0; i < 5; i++) await m.flush();
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const png = (name = 'receipt.png', size = 3 * 1024) =>
  new File([new Uint8Array(size)], name, { type: 'image/png' });

/** What the browser does when files are chosen in the picker. */
function pick(m: Mounted, files: File[]) {
  const input = m.shadow.querySelector<HTMLInputElement>('input[type=file]')!;
  Object.defineProperty(input, 'files', { configurable: true, value: files });
  fireEvent.change(input);
}

const composer = (m: Mounted) => m.ui.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement;
const chips = (m: Mounted) => m.ui.queryByRole('list', { name: 'Files to send' });

describe('attachments in the chat view', () => {
  test('the attach button opens a picker for the accepted types; a picked file is a chip, sent by id once uploaded', async () => {
    const { m, conversation } = await setup();
    const upload = deferred<Attachment>();
    conversation.uploadAnswer = () => upload.promise;
    const input = m.shadow.querySelector<HTMLInputElement>('input[type=file]')!;
    expect(input.accept).toBe('image/png,image/jpeg,image/webp,application/pdf');
    const click = vi.spyOn(input, 'click').mockImplementation(() => {});
    fireEvent.click(m.ui.getByRole('button', { name: 'Attach a file' }));
    expect(click).toHaveBeenCalledOnce();

    pick(m, [png()]);
    await settle(m);
    expect(conversation.uploads.map((u) => u.file.name)).toEqual(['receipt.png']);
    expect(chips(m)?.textContent).toContain('receipt.png');
    expect(chips(m)?.textContent).toContain('3 KB · Uploading…');

    // Send while uploading: nothing leaves yet, the text stays, and the visitor is told it will go.
    composer(m).value = 'Here is my receipt';
    fireEvent.input(composer(m));
    fireEvent.keyDown(composer(m), { key: 'Enter' });
    await settle(m);
    expect(conversation.sent).toEqual([]);
    expect(m.ui.getByRole('status').textContent).toBe('Your message will be sent when the upload finishes.');

    upload.resolve(fakeAttachment('att-1', 'receipt.png'));
    // The composer sends from an effect, which Preact runs after the next paint.
    await vi.waitFor(() => expect(conversation.sent).toEqual(['Here is my receipt']));
    await settle(m);
    expect(conversation.sentOptions).toEqual([{ attachmentIds: ['att-1'] }]);
    expect(composer(m).value).toBe('');
    expect(chips(m)).toBeNull();
  });

  test('a file alone is a message; remove drops a chip and aborts its upload', async () => {
    const { m, conversation } = await setup();
    pick(m, [png('a.png'), png('b.png')]);
    await settle(m);
    expect(conversation.uploads).toHaveLength(2);
    const pending = deferred<Attachment>();
    conversation.uploadAnswer = () => pending.promise;
    pick(m, [png('slow.png')]);
    await settle(m);
    fireEvent.click(m.ui.getByRole('button', { name: 'Remove slow.png' }));
    fireEvent.click(m.ui.getByRole('button', { name: 'Remove a.png' }));
    await settle(m);
    expect(conversation.uploads[2]?.signal?.aborted).toBe(true);
    expect(chips(m)?.querySelectorAll('li')).toHaveLength(1);
    fireEvent.click(m.ui.getByRole('button', { name: 'Send' }));
    await settle(m);
    expect(conversation.sent).toEqual(['']);
    expect(conversation.sentOptions).toEqual([{ attachmentIds: ['att-2'] }]);
  });

  test('pasting an image adds a chip; pasted text (even from an app that adds a picture) stays text', async () => {
    const { m, conversation } = await setup();
    const image = png('image.png');
    fireEvent.paste(composer(m), {
      clipboardData: { files: [image], types: ['Files'], getData: () => '' },
    });
    await settle(m);
    expect(conversation.uploads.map((u) => u.file)).toEqual([image]);
    expect(chips(m)?.textContent).toContain('image.png');
    expect(composer(m).value).toBe('');

    // Word and Excel: text, HTML and a rendering of the selection. The visitor meant the text.
    fireEvent.paste(composer(m), {
      clipboardData: {
        files: [png('rendering.png')],
        types: ['text/plain', 'text/html', 'Files'],
        getData: (type: string) => (type === 'text/plain' ? 'Order 123 <b>failed</b>' : '<b>x</b>'),
      },
    });
    await settle(m);
    expect(conversation.uploads).toHaveLength(1);
    expect(composer(m).value).toBe('Order 123 <b>failed</b>');
  });

  test('clear errors: over 10 MB, an unsupported type, too many files, and a failed upload that can be retried', async () => {
    const { m, conversation } = await setup();
    conversation.uploadAnswer = (file) =>
      Promise.reject(
        file.name === 'big.png'
          ? new SupportError('too_large', 'a file has at most 10 MB')
          : file.name === 'page.png'
            ? new SupportError('invalid_request', 'only PNG, JPEG, WebP images and PDF documents')
            : new SupportError('network_error', 'offline'),
      );
    pick(m, [png('big.png'), png('page.png'), png('flaky.png')]);
    await settle(m);
    const alerts = m.ui.getAllByRole('alert').map((a) => a.textContent);
    expect(alerts).toEqual([
      'This file is over 10 MB. Choose a smaller one.',
      'This type of file can’t be sent. Use PNG, JPEG or WebP images, or PDF.',
      'Upload failed.',
    ]);
    // Only the network failure offers a retry: the others would fail the same way.
    const retries = m.ui.getAllByRole('button', { name: 'Try again' });
    expect(retries).toHaveLength(1);

    // A failed file holds the message back (the text stays) until it is retried or removed.
    composer(m).value = 'see files';
    fireEvent.keyDown(composer(m), { key: 'Enter' });
    await settle(m);
    expect(conversation.sent).toEqual([]);
    expect(composer(m).value).toBe('see files');

    conversation.uploadAnswer = (file, n) => Promise.resolve(fakeAttachment(`att-${n}`, file.name ?? ''));
    fireEvent.click(retries[0]!);
    await settle(m);
    expect(m.ui.getAllByRole('alert')).toHaveLength(2);
    fireEvent.click(m.ui.getByRole('button', { name: 'Remove big.png' }));
    fireEvent.click(m.ui.getByRole('button', { name: 'Remove page.png' }));
    await settle(m);
    fireEvent.keyDown(composer(m), { key: 'Enter' });
    await settle(m);
    expect(conversation.sentOptions).toEqual([{ attachmentIds: ['att-4'] }]);

    // Six files: the sixth is refused before any upload.
    pick(
      m,
      [1, 2, 3, 4, 5, 6].map((i) => png(`f${i}.png`)),
    );
    await settle(m);
    expect(conversation.uploads).toHaveLength(9);
    expect(m.ui.getByRole('alert').textContent).toBe('Up to 5 files per message.');
  });

  test('messages show images as lazy thumbnails opening in a new tab and PDFs as download rows; names are text', async () => {
    const { m, conversation } = await setup();
    conversation.push({ type: 'agent', id: 'a1', name: '小王' }, '', {
      attachments: [
        fakeAttachment('i1', EVIL, 'image/png'),
        fakeAttachment('p1', `${EVIL}.pdf`, 'application/pdf', 1536 * 1024),
        // A link that is not http(s) is never used.
        { ...fakeAttachment('j1', 'trap.png'), url: 'javascript:alert(1)' },
      ],
    });
    await settle(m);
    const list = m.ui.getByRole('list', { name: 'Conversation' });
    const images = list.querySelectorAll('img');
    expect(images).toHaveLength(1);
    const img = images[0]!;
    expect(img.getAttribute('alt')).toBe(EVIL);
    expect(img.getAttribute('loading')).toBe('lazy');
    expect(img.getAttribute('src')).toBe('https://support.test/v1/attachments/i1?expires=1&signature=s');
    const thumb = img.closest('a')!;
    expect([thumb.getAttribute('href'), thumb.target, thumb.rel]).toEqual([
      img.getAttribute('src'),
      '_blank',
      'noopener noreferrer',
    ]);
    const pdf = m.ui.getByRole('link', { name: `${EVIL}.pdf 1.5 MB` });
    expect(pdf.getAttribute('href')).toContain('/v1/attachments/p1?');
    expect(pdf.getAttribute('download')).toBe(`${EVIL}.pdf`);
    expect(pdf.getAttribute('rel')).toBe('noopener noreferrer');
    expect(list.textContent).toContain('trap.png');
    expect(list.querySelector('[href^="javascript"]')).toBeNull();
    // The live region names the files of a message without text.
    expect(m.shadow.querySelector('[aria-live="polite"]')?.textContent).toContain(EVIL);

    // A picked file's name is text in its chip too.
    pick(m, [png(EVIL)]);
    await settle(m);
    expect(chips(m)?.querySelector('img')).toBeNull();
    expect(chips(m)?.textContent).toContain(EVIL);
  });

  test('speaks Chinese', async () => {
    const { m, conversation } = await setup('zh-CN');
    conversation.uploadAnswer = () => Promise.reject(new SupportError('too_large', 'big'));
    expect(m.ui.getByRole('button', { name: '添加附件' })).toBeTruthy();
    pick(m, [png('大图.png')]);
    await settle(m);
    expect(m.ui.getByRole('alert').textContent).toBe('文件超过 10 MB，请选择更小的文件。');
    expect(m.ui.getByRole('button', { name: '移除 大图.png' })).toBeTruthy();
  });
});
