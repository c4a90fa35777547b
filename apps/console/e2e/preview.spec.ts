import { checkScreen, expect, test } from './support/fixtures.js';

const billJson = (
  billId: string,
  accountId: string,
  amounts: Record<string, string>,
  lineItemType = 'USAGE',
) =>
  JSON.stringify(
    {
      id: billId,
      version: 1,
      accountId,
      accountCode: accountId,
      status: 'APPROVED',
      currency: 'USD',
      billDate: '2026-11-01',
      startDate: '2026-10-01',
      endDate: '2026-11-01',
      lineItems: Object.entries(amounts).map(([productId, subtotal], i) => ({
        id: `${billId}-l${i}`,
        lineItemType,
        productId,
        subtotal,
      })),
    },
    null,
    2,
  );

test.describe('preview', () => {
  test('a pasted bill previews the dimensions and quantities an integration would send, and nothing is stored or sent', async ({
    page,
    hub,
  }) => {
    const setup = await hub.setupAzureIntegration();
    const billId = hub.unique('preview-bill');

    await page.getByRole('link', { name: 'Preview' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Preview' })).toBeVisible();
    await page
      .getByLabel('Bill (JSON)')
      .fill(billJson(billId, setup.accountId, { 'prod-a': '1.50', 'prod-b': '0.25' }));
    await page.getByRole('checkbox', { name: new RegExp(setup.integrationName) }).check();
    await expect(page).toHaveURL(new RegExp(`integration=${setup.integrationId}`));
    await page.getByRole('button', { name: 'Preview', exact: true }).click();

    const result = page.getByRole('region', { name: new RegExp(setup.integrationName) });
    await expect(result.getByText('SEND', { exact: true })).toBeVisible();
    await expect(result).toContainText(setup.subscriptionId);
    const sent = result.getByRole('table', { name: `What would be sent for ${setup.integrationName}` });
    await expect(sent.getByRole('row').filter({ hasText: 'dim-a' })).toContainText('150');
    await expect(sent.getByRole('row').filter({ hasText: 'dim-b' })).toContainText('25');
    await checkScreen(page, 'preview');

    // A dry run: no bill stored, no run, nothing at the destination.
    expect((await hub.api('GET', `/v1/bills/${billId}`)).status).toBe(404);
    const runs = await hub.api('GET', `/v1/integration-runs?entityType=Bill&entityId=${billId}`);
    expect(runs.status).toBe(200);
    expect(runs.body.data).toEqual([]);
    const usage = await hub.api('GET', `/v1/usage-events?billId=${billId}`);
    expect(usage.body.data).toEqual([]);
  });

  test('broken JSON is named under the field; the hub’s 400 details are shown per field', async ({
    page,
    hub,
  }) => {
    const setup = await hub.setupAzureIntegration();
    await page.goto(`${hub.baseURL}/console/preview?integration=${setup.integrationId}`);
    await expect(page.getByRole('checkbox', { name: new RegExp(setup.integrationName) })).toBeChecked();

    const field = page.getByLabel('Bill (JSON)');
    await field.fill('{"id": "b1", ');
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await expect(field).toBeFocused();
    await expect(page.getByText(/^The bill is not valid JSON: /)).toBeVisible();
    await checkScreen(page, 'preview-invalid');

    // Valid JSON the hub refuses: the path of the offending field, under the field.
    await field.fill(billJson(hub.unique('bad'), setup.accountId, { 'prod-a': '1.00' }, 'NOT_A_TYPE'));
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    await expect(page.locator('.field-error').filter({ hasText: 'lineItems.0.lineItemType' })).toBeVisible();
    await expect(field).toHaveAttribute('aria-invalid', 'true');
  });

  test('a stored bill loads by id and previews what is still owed after it was sent', async ({
    page,
    hub,
  }) => {
    const setup = await hub.setupAzureIntegration();
    const posted = await hub.postBill({ accountId: setup.accountId, amounts: { 'prod-a': '1.00' } });
    expect(posted.status).toBe(202);
    const billId: string = posted.body.billId;
    const runId = posted.body.runs.find(
      (r: { integrationConfigId: string }) => r.integrationConfigId === setup.integrationId,
    ).id;
    await expect
      .poll(async () => (await hub.api('GET', `/v1/integration-runs/${runId}`)).body.status, {
        timeout: 30_000,
      })
      .toBe('COMPLETE');

    await page.goto(`${hub.baseURL}/console/preview`);
    await page.getByLabel('Stored bill id').fill(billId);
    await page.getByLabel('Stored bill id').press('Enter');
    await expect(page).toHaveURL(new RegExp(`billId=${billId}`));
    await expect(page.getByLabel('Bill (JSON)')).toHaveValue(new RegExp(`"id": "${billId}"`));
    await page.getByRole('checkbox', { name: new RegExp(setup.integrationName) }).check();
    await page.getByRole('button', { name: 'Preview', exact: true }).click();

    const result = page.getByRole('region', { name: new RegExp(setup.integrationName) });
    const row = result
      .getByRole('table', { name: `What would be sent for ${setup.integrationName}` })
      .getByRole('row')
      .filter({ hasText: 'dim-a' });
    // Target 100, already reported 100: nothing more is owed.
    await expect(row.getByRole('cell')).toHaveText([
      setup.subscriptionId,
      'dim-a',
      '1',
      '100',
      '100',
      '0',
      /.*/,
      '0',
      /.*/,
    ]);
  });
});
