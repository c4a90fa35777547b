import { tryParseAccountFilter } from '@hub/core';
import { checkScreen, expect, test } from './support/fixtures.js';

test.describe('integrations', () => {
  test('create an integration through the form: the browser checks it with the server schema, a wrong account filter points at its error, the filter counts matching accounts, the save shows the hub warnings', async ({
    page,
    hub,
  }) => {
    const prefix = hub.unique('ACME');
    for (const n of [1, 2, 3])
      await hub.must(
        'PUT',
        `/v1/accounts/${prefix}-acct-${n}`,
        { name: `Acme ${n}`, code: `${prefix}-${n}` },
        200,
      );
    const name = hub.unique('Integration');

    await page.getByRole('link', { name: 'New integration' }).click();
    await expect(page).toHaveURL(/\/console\/integrations\/new$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('New integration');

    // Destinations come from the hub, by display name.
    const destination = page.getByLabel('Destination');
    await expect(destination.locator('option', { hasText: 'Azure Marketplace' })).toHaveCount(1);
    await destination.selectOption({ label: 'Azure Marketplace' });

    // Saving an empty form: the shared zod schema's issues, under their fields, focus on the first.
    await page.getByRole('button', { name: 'Create integration' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'attention before saving' })).toBeVisible();
    const nameInput = page.getByLabel('Name', { exact: false }).first();
    await expect(nameInput).toBeFocused();
    await expect(nameInput).toHaveAttribute('aria-invalid', 'true');
    await expect(nameInput).toHaveAccessibleDescription(/must not be empty/);
    const dimension = page.getByLabel('Marketplace bill dimension');
    await expect(dimension).toHaveAttribute('aria-invalid', 'true');
    await expect(dimension).toHaveAccessibleDescription(/required when splitUsageLineItems is ITEM_PER_BILL/);
    await checkScreen(page, 'integration-new-errors');

    await nameInput.fill(name);
    // Per-product split: the bill dimension field goes away.
    await page.getByLabel('Split mode').selectOption('ITEM_PER_PRODUCT');
    await expect(page.getByLabel('Marketplace bill dimension')).toHaveCount(0);
    await page.getByLabel('Split mode').selectOption('ITEM_PER_BILL');
    await page.getByLabel('Marketplace bill dimension').fill('dim-a');

    // A wrong filter: the hub's message and a caret under the column it names.
    const wrong = `accountCode == "${prefix}-1" AND OR accountCode == x`;
    const parsed = tryParseAccountFilter(wrong);
    expect(parsed.ok).toBe(false);
    const position = parsed.ok ? 0 : parsed.error.position;
    const filter = page.getByLabel('Account filter');
    await filter.fill(wrong);
    await expect(filter).toHaveAttribute('aria-invalid', 'true');
    await expect(filter).toHaveAccessibleDescription(new RegExp(`at position ${position}`));
    await expect(page.getByTestId('filter-caret')).toHaveText(`${wrong}\n${' '.repeat(position)}^`);
    await expect(page.getByText('The filter is not valid.')).toBeVisible();
    await checkScreen(page, 'integration-filter-error');

    // Fixed: valid, and the hub counts the known accounts it matches.
    await filter.fill(`accountCode IN("${prefix}-1", "${prefix}-2") OR accountCode == "${prefix}-9"`);
    await expect(page.getByText(/^Valid\. 2 of \d+ known accounts match\.$/)).toBeVisible();
    await expect(filter).not.toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByTestId('filter-caret')).toHaveCount(0);

    // The rest of the options, by their labels.
    await page.getByLabel('Only send bills on approval').check();
    await page.getByLabel('Restricted account ids').fill(`${prefix}-acct-3\nsomeone-else`);
    await page.getByLabel('CREDIT_MEMO').check();
    await page.getByLabel('AD_HOC').check();
    await page.getByLabel('Unit price').fill('0.01');
    await page.getByLabel('Disabled-notification emails').fill('not-an-email');
    await page.getByRole('button', { name: 'Create integration' }).click();
    const emails = page.getByLabel('Disabled-notification emails');
    await expect(emails).toBeFocused();
    await expect(emails).toHaveAccessibleDescription(/entry 1: must be an email address/);
    await emails.fill('ops@example.com, billing@example.com');

    await page.getByRole('button', { name: 'Create integration' }).click();
    await expect(page).toHaveURL(/\/console\/integrations\/[0-9a-f-]{36}$/);
    const saved = page.getByRole('status').filter({ hasText: 'Integration created.' });
    await expect(saved).toBeVisible();
    await expect(saved).toBeFocused();
    // Not connected yet: the hub keeps the save and says what is missing.
    await expect(saved).toContainText('The hub kept the save, and warns');
    await expect(saved).toContainText(/credential/i);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Edit integration: ${name}`);
    await checkScreen(page, 'integration-edit');

    // What the hub stored is what was typed.
    const id = page.url().split('/').pop() as string;
    const stored = await hub.must('GET', `/v1/integrations/${id}`, undefined, 200);
    expect(stored.restrictedAccountIds).toEqual([`${prefix}-acct-3`, 'someone-else']);
    expect(stored.disabledNotificationEmails).toEqual(['ops@example.com', 'billing@example.com']);
    expect(stored.configData).toMatchObject({
      sendBillOnApprovalOnly: true,
      excludedLineItemTypes: ['CREDIT_MEMO', 'AD_HOC'],
      marketplaceBillDimension: 'dim-a',
      splitUsageLineItems: 'ITEM_PER_BILL',
      accountFilter: `accountCode IN("${prefix}-1", "${prefix}-2") OR accountCode == "${prefix}-9"`,
    });
    // The edit form shows the stored values back.
    await expect(page.getByLabel('Restricted account ids')).toHaveValue(`${prefix}-acct-3\nsomeone-else`);
    await expect(page.getByLabel('CREDIT_MEMO')).toBeChecked();
  });

  test('an edit that raced another change is refused with an explanation and a reload, not overwritten', async ({
    page,
    hub,
  }) => {
    const name = hub.unique('Racing');
    const created = await hub.must(
      'POST',
      '/v1/integrations',
      { name, destination: 'AZURE_MARKETPLACE', configData: { marketplaceBillDimension: 'dim-a' } },
      201,
    );
    await page.goto(`${hub.baseURL}/console/integrations/${created.id}`);
    await expect(page.getByLabel('Unit price')).toHaveValue('0.01');

    // Someone else saves first.
    const { warnings: _warnings, lastRun: _lastRun, ...current } = created;
    await hub.must(
      'PUT',
      `/v1/integrations/${created.id}`,
      { ...current, configData: { ...created.configData, marketplaceBillDimension: 'dim-b' } },
      200,
    );

    await page.getByLabel('Unit price').fill('0.02');
    await page.getByRole('button', { name: 'Save changes' }).click();
    const conflict = page
      .getByRole('alert')
      .filter({ hasText: 'Someone changed this integration since you opened it.' });
    await expect(conflict).toBeVisible();
    await expect(conflict).toBeFocused();
    await checkScreen(page, 'integration-conflict');
    // Nothing was overwritten.
    expect(
      (await hub.must('GET', `/v1/integrations/${created.id}`, undefined, 200)).configData.unitPrice,
    ).toBe('0.01');

    await conflict.getByRole('button', { name: 'Reload the latest version' }).click();
    await expect(conflict).toHaveCount(0);
    await expect(page.getByLabel('Marketplace bill dimension')).toHaveValue('dim-b');
    await expect(page.getByLabel('Unit price')).toHaveValue('0.01');
    await page.getByLabel('Unit price').fill('0.02');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Integration saved.' })).toBeVisible();
    const after = await hub.must('GET', `/v1/integrations/${created.id}`, undefined, 200);
    expect(after.configData).toMatchObject({ unitPrice: '0.02', marketplaceBillDimension: 'dim-b' });
  });

  test('the list shows destination, connection and last run; disable, enable and delete (after confirming) by keyboard', async ({
    page,
    hub,
  }) => {
    const setup = await hub.setupAzureIntegration();
    const posted = await hub.postBill({ accountId: setup.accountId, amounts: { 'prod-a': '0.10' } });
    expect(posted.status).toBe(202);
    await page.reload();

    const row = page.getByRole('row').filter({ hasText: setup.integrationName });
    await expect(row).toContainText('Azure Marketplace');
    await expect(row).toContainText('Connected');
    // The newest run links to its page.
    const { lastRun } = await hub.must('GET', `/v1/integrations/${setup.integrationId}`, undefined, 200);
    expect(lastRun).toMatchObject({ id: expect.any(String), status: expect.any(String) });
    await expect(
      row.getByRole('link', { name: new RegExp(`run of ${setup.integrationName}`) }),
    ).toHaveAttribute('href', `/console/runs/${lastRun.id}`);
    await expect(row.getByRole('link', { name: `Check ${setup.integrationName}` })).toHaveAttribute(
      'href',
      `/console/integrations/${setup.integrationId}/check`,
    );
    await checkScreen(page, 'integrations');

    // Disable by keyboard: the status says so, with the hub's reason.
    await row.getByRole('button', { name: `Disable ${setup.integrationName}` }).focus();
    await page.keyboard.press('Enter');
    await expect(
      page.getByRole('status').filter({ hasText: `${setup.integrationName} is now disabled.` }),
    ).toBeVisible();
    await expect(row).toContainText('Disabled');
    expect((await hub.must('GET', `/v1/integrations/${setup.integrationId}`, undefined, 200)).enabled).toBe(
      false,
    );

    await row.getByRole('button', { name: `Enable ${setup.integrationName}` }).click();
    await expect(
      page.getByRole('status').filter({ hasText: `${setup.integrationName} is now enabled.` }),
    ).toBeVisible();
    await expect(row).not.toContainText('Disabled');

    // Delete asks first; Escape cancels and gives focus back.
    const deleteButton = row.getByRole('button', { name: `Delete ${setup.integrationName}` });
    await deleteButton.click();
    const dialog = page.getByRole('dialog', { name: `Delete ${setup.integrationName}?` });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await checkScreen(page, 'integration-delete-confirm');
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(deleteButton).toBeFocused();
    expect((await hub.api('GET', `/v1/integrations/${setup.integrationId}`)).status).toBe(200);

    // The credential has to let go first: delete the integration.
    await deleteButton.click();
    await dialog.getByRole('button', { name: 'Delete integration' }).click();
    await expect(
      page.getByRole('status').filter({ hasText: `${setup.integrationName} was deleted.` }),
    ).toBeVisible();
    await expect(page.getByRole('row').filter({ hasText: setup.integrationName })).toHaveCount(0);
    expect((await hub.api('GET', `/v1/integrations/${setup.integrationId}`)).status).toBe(404);
  });
});
