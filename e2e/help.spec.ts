import { expect, type Page, test } from '@playwright/test';

// Must show (issue 4): search in zh-CN, open an article, vote, go back; then the same in en.

const widget = (page: Page) => page.locator('topay-support');

async function searchOpenVoteBack(
  page: Page,
  strings: {
    open: string;
    search: string;
    query: string;
    title: string;
    yes: string;
    thanks: string;
    back: string;
  },
) {
  await page.getByRole('button', { name: strings.open }).click();
  const box = widget(page)
    .getByRole('searchbox', { name: strings.search })
    .or(widget(page).getByLabel(strings.search));
  await box.first().fill(strings.query);
  const result = widget(page)
    .getByRole('link', { name: new RegExp(strings.title) })
    .or(widget(page).getByRole('button', { name: new RegExp(strings.title) }));
  await expect(result.first()).toBeVisible();
  await result.first().click();
  await expect(widget(page).getByRole('heading', { name: strings.title })).toBeVisible();
  await widget(page).getByRole('button', { name: strings.yes, exact: true }).click();
  await expect(widget(page).getByText(strings.thanks)).toBeVisible();
  await widget(page).getByRole('button', { name: strings.back }).first().click();
  await expect(box.first()).toHaveValue(strings.query);
}

test('search, read, vote and go back, in zh-CN and then in en', async ({ page }) => {
  const feedback: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/feedback')) feedback.push(request.postData() ?? '');
  });
  await page.goto('/');
  await searchOpenVoteBack(page, {
    open: '打开客服',
    search: '搜索帮助文章',
    query: '付款不成功怎么办',
    title: '付款失败怎么办？',
    yes: '有帮助',
    thanks: '感谢反馈！',
    back: '返回',
  });
  await page.screenshot({ path: 'e2e/output/help-results-zh-CN.png' });

  await page.keyboard.press('Escape');
  await page.evaluate(() =>
    (window as unknown as { TopaySupport(...a: unknown[]): void }).TopaySupport('setLocale', 'en'),
  );
  await searchOpenVoteBack(page, {
    open: 'Open support',
    search: 'Search help articles',
    query: 'forgot my password',
    title: 'I forgot my password',
    yes: 'Yes',
    thanks: 'Thanks for your feedback!',
    back: 'Back',
  });
  await page.screenshot({ path: 'e2e/output/help-results-en.png' });
  expect(feedback.map((body) => JSON.parse(body))).toEqual([
    { kind: 'vote', helpful: true },
    { kind: 'vote', helpful: true },
  ]);
});

test('showArticle opens an article directly, and article text is inert', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => dialogs.push(dialog.message()));
  await page.goto('/');
  await page.evaluate(() =>
    (window as unknown as { TopaySupport(...a: unknown[]): void }).TopaySupport('showArticle', 'refunds'),
  );
  await expect(widget(page).getByRole('heading', { name: /退款/ }).first()).toBeVisible();
  expect(
    await widget(page).evaluate(
      (host) => host.shadowRoot?.querySelectorAll('script, iframe, [onerror]').length,
    ),
  ).toBe(0);
  expect(dialogs).toEqual([]);
  await page.screenshot({ path: 'e2e/output/help-article-zh-CN.png' });
});

test('the home view lists popular articles without the help chunk, which loads with the first keystroke', async ({
  page,
}) => {
  const chunks: string[] = [];
  page.on('request', (request) => {
    const match = /\/widget\/chunks\/(help|rolldown-runtime)-/.exec(request.url());
    if (match) chunks.push(match[1] ?? '');
  });
  await page.goto('/');
  await page.getByRole('button', { name: '打开客服' }).click();
  await expect(widget(page).locator('.help-item').first()).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(chunks).toEqual([]);

  await widget(page).getByRole('searchbox', { name: '搜索帮助文章' }).pressSequentially('退款');
  await expect(widget(page).getByRole('list', { name: '搜索结果' })).toBeVisible();
  expect(chunks).toContain('help');
});
