import { checkScreen, expect, test } from './support/fixtures.js';

// The billing platform's documented example, verbatim, spacing and all (domain.md "Account filter").
const SEED_FILTER = 'customFields != null AND customFields.country = = UK';

test('an operator sets up an integration in the console alone, and sees a bill reach the marketplace', async ({
  page,
  hub,
}) => {
  const credentialName = hub.unique('Contoso app');
  const integrationName = hub.unique('Azure UK');
  const uk = hub.unique('acct-uk');
  const us = hub.unique('acct-us');
  const subscription = await hub.seedSubscription();
  // Two accounts the billing platform knows: only the UK one passes the seed's filter.
  await hub.must(
    'PUT',
    `/v1/accounts/${uk}`,
    { name: 'UK Ltd', code: uk, customFields: { country: 'UK' } },
    200,
  );
  await hub.must(
    'PUT',
    `/v1/accounts/${us}`,
    { name: 'US Inc', code: us, customFields: { country: 'US' } },
    200,
  );

  // 1. A credential, from the destination's own fields.
  await page.getByRole('link', { name: 'Credentials' }).click();
  const form = page.getByRole('form', { name: 'New credential' });
  await form.getByLabel('Destination').selectOption({ label: 'Azure Marketplace' });
  await form.getByLabel('Name').fill(credentialName);
  await form.getByLabel(/tenant/i).fill(hub.emulator.tenantId);
  await form.getByLabel(/client\) id/i).fill(hub.emulator.clientId);
  await form.getByLabel(/secret/i).fill(hub.emulator.clientSecret);
  await form.getByRole('button', { name: 'Create credential' }).click();
  const card = page.getByRole('region', { name: credentialName });
  await card.getByRole('button', { name: `Verify ${credentialName}` }).click();
  await expect(card.getByText(`Azure Marketplace accepted ${credentialName}.`)).toBeVisible();

  // 2. An integration with the seed's filter, checked live by the hub.
  await page.getByRole('link', { name: 'Integrations' }).click();
  await page.getByRole('link', { name: 'New integration' }).click();
  await page.getByLabel('Name', { exact: false }).first().fill(integrationName);
  await page.getByLabel('Destination').selectOption({ label: 'Azure Marketplace' });
  await page.getByLabel('Split mode').selectOption('ITEM_PER_PRODUCT');
  await page.getByLabel('Account filter').fill(SEED_FILTER);
  await expect(page.getByText(/^Valid\. \d+ of \d+ known accounts match\.$/)).toBeVisible();
  await page.getByRole('button', { name: 'Create integration' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Integration created.' })).toBeVisible();
  const integrationId = page.url().split('/').pop() as string;

  // 3. Connected to the credential.
  await page.getByRole('link', { name: 'Credentials' }).click();
  await card.getByLabel('Connect to integration').selectOption({ label: integrationName });
  await card.getByRole('button', { name: 'Connect' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: `${integrationName} is now connected to ${credentialName}.` }),
  ).toBeVisible();

  // 4. Mappings by CSV: previewed by the hub, then applied.
  await page.getByRole('link', { name: 'External mappings' }).click();
  const csv = [
    'm3terEntity,m3terId,externalSystem,externalTable,externalId,integrationConfigId,metadata',
    `Account,${uk},AzureMarketplace,Subscription,${subscription},${integrationId},"{""planId"":""gold""}"`,
    `Account,${us},AzureMarketplace,Subscription,${subscription},${integrationId},"{""planId"":""gold""}"`,
    `Product,prod-a,AzureMarketplace,Dimension,dim-a,${integrationId},`,
    `Product,prod-b,AzureMarketplace,Dimension,dim-b,${integrationId},`,
  ].join('\n');
  await page
    .getByLabel('CSV file')
    .setInputFiles({ name: 'journey.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByRole('button', { name: 'Preview import' }).click();
  const preview = page.getByRole('region', { name: 'Preview of journey.csv' });
  await expect(preview.getByRole('status')).toContainText(
    '4 to create, 0 to update, 0 unchanged, 0 with errors',
  );
  await preview.getByRole('button', { name: 'Apply 4 changes' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Imported journey.csv: 4 created' })).toBeVisible();

  // 5. The prerequisite check passes against the destination.
  await page.getByRole('link', { name: 'Integrations' }).click();
  await page.getByRole('link', { name: `Check ${integrationName}` }).click();
  await expect(page.locator('#check-summary')).toContainText('Ready: no check failed.');

  // 6. Bills arrive (through the API, as the billing platform sends them): the UK one is sent, the
  // US one is stopped by the filter. Both runs settle in the list without a reload.
  const ukBill = await hub.postBill({ accountId: uk, amounts: { 'prod-a': '2.00', 'prod-b': '0.50' } });
  const usBill = await hub.postBill({ accountId: us, amounts: { 'prod-a': '9.00' } });
  expect([ukBill.status, usBill.status]).toEqual([202, 202]);
  await page.getByRole('link', { name: 'Runs' }).click();
  await page.getByLabel('Integration').selectOption({ label: integrationName });
  const ukRow = page.getByRole('row').filter({ hasText: ukBill.body.billId });
  const usRow = page.getByRole('row').filter({ hasText: usBill.body.billId });
  await expect(ukRow.getByText('COMPLETE', { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(usRow.getByText('SKIPPED', { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(usRow).toContainText('ACCOUNT_FILTER');

  // 7. The sent run: what went to Azure and what Azure answered.
  await ukRow.getByRole('link').first().click();
  const exchanges = page.getByRole('table', { name: 'Exchanges' });
  const batch = exchanges.getByRole('row').filter({ hasText: /batchUsageEvent/i });
  await batch.getByText('Request body').click();
  await expect(batch.locator('pre').first()).toContainText(subscription);
  await expect(batch.locator('pre').first()).toContainText('"quantity": 200');
  await batch.getByText('Response body').click();
  await expect(batch.locator('pre').nth(1)).toContainText('Accepted');
  await checkScreen(page, 'journey-run');

  // 8. The usage chart and table include it.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Usage' }).click();
  await page.getByLabel('Bill id').fill(ukBill.body.billId);
  await page.getByLabel('Bill id').press('Enter');
  const table = page.getByRole('table', { name: 'Usage report' });
  await expect(table.getByRole('row').filter({ hasText: 'dim-a' }).first()).toContainText('200');
  await expect(table.getByRole('row').filter({ hasText: 'dim-b' }).first()).toContainText('50');
  const figure = page.getByRole('figure', { name: /Quantity per dimension and hour/ });
  await expect(figure.locator('.recharts-bar-rectangle')).toHaveCount(2);
  await checkScreen(page, 'journey-usage');
});
