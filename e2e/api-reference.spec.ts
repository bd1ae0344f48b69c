import { expect, test } from '@playwright/test';

// The demo serves the HTTP API's OpenAPI description and a page that renders it (docs/agent-api.md#openapi):
// a reader finds the agent API's operations, their parameters and the shapes they answer with.

test('the demo renders /v1/openapi.json as a browsable reference', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const spec = await (await page.request.get('/v1/openapi.json')).json();
  expect(spec.openapi).toBe('3.1.0');

  await page.goto('/');
  await page.getByRole('link', { name: 'API' }).click();
  await expect(page).toHaveURL(/\/api-reference\.html$/);
  await expect(page.locator('#api-intro')).toContainText(`OpenAPI 3.1.0`);

  // Every operation of the description is on the page, grouped by tag.
  const operations = Object.values(spec.paths as Record<string, Record<string, unknown>>).flatMap((item) =>
    Object.keys(item),
  ).length;
  await expect(page.locator('.operation')).toHaveCount(operations);
  await page.getByRole('link', { name: /^Messages \(2\)$/ }).click();

  const send = page.locator('#postAgentConversationsIdMessages');
  await expect(send).toContainText('POST/v1/agent/conversations/{id}/messages');
  await expect(send.getByRole('row', { name: /clientId|id path required/ }).first()).toBeVisible();
  await send.getByText('Request body (application/json, required)').click();
  await expect(send.locator('pre').first()).toContainText('"clientId"');
  await expect(send.getByRole('row', { name: /409/ })).toContainText('client_id_conflict');
  expect(errors).toEqual([]);
});
