import { defineConfig } from '@playwright/test';

/**
 * The console's journeys in a real browser: Debian's chromium (Playwright's own browser download is
 * not reachable here; CHROMIUM_PATH to use another), against a real hub (its built `main.js`, PGlite,
 * a private redis-server) and the Azure emulator over HTTP, all started by e2e/support/global-setup.ts.
 * One hub for the run, so specs make their own data; one worker, no retries: a flake must show.
 */
export default defineConfig({
  testDir: 'e2e',
  globalSetup: './e2e/support/global-setup.ts',
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['json', { outputFile: '.test-report/playwright.json' }]],
  use: {
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
    viewport: { width: 1280, height: 900 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
