import { readFileSync } from 'node:fs';
import { checkScreen, expect, test } from './support/fixtures.js';

const HEADER = 'm3terEntity,m3terId,externalSystem,externalTable,externalId,integrationConfigId,metadata';

test.describe('external mappings', () => {
  test('add one by the form; import a CSV (read in the browser, previewed by the hub, then applied); filter, export and delete', async ({
    page,
    hub,
  }) => {
    const tag = hub.unique('map');
    const integration = await hub.must(
      'POST',
      '/v1/integrations',
      {
        name: hub.unique('Mapped'),
        destination: 'AZURE_MARKETPLACE',
        configData: { splitUsageLineItems: 'ITEM_PER_PRODUCT' },
      },
      201,
    );
    const [subscriptionA, subscriptionB] = hub.emulator.subscriptions;

    await page.getByRole('link', { name: 'External mappings' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'External mappings' })).toBeVisible();

    const filters = page.getByRole('search', { name: 'Filter mappings' });

    // Add: the table and the metadata field come from the destination.
    const add = page.getByRole('form', { name: 'Add a mapping' });
    await add.getByLabel('Destination').selectOption({ label: 'Azure Marketplace' });
    await add.getByLabel('Billing-platform entity').selectOption('Account');
    await expect(add.getByLabel('Billing-platform entity')).toHaveAccessibleDescription(/^Subscription: /);
    await add.getByRole('button', { name: 'Add mapping' }).click();
    await expect(add.getByLabel('Account id (or code)')).toBeFocused();
    await expect(add.getByLabel('Account id (or code)')).toHaveAttribute('aria-invalid', 'true');
    await add.getByLabel('Account id (or code)').fill(`${tag}-acct`);
    await add.getByLabel('Azure Marketplace Subscription id').fill(subscriptionA as string);
    await add.getByLabel('Plan ID').fill('gold');
    await add.getByLabel('Linked integration').selectOption({ label: integration.name });
    await add.getByRole('button', { name: 'Add mapping' }).click();
    await expect(page.getByRole('status').filter({ hasText: `Added: Account ${tag}-acct` })).toBeVisible();

    // Only this integration's mappings, by the URL.
    await filters.getByLabel('Integration').selectOption({ label: integration.name });
    await expect(page).toHaveURL(new RegExp(`integration=${integration.id}`));
    const rows = page.getByRole('table', { name: 'External mappings' }).getByRole('row');
    await expect(rows.filter({ hasText: `${tag}-acct` })).toContainText('{"planId":"gold"}');
    await checkScreen(page, 'mappings');

    // A file with mistakes is refused in the browser, line by line.
    const fileInput = page.getByLabel('CSV file');
    const broken = [
      HEADER,
      `Product,${tag}-p1,AzureMarketplace,Dimension,dim-a,${integration.id},`,
      `Account,${tag}-acct,AzureMarketplace,Subscription,${subscriptionB},${integration.id},{planId:gold}`,
      `Widget,${tag}-w,AzureMarketplace,Dimension,dim-c,,`,
    ].join('\n');
    await fileInput.setInputFiles({ name: 'broken.csv', mimeType: 'text/csv', buffer: Buffer.from(broken) });
    await page.getByRole('button', { name: 'Preview import' }).click();
    await expect(page.getByText('Line 3: metadata is not valid JSON')).toBeVisible();
    await expect(page.getByText('Line 4: m3terEntity must be one of')).toBeVisible();
    await expect(fileInput).toHaveAttribute('aria-invalid', 'true');

    // The fixed file: the hub previews it (a dry run: nothing saved), with its own per-row errors.
    const fixed = [
      HEADER,
      `Product,${tag}-p1,AzureMarketplace,Dimension,dim-a,${integration.id},`,
      `Product,${tag}-p2,AzureMarketplace,Dimension,dim-b,${integration.id},`,
      `Account,${tag}-acct,AzureMarketplace,Subscription,${subscriptionB},${integration.id},"{""planId"":""gold""}"`,
      `Product,${tag}-p3,AzureMarketplace,NoSuchTable,dim-c,${integration.id},`,
    ].join('\r\n');
    await fileInput.setInputFiles({ name: 'mappings.csv', mimeType: 'text/csv', buffer: Buffer.from(fixed) });
    await page.getByRole('button', { name: 'Preview import' }).click();
    const preview = page.getByRole('region', { name: 'Preview of mappings.csv' });
    await expect(preview).toBeFocused();
    await expect(preview.getByRole('status')).toContainText(
      '2 to create, 1 to update, 0 unchanged, 1 with errors',
    );
    const previewRows = preview.getByRole('row');
    await expect(previewRows.filter({ hasText: `${tag}-p1` })).toContainText('CREATE');
    await expect(previewRows.filter({ hasText: `${tag}-acct` })).toContainText('UPDATE');
    await expect(previewRows.filter({ hasText: `${tag}-p3` })).toContainText('ERROR');
    await expect(previewRows.filter({ hasText: `${tag}-p3` })).toContainText('externalTable');
    await expect(preview.getByRole('button', { name: /^Apply/ })).toBeDisabled();
    await checkScreen(page, 'mappings-import-preview');
    // Nothing was saved by the preview.
    const before = await hub.must(
      'GET',
      `/v1/external-mappings?integrationConfigId=${integration.id}`,
      undefined,
      200,
    );
    expect(before.data).toHaveLength(1);

    // Without the bad row: apply.
    const good = fixed.split('\r\n').slice(0, 4).join('\r\n');
    await fileInput.setInputFiles({ name: 'mappings.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await page.getByRole('button', { name: 'Preview import' }).click();
    await expect(preview.getByRole('status')).toContainText(
      '2 to create, 1 to update, 0 unchanged, 0 with errors',
    );
    await preview.getByRole('button', { name: 'Apply 3 changes' }).click();
    await expect(
      page
        .getByRole('status')
        .filter({ hasText: 'Imported mappings.csv: 2 created, 1 updated, 0 unchanged.' }),
    ).toBeVisible();
    await expect(rows.filter({ hasText: `${tag}-p1` })).toContainText('dim-a');
    await expect(rows.filter({ hasText: `${tag}-p2` })).toContainText('dim-b');
    await expect(rows.filter({ hasText: `${tag}-acct` })).toContainText(subscriptionB as string);

    // Export what the filters show: an export is a valid import of the same mappings.
    await filters.getByLabel('Entity').selectOption('Product');
    await filters.getByLabel('Text').fill(`${tag}-p`);
    await expect(rows).toHaveCount(3); // header + 2
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export 2 as CSV' }).click();
    const download = await downloading;
    const exported = readFileSync(await download.path(), 'utf8').split('\r\n');
    expect(exported[0]).toBe(HEADER);
    expect(exported.slice(1).sort()).toEqual([
      `Product,${tag}-p1,AzureMarketplace,Dimension,dim-a,${integration.id},`,
      `Product,${tag}-p2,AzureMarketplace,Dimension,dim-b,${integration.id},`,
    ]);
    await fileInput.setInputFiles({
      name: 'export.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(exported.join('\n')),
    });
    await page.getByRole('button', { name: 'Preview import' }).click();
    await expect(
      page.getByRole('region', { name: 'Preview of export.csv' }).getByRole('status'),
    ).toContainText('0 to create, 0 to update, 2 unchanged, 0 with errors');
    await page.getByRole('button', { name: 'Discard' }).click();

    // Delete one, after confirming.
    await rows
      .filter({ hasText: `${tag}-p2` })
      .getByRole('button', { name: `Delete Product mapping of ${tag}-p2` })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Delete this mapping?' });
    await expect(dialog).toContainText(`${tag}-p2`);
    await dialog.getByRole('button', { name: 'Delete mapping' }).click();
    await expect(
      page.getByRole('status').filter({ hasText: `The Product mapping of ${tag}-p2 was deleted.` }),
    ).toBeVisible();
    await expect(rows.filter({ hasText: `${tag}-p2` })).toHaveCount(0);
  });

  test('an import that went stale between preview and apply is refused row by row, and nothing is saved', async ({
    page,
    hub,
  }) => {
    const tag = hub.unique('stale');
    const integration = await hub.must(
      'POST',
      '/v1/integrations',
      {
        name: hub.unique('Short-lived'),
        destination: 'AZURE_MARKETPLACE',
        configData: { marketplaceBillDimension: 'dim-a' },
      },
      201,
    );
    await page.goto(`${hub.baseURL}/console/mappings`);
    const csv = [HEADER, `Product,${tag}-p1,AzureMarketplace,Dimension,dim-a,${integration.id},`].join('\n');
    await page
      .getByLabel('CSV file')
      .setInputFiles({ name: 'stale.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Preview import' }).click();
    const preview = page.getByRole('region', { name: 'Preview of stale.csv' });
    await expect(preview.getByRole('status')).toContainText('1 to create');

    // Meanwhile the integration the row links to is deleted.
    await hub.must('DELETE', `/v1/integrations/${integration.id}`, undefined, 204);
    await preview.getByRole('button', { name: 'Apply 1 change' }).click();
    await expect(preview.getByRole('alert')).toContainText('Something changed since the preview.');
    await expect(preview.getByRole('row').filter({ hasText: `${tag}-p1` })).toContainText(
      /integrationConfigId|integration/,
    );
    await checkScreen(page, 'mappings-import-stale');
    const after = await hub.must('GET', `/v1/external-mappings?m3terId=${tag}-p1`, undefined, 200);
    expect(after.data).toHaveLength(0);
  });
});
