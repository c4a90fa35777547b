import { mkdirSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';
import { HubClient } from './hub-client.js';

export { expect };

// Chromium logs every 4xx answer as "Failed to load resource"; the journeys that test a refused key
// or a conflict cause those on purpose. Anything else logged as an error fails the test.
const NETWORK_4XX = /^Failed to load resource: the server responded with a status of 4\d\d/;

/** Signs in with `key` on the sign-in screen, as an operator would. */
export async function signIn(page: Page, baseURL: string, key: string): Promise<void> {
  await page.goto(`${baseURL}/console/sign-in`);
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/console\/integrations$/);
}

/**
 * Axe on the screen as it is now (WCAG 2.0/2.1 A and AA): no serious or critical violation. Saves a
 * screenshot of the screen as test output (test-results/screens/<name>.png).
 */
export async function checkScreen(page: Page, name: string): Promise<void> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const serious = result.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
    );
  expect(serious, `accessibility of ${name}`).toEqual([]);
  mkdirSync('test-results/screens', { recursive: true });
  await page.screenshot({ path: `test-results/screens/${name}.png`, fullPage: true });
}

export const test = base.extend<{ hub: HubClient; consoleErrors: string[] }>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern
  hub: async ({}, use) => {
    await use(new HubClient());
  },
  // biome-ignore lint/correctness/noEmptyPattern: as above
  consoleErrors: async ({}, use) => {
    await use([]);
  },
  // Every test's page starts signed in (admin key) on the integrations screen, and fails the test
  // if the app logs an error or throws.
  page: async ({ page, hub, consoleErrors }, use) => {
    page.on('console', (message) => {
      if (message.type() === 'error' && !NETWORK_4XX.test(message.text())) consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(`page error: ${error.message}`));
    await signIn(page, hub.baseURL, hub.adminKey);
    await use(page);
    expect(consoleErrors, 'errors in the browser console').toEqual([]);
  },
});
