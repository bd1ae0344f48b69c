import { defineConfig, devices } from '@playwright/test';
import { E2E_AGENT_PASSWORD } from './e2e/demo.js';

// Browsers cannot be downloaded here: the suite drives the system Chromium (Debian's `chromium`).
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PORT = Number(process.env.E2E_PORT ?? 8790);
// The host pages of e2e/fixtures/: another origin than the widget's server, as a merchant's site is.
const FIXTURES_PORT = Number(process.env.E2E_FIXTURES_PORT ?? 8791);

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'e2e/output/test-results',
  fullyParallel: false,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  timeout: 30_000,
  reporter: process.env.CI
    ? [['list'], ['json', { outputFile: '.tmp/playwright-results.json' }]]
    : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
  webServer: [
    {
      // A fresh demo on its own data directory, exactly as `pnpm start` runs it.
      command: 'rm -rf .tmp/e2e-data && node packages/server/dist/cli.js demo',
      url: `http://127.0.0.1:${PORT}/readyz`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: {
        PORT: String(PORT),
        HOST: '127.0.0.1',
        DATA_DIR: '.tmp/e2e-data',
        DEMO_AGENT_PASSWORD: E2E_AGENT_PASSWORD,
        LOG_LEVEL: 'warn',
        // Every spec signs the demo agent in from this one address, retries too: more than the default 10.
        RATE_LIMIT_AGENT_SIGN_INS_PER_10_MINUTES: '100',
      },
    },
    {
      command: 'node e2e/fixtures/server.mjs',
      url: `http://127.0.0.1:${FIXTURES_PORT}/readyz`,
      reuseExistingServer: false,
      timeout: 10_000,
      env: { FIXTURES_PORT: String(FIXTURES_PORT), SUPPORT_ORIGIN: `http://127.0.0.1:${PORT}` },
    },
  ],
});
