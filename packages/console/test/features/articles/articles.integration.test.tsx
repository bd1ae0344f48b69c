import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
// Relative, as in test/server.ts: the console does not depend on the server package.
import { hashPassword } from '../../../../server/src/auth/passwords.js';
import { mountForTest, submitLogin, type TestConsole } from '../../dom.js';
import { DEMO_PASSWORD, startTestServer, type TestServer } from '../../server.js';
import { connectVisitorSocket, type VisitorSocket } from '../../team.js';

let server: TestServer;
let mounted: TestConsole | undefined;
let visitor: VisitorSocket | undefined;

beforeAll(async () => {
  server = await startTestServer();
  await server.storage.agents.create({
    merchantId: server.merchantId,
    email: 'plain@demo.test',
    name: 'Plain Agent',
    role: 'agent',
    passwordHash: await hashPassword('plain-password-1'),
  });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  sessionStorage.clear();
  localStorage.clear();
});
afterEach(() => {
  mounted?.dispose();
  mounted = undefined;
  visitor?.disconnect();
  visitor = undefined;
  vi.restoreAllMocks();
});

async function signIn(email = 'agent@demo.test', password = DEMO_PASSWORD): Promise<TestConsole> {
  const app = mountForTest(server.baseUrl);
  await submitLogin(email, password);
  await screen.findByRole('heading', { name: 'Conversations' });
  return app;
}

async function openArticles(): Promise<void> {
  fireEvent.click(screen.getByRole('link', { name: 'Articles' }));
  await screen.findByRole('heading', { level: 1, name: 'Help center articles' }, { timeout: 5_000 });
  await screen.findByText(/ of \d+ articles/, undefined, { timeout: 5_000 });
}

