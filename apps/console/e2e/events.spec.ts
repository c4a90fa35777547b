import { checkScreen, expect, test } from './support/fixtures.js';

test.describe('events', () => {
  test('a bill for an account with no mapping shows as an error event with its integration, message and data', async ({
    page,
    hub,
  }) => {
    const setup = await hub.setupAzureIntegration();
    // An integration allowed for an account that has no subscription mapping.
    const accountId = hub.unique('unmapped');
    const name = hub.unique('Unmapped');
    const integration = await hub.must(
      'POST',
      '/v1/integrations',
      {
        name,
        destination: 'AZURE_MARKETPLACE',
        entityType: 'Bill',
        accountIds: [accountId],
        configData: { splitUsageLineItems: 'ITEM_PER_PRODUCT' },
      },
      201,
    );
    await hub.must(
      'PUT',
      `/v1/integrations/${integration.id}/credential`,
      { credentialId: setup.credentialId },
      200,
    );
    const posted = await hub.postBill({ accountId, amounts: { 'prod-a': '3.00' } });
    expect(posted.status).toBe(202);
    const billId: string = posted.body.billId;
    await expect
      .poll(
        async () =>
          (await hub.api('GET', `/v1/events?integrationConfigId=${integration.id}`)).body.data
            .length as number,
        { timeout: 30_000 },
      )
      .toBeGreaterThan(0);

    await page.getByRole('link', { name: 'Events' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Events' })).toBeVisible();
    // Filters apply on choice and stay in the URL.
    await page.getByLabel('Integration').selectOption({ label: name });
    await expect(page).toHaveURL(new RegExp(`integrationConfigId=${integration.id}`));
    await page.getByLabel('Event', { exact: true }).selectOption('integration.missingaccountmapping.error');
    await expect(page).toHaveURL(/eventName=integration\.missingaccountmapping\.error/);

    const row = page.getByRole('table', { name: 'Events' }).getByRole('row').filter({ hasText: billId });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('integration.missingaccountmapping.error');
    await expect(row.getByRole('link', { name })).toBeVisible();
    await expect(row).toContainText(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
    await row.getByText('Data', { exact: true }).click();
    await expect(row.locator('pre')).toContainText('MISSING_ACCOUNT_MAPPING');
    await expect(row.locator('pre')).toContainText(billId);
    await checkScreen(page, 'events');

    // The filtered view is a link.
    await page.reload();
    await expect(page.getByLabel('Event', { exact: true })).toHaveValue(
      'integration.missingaccountmapping.error',
    );
    await expect(
      page.getByRole('table', { name: 'Events' }).getByRole('row').filter({ hasText: billId }),
    ).toHaveCount(1);

    // From the event to the run it is about: why it stopped, and the same event listed there.
    await row.getByRole('link', { name: 'Open the run' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText(`Run of bill ${billId}`);
    await expect(page.locator('dl.facts')).toContainText('MISSING_ACCOUNT_MAPPING');
    await expect(page.getByText('Account mapping: failed')).toBeVisible();
    await expect(page.getByText('Dimension mappings: not reached')).toBeVisible();
    const raised = page.getByRole('region', { name: 'Warnings and errors raised' });
    await expect(raised).toContainText('integration.missingaccountmapping.error');
    await checkScreen(page, 'run-error');
    await page.goBack();

    // Another event name: nothing for this integration.
    await page.getByLabel('Event', { exact: true }).selectOption('integration.late.warning');
    await expect(page.getByText('No events match these filters.')).toBeVisible();
  });
});
