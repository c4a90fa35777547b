import { readFileSync } from 'node:fs';
import { checkScreen, expect, test } from './support/fixtures.js';
import type { HubClient } from './support/hub-client.js';

/** Posts a bill and waits (through the API) until the integration's run is final. */
async function postAndSettle(
  hub: HubClient,
  integrationId: string,
  bill: Parameters<HubClient['postBill']>[0],
): Promise<{ billId: string; status: string }> {
  const posted = await hub.postBill(bill);
  expect(posted.status).toBe(202);
  const run = posted.body.runs.find(
    (r: { integrationConfigId: string }) => r.integrationConfigId === integrationId,
  );
  let status = '';
  await expect
    .poll(
      async () => {
        status = (await hub.api('GET', `/v1/integration-runs/${run.id}`)).body.status;
        return status;
      },
      { timeout: 30_000 },
    )
    .toMatch(/^(COMPLETE|ERROR|SKIPPED|AUTH_FAILED)$/);
  return { billId: posted.body.billId, status };
}

test.describe('usage', () => {
  test('the usage table, chart and CSV show what the destination accepted for a bill, and the credit a lowered version left', async ({
    page,
    hub,
  }) => {
    const setup = await hub.setupAzureIntegration();
    const billId = hub.unique('bill');
    const first = await postAndSettle(hub, setup.integrationId, {
      accountId: setup.accountId,
      billId,
      amounts: { 'prod-a': '1.50', 'prod-b': '0.25' },
    });
    expect(first.status).toBe('COMPLETE');

    await page.getByRole('link', { name: 'Usage' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Usage' })).toBeVisible();
    await page.getByLabel('Bill id').fill(billId);
    await page.getByLabel('Bill id').press('Enter');
    await expect(page).toHaveURL(new RegExp(`billId=${billId}`));

    // The report table: accepted quantities per dimension and hour.
    const table = page.getByRole('table', { name: 'Usage report' });
    await expect(table.getByRole('row').filter({ hasText: 'dim-a' }).first()).toContainText('150');
    await expect(table.getByRole('row').filter({ hasText: 'dim-b' }).first()).toContainText('25');
    await expect(table.getByRole('row').filter({ hasText: 'dim-a' }).first()).toContainText(setup.accountId);

    // The chart: a named figure with a bar per dimension, and the same numbers as a table.
    const figure = page.getByRole('figure', { name: /Quantity per dimension and hour/ });
    await expect(figure).toBeVisible();
    await expect(figure.locator('.recharts-bar-rectangle')).toHaveCount(2);
    await figure.getByText("The chart's numbers as a table").click();
    const chartTable = figure.getByRole('table', { name: 'Quantity per dimension and hour' });
    await expect(chartTable.getByRole('columnheader', { name: 'dim-a' })).toBeVisible();
    await expect(chartTable.getByRole('row').nth(1)).toContainText('150');
    await expect(chartTable.getByRole('row').nth(1)).toContainText('25');
    await checkScreen(page, 'usage');

    // The CSV is the table.
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download CSV' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^usage-.*\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('accountId,billId,externalSystem,dimension,effectiveStartTime,quantity,credit');
    expect(
      lines.some((line) => line.startsWith(`${setup.accountId},${billId},`) && line.includes(',dim-a,')),
    ).toBe(true);
    expect(lines.find((line) => line.includes(',dim-a,'))).toMatch(/,150,$/);

    // A lowered version: Azure cannot take usage back, so the over-report is held as a credit.
    const second = await postAndSettle(hub, setup.integrationId, {
      accountId: setup.accountId,
      billId,
      version: 2,
      amounts: { 'prod-a': '1.00', 'prod-b': '0.25' },
    });
    expect(second.status).toBe('COMPLETE');
    // Linked and reloaded with the subscription and dimension: the same view comes back.
    await page.goto(
      `${hub.baseURL}/console/usage?billId=${billId}&resourceId=${setup.subscriptionId}&dimension=dim-a`,
    );
    await expect(page.getByLabel('Subscription (resource id)')).toHaveValue(setup.subscriptionId);
    await expect(page.getByLabel('Dimension', { exact: true })).toHaveValue('dim-a');
    const creditRow = page.getByRole('table', { name: 'Usage report' }).locator('tr.credit-row');
    await expect(creditRow).toHaveCount(1);
    await expect(creditRow).toContainText('dim-a');
    await expect(creditRow).toContainText('50');
    await expect(page.getByRole('table', { name: 'Usage report' })).not.toContainText('dim-b');
    const filtered = page.getByRole('figure', { name: /Credits held: dim-a 50/ });
    await expect(filtered).toBeVisible();
    // The chart follows the dimension too: only dim-a's bar.
    await expect(filtered.locator('.recharts-bar-rectangle')).toHaveCount(1);
    await expect(filtered.locator('.recharts-legend-wrapper')).not.toContainText('dim-b');
    await checkScreen(page, 'usage-credit');
  });
});
