import { checkScreen, expect, test } from './support/fixtures.js';
import type { HubClient } from './support/hub-client.js';

/** Emulator faults (PUT /admin/faults); `{}` turns them off. */
async function setFaults(hub: HubClient, faults: object): Promise<void> {
  const res = await fetch(`${hub.emulator.url}/admin/faults`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(faults),
  });
  expect(res.status).toBe(200);
}

test.describe('runs', () => {
  test("a posted bill's run turns COMPLETE in the list without a reload; its page shows what was sent; replay sends nothing twice", async ({
    page,
    hub,
  }) => {
    const setup = await hub.setupAzureIntegration();
    // The destination answers slowly, so the run is seen in flight before it completes.
    await setFaults(hub, { latencyMs: 4000, routes: ['batchUsageEvent'] });
    try {
      const posted = await hub.postBill({
        accountId: setup.accountId,
        amounts: { 'prod-a': '1.50', 'prod-b': '0.25' },
      });
      expect(posted.status).toBe(202);
      const billId: string = posted.body.billId;

      // By keyboard and the navigation: the runs of this bill through this integration.
      await page.getByRole('link', { name: 'Runs' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Runs' })).toBeVisible();
      await page.getByLabel('Integration').selectOption({ label: setup.integrationName });
      await page.getByLabel('Bill id').fill(billId);
      await page.getByLabel('Bill id').press('Enter');
      await expect(page).toHaveURL(new RegExp(`entityId=${billId}`));
      await expect(page).toHaveURL(new RegExp(`integrationConfigId=${setup.integrationId}`));
      await page.evaluate(() => {
        (window as unknown as { notReloaded: boolean }).notReloaded = true;
      });

      const row = page.getByRole('row').filter({ hasText: billId });
      await expect(row).toHaveCount(1);
      await expect(row.getByText(/^(WAITING|STARTED|AWAITING_RETRY)$/)).toBeVisible();
      await expect(page.getByRole('status').filter({ hasText: 'updates every 2 seconds' })).toBeVisible();
      await checkScreen(page, 'runs');
      // Live: it turns COMPLETE on its own, and the page was never reloaded.
      await expect(row.getByText('COMPLETE', { exact: true })).toBeVisible({ timeout: 30_000 });
      expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(
        true,
      );
      await expect(page.getByText('updates every 2 seconds')).toHaveCount(0);

      // The filtered view is a link: reloaded, it shows the same filters and run.
      await page.reload();
      await expect(page.getByLabel('Bill id')).toHaveValue(billId);
      await expect(page.getByRole('row').filter({ hasText: billId })).toHaveCount(1);

      // The run's page: what was decided and what was exchanged with the destination.
      await page.getByRole('row').filter({ hasText: billId }).getByRole('link').first().click();
      await expect(page.getByRole('heading', { level: 1 })).toContainText(`Run of bill ${billId}`);
      await expect(page.locator('dl.facts')).toContainText('COMPLETE');
      const dimensions = page.getByRole('table', { name: 'Dimensions and quantities' });
      await expect(dimensions.getByRole('row').filter({ hasText: 'dim-a' })).toContainText('150');
      await expect(dimensions.getByRole('row').filter({ hasText: 'dim-b' })).toContainText('25');
      await expect(page.getByText('Account mapping: passed')).toBeVisible();
      const ledger = page.getByRole('table', { name: 'Ledger entries' });
      await expect(ledger.getByRole('row').filter({ hasText: 'dim-a' })).toContainText(setup.subscriptionId);
      const usageEvents = page.getByRole('table', { name: 'Usage events' });
      await expect(usageEvents.getByRole('row').filter({ hasText: 'dim-a' })).toContainText('ACCEPTED');

      const exchanges = page.getByRole('table', { name: 'Exchanges' });
      const batch = exchanges.getByRole('row').filter({ hasText: /batchUsageEvent/i });
      await expect(batch).toHaveCount(1);
      await expect(batch).toContainText('POST');
      await expect(batch).toContainText('200');
      // Bodies are in <details>: opened by keyboard.
      await batch.getByText('Request body').focus();
      await page.keyboard.press('Enter');
      await expect(batch.locator('pre').first()).toContainText('dim-a');
      await expect(batch.locator('pre').first()).toContainText(setup.subscriptionId);
      await batch.getByText('Response body').click();
      await expect(batch.locator('pre').nth(1)).toContainText('Accepted');
      await checkScreen(page, 'run');

      // Replay: a new run for the same version; the ledger owes nothing more.
      await page.getByRole('button', { name: 'Replay this run' }).click();
      const started = page.getByText('Replay started');
      await expect(started).toBeVisible();
      await started.getByRole('link').click();
      await expect(page.locator('dl.facts')).toContainText('REPLAY');
      await expect(page.locator('dl.facts')).toContainText('COMPLETE', { timeout: 30_000 });
      await expect(page.getByText('This run created no usage entries.')).toBeVisible();
    } finally {
      await setFaults(hub, {});
    }
  });

  test('a skipped run says why: the gate that stopped it, and those it passed', async ({ page, hub }) => {
    const setup = await hub.setupAzureIntegration();
    // An account outside the integration's allow list.
    const stranger = hub.unique('stranger');
    const posted = await hub.postBill({ accountId: stranger, amounts: { 'prod-a': '2.00' } });
    expect(posted.status).toBe(202);
    const run = posted.body.runs.find(
      (r: { integrationConfigId: string }) => r.integrationConfigId === setup.integrationId,
    );
    // Filtered by the bill's account, then by status from the keyboard (focus stays on the field).
    await page.goto(`${hub.baseURL}/console/runs?accountId=${stranger}`);
    await expect(page.getByLabel('Account id')).toHaveValue(stranger);
    const status = page.getByLabel('Status');
    await status.focus();
    await status.selectOption('SKIPPED');
    await expect(page).toHaveURL(/status=SKIPPED/);
    await expect(status).toBeFocused();
    const rows = page
      .getByRole('table', { name: 'Runs' })
      .getByRole('row')
      .filter({ hasText: posted.body.billId });
    await expect(rows.filter({ hasText: 'ACCOUNT_NOT_ALLOWED' }).first()).toBeVisible();
    // Another account's runs are not listed.
    await expect(page.getByRole('table', { name: 'Runs' }).getByRole('row')).toHaveCount(
      (await rows.count()) + 1,
    );
    // A period that ended before the bill: nothing.
    await page.getByLabel('Created before').fill('2020-01-01T00:00');
    await page.getByLabel('Created before').press('Enter');
    await expect(page).toHaveURL(/createdTo=2020-01-0/);
    await expect(page.getByText('No runs match these filters.')).toBeVisible();

    await page.goto(`${hub.baseURL}/console/runs/${run.id}`);
    await expect(page.locator('dl.facts')).toContainText('SKIPPED');
    await expect(page.locator('dl.facts')).toContainText('ACCOUNT_NOT_ALLOWED');
    await expect(page.getByText('Credential connected: passed')).toBeVisible();
    await expect(page.getByText('Account allowed (allow and deny lists): failed')).toBeVisible();
    await expect(page.getByText('Account mapping: not reached')).toBeVisible();
    await expect(page.getByText('No exchanges recorded for this run.')).toBeVisible();
  });
});
