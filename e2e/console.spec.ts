import { expect, test } from '@playwright/test';
import { E2E_AGENT_PASSWORD } from './demo.js';

test.describe('agent console', () => {
  test('the seeded agent logs in and sees the inbox shell', async ({ page }) => {
    await page.goto('/console/');
    await page.getByLabel('Email').fill('agent@demo.test');
    await page.getByLabel('Password').fill(E2E_AGENT_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByText('Topay 演示商店')).toBeVisible();
    await expect(page.getByText('Demo Agent')).toBeVisible();
    await page.screenshot({ path: 'e2e/output/console-inbox-en.png' });

    // The session survives a reload.
    await page.reload();
    await expect(page.getByText('Demo Agent')).toBeVisible();
  });

  test('a wrong password is refused with a clear message', async ({ page }) => {
    await page.goto('/console/');
    await page.getByLabel('Email').fill('agent@demo.test');
    await page.getByLabel('Password').fill('definitely-wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByText('Wrong email or password.')).toBeVisible();
    await expect(page.getByLabel('Email')).toHaveValue('agent@demo.test');
  });

  test('works in Chinese on a phone', async ({ browser }) => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 375, height: 720 } });
    const page = await context.newPage();
    await page.goto('/console/');
    await page.getByLabel('邮箱').fill('agent@demo.test');
    await page.getByLabel('密码').fill(E2E_AGENT_PASSWORD);
    await page.keyboard.press('Enter');
    await expect(page.getByText('Topay 演示商店')).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    expect(overflow).toBe(false);
    await page.screenshot({ path: 'e2e/output/console-inbox-zh-phone.png' });
    await context.close();
  });
});