describe('help articles against the real server', () => {
  it('searches “忘记密码” in the visitor’s language and inserts the link at the cursor', async () => {
    mounted = await signIn();
    await waitFor(() => expect(mounted?.workspace.value?.transport.state.value).toBe('connected'), {
      timeout: 5_000,
    });
    visitor = (await connectVisitorSocket(server.baseUrl)).socket;
    const opened = await visitor
      .timeout(5_000)
      .emitWithAck('conversation:open', { topic: 'account', context: { locale: 'zh-CN' } });
    if (!opened.ok) throw new Error(opened.error.message);
    await visitor.timeout(5_000).emitWithAck('message:send', {
      conversationId: opened.data.conversation.id,
      clientId: 'visitor-msg-article',
      text: '我忘记密码了',
    });
    const row = await screen.findByText('我忘记密码了', { selector: '.row__preview' }, { timeout: 5_000 });
    fireEvent.click(row.closest('button') as HTMLButtonElement);
    const box = (await screen.findByLabelText('Reply to the visitor')) as HTMLTextAreaElement;
    // The opened conversation takes focus at its heading first (an effect after paint).
    await waitFor(() => expect(document.activeElement?.id).toBe('conversation-heading'));
    fireEvent.input(box, { target: { value: '您好，请看：' } });

    fireEvent.click(screen.getByRole('button', { name: 'Help articles' }));
    const picker = await screen.findByRole('dialog', { name: 'Insert a help article' });
    const search = within(picker).getByRole('combobox', { name: 'Search help articles' });
    expect(document.activeElement).toBe(search);
    // The visitor wrote in Chinese: the search starts there.
    expect(within(picker).getByRole('radio', { name: '简体中文 (visitor’s language)' })).toHaveProperty(
      'checked',
      true,
    );
    fireEvent.input(search, { target: { value: '忘记密码' } });
    const option = await within(picker).findByRole('option', { name: /忘记密码/ }, { timeout: 5_000 });
    expect(option.getAttribute('aria-selected')).toBe('true');
    expect(option.textContent).toMatch(/Account/);
    const title = option.querySelector('.article-picker__option-title')?.textContent ?? '';
    fireEvent.keyDown(search, { key: 'Enter' });

    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Insert a help article' })).toBeNull());
    const expected = `${server.baseUrl}/help/pk_demo/zh-CN/forgot-password`;
    await waitFor(() => expect(box.value).toBe(`您好，请看： ${title} — ${expected}`));
    expect(document.activeElement).toBe(box);
    expect(box.selectionStart).toBe(box.value.length);
    // The link is the real public page.
    expect((await fetch(expected)).status).toBe(200);
  });

  it('creates a draft, previews it without the script, publishes it and lists it; a duplicate slug conflicts', async () => {
    mounted = await signIn();
    await openArticles();
    expect(location.hash).toBe('#/articles');
    fireEvent.click(screen.getByRole('link', { name: 'New article' }));
    await screen.findByRole('heading', { level: 1, name: 'New article' });

    // Invalid first: nothing is sent, the fields say why.
    fireEvent.input(screen.getByLabelText('Slug'), { target: { value: 'Wire Transfer' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText(/Use lowercase letters and digits/)).toBeTruthy();
    expect(screen.getByText('Enter a title.')).toBeTruthy();
    expect(screen.getByLabelText('Slug').getAttribute('aria-invalid')).toBe('true');

    fireEvent.input(screen.getByLabelText('Slug'), { target: { value: 'console-wire-transfer' } });
    fireEvent.input(screen.getByLabelText('Title'), { target: { value: 'Paying by wire transfer' } });
    fireEvent.change(screen.getByLabelText('Category'), { target: { value: 'payments' } });
    fireEvent.change(screen.getByLabelText('Article language'), { target: { value: 'en' } });
    fireEvent.input(screen.getByLabelText('Tags'), { target: { value: 'bank transfer, wire,，wire' } });
    fireEvent.input(screen.getByLabelText('Search keywords'), { target: { value: 'sepa, 电汇、电汇' } });
    fireEvent.input(screen.getByLabelText('Content (Markdown)'), {
      target: {
        value:
          '## How\n\nUse the **reference** on your invoice. <script>window.hacked = 1</script>\n\n[Bank](javascript:alert(1))',
      },
    });

    fireEvent.click(screen.getByRole('tab', { name: 'Preview' }));
    const preview = await screen.findByRole('region', { name: 'Preview' }, { timeout: 5_000 });
    expect(preview.querySelector('h2')?.textContent).toBe('How');
    expect(preview.querySelector('strong')?.textContent).toBe('reference');
    expect(preview.querySelector('script')).toBeNull();
    expect(preview.innerHTML).not.toContain('<script');
    expect(preview.querySelector('[href^="javascript"]')).toBeNull();
    expect((window as { hacked?: number }).hacked).toBeUndefined();

    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Article created.', undefined, { timeout: 5_000 });
    const heading = await screen.findByRole('heading', { level: 1, name: 'Paying by wire transfer' });
    expect(heading).toBeTruthy();
    expect(location.hash).toMatch(/^#\/articles\/.+/);
    expect(screen.getByText('Draft', { selector: '.article-status' })).toBeTruthy();
    expect(screen.getByLabelText('Tags')).toHaveProperty('value', 'bank transfer, wire');
    expect(screen.getByLabelText('Search keywords')).toHaveProperty('value', 'sepa, 电汇');

    // Publish.
    fireEvent.click(screen.getByLabelText(/^Published/));
    expect(await screen.findByText('Unsaved changes')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Changes saved.', undefined, { timeout: 5_000 });
    expect(screen.getByText('Published', { selector: '.article-status' })).toBeTruthy();
    // Visitors' search finds it by a keyword the article never says.
    const found = (await (
      await fetch(`${server.baseUrl}/v1/help/search?merchantKey=pk_demo&locale=en&q=sepa`)
    ).json()) as { results: Array<{ slug: string }> };
    expect(found.results[0]?.slug).toBe('console-wire-transfer');

    // The list shows it, published, with its numbers.
    fireEvent.click(screen.getByRole('link', { name: 'All articles' }));
    await screen.findByRole('heading', { level: 1, name: 'Help center articles' });
    const link = await screen.findByRole('link', { name: 'Paying by wire transfer' });
    const row = link.closest('tr') as HTMLElement;
    expect(within(row).getByText('Published')).toBeTruthy();
    expect(within(row).getByText('No votes')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'draft' } });
    await waitFor(() => expect(screen.queryByRole('link', { name: 'Paying by wire transfer' })).toBeNull());
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'all' } });

    // A second article with the same slug and language: the server's 409, said clearly.
    fireEvent.click(screen.getByRole('link', { name: 'New article' }));
    await screen.findByRole('heading', { level: 1, name: 'New article' });
    fireEvent.input(screen.getByLabelText('Slug'), { target: { value: 'console-wire-transfer' } });
    fireEvent.change(screen.getByLabelText('Article language'), { target: { value: 'en' } });
    fireEvent.input(screen.getByLabelText('Title'), { target: { value: 'Another one' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    const alert = await screen.findByText(/already uses the slug “console-wire-transfer”/, undefined, {
      timeout: 5_000,
    });
    expect(alert.textContent).toContain('English');
    expect(screen.getByLabelText('Slug').getAttribute('aria-invalid')).toBe('true');
    const articleHref = link.getAttribute('href');
    expect(screen.getByRole('link', { name: 'Open that article' }).getAttribute('href')).toBe(articleHref);

    // Unsaved changes: leaving asks, and "stay" keeps the form and the URL.
    const confirm = vi.spyOn(window, 'confirm').mockReturnValue(false);
    fireEvent.click(screen.getByRole('link', { name: 'All articles' }));
    await waitFor(() => expect(confirm).toHaveBeenCalled());
    expect(screen.getByRole('heading', { level: 1, name: 'New article' })).toBeTruthy();
    await waitFor(() => expect(location.hash).toBe('#/articles/new'));
    confirm.mockReturnValue(true);
    fireEvent.click(screen.getByRole('link', { name: 'Conversations' }));
    await screen.findByText('Select a conversation');
  });

  it('shows a non-admin agent the published articles, read-only', async () => {
    mounted = await signIn('plain@demo.test', 'plain-password-1');
    await openArticles();
    expect(screen.queryByRole('link', { name: 'New article' })).toBeNull();
    expect(screen.queryByText('Draft')).toBeNull();
    expect(screen.queryByLabelText('Status')).toBeNull();
    // Titles open the public page instead of an editor.
    const links = screen.getAllByRole('link', { name: /^Open the public page of/ });
    expect(links.length).toBeGreaterThan(0);
    expect(links[0]?.getAttribute('href')).toMatch(new RegExp(`^${server.baseUrl}/help/pk_demo/`));
    expect(links[0]?.getAttribute('target')).toBe('_blank');

    // Even at an editor's URL there is nothing to edit.
    location.hash = '#/articles/new';
    await screen.findByText('Only admins can edit articles.');
    expect(screen.queryByRole('button', { name: 'Save' })).toBeNull();
    expect(screen.queryByLabelText('Slug')).toBeNull();
  });
});
