import { checkScreen, expect, test } from './support/fixtures.js';

test.describe('prerequisite check', () => {
  test('a connected, mapped integration passes its checks against the destination; reached from the list by keyboard', async ({
    page,
    hub,
  }) => {
    const setup = await hub.setupAzureIntegration();
    await page.reload();
    const row = page.getByRole('row').filter({ hasText: setup.integrationName });
    await row.getByRole('link', { name: `Check ${setup.integrationName}` }).focus();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`/console/integrations/${setup.integrationId}/check$`));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      `Prerequisite check: ${setup.integrationName}`,
    );

    const summary = page.locator('#check-summary');
    await expect(summary).toContainText('Ready: no check failed.');
    // Focus moves to the result once it is in.
    await expect(page.getByRole('region', { name: /Ready: no check failed/ })).toBeFocused();

    // Every check the hub ran is listed with its status and message, as the API answered.
    const answer = await hub.must('POST', `/v1/integrations/${setup.integrationId}/check`, undefined, 200);
    expect(answer.ok).toBe(true);
    const checks = page.getByRole('list', { name: 'Checks' }).getByRole('listitem');
    await expect(checks).toHaveCount(answer.checks.length);
    for (const check of answer.checks as { name: string; status: string; message: string }[]) {
      const item = checks.filter({
        has: page.getByRole('heading', { name: new RegExp(`\\(${check.name}\\)`) }),
      });
      await expect(item).toContainText(
        { PASS: 'Passed', FAIL: 'Failed', SKIP: 'Skipped' }[check.status] as string,
      );
      await expect(item).toContainText(check.message);
    }
    expect(answer.checks.some((check: { status: string }) => check.status === 'PASS')).toBe(true);
    await expect(checks.filter({ hasText: 'Passed' }).first()).toBeVisible();
    await checkScreen(page, 'check-passed');

    await page.getByRole('button', { name: 'Run the check again' }).click();
    await expect(summary).toContainText('Ready: no check failed.');
  });

  test('an integration with no credential and no mappings fails, saying what to fix and linking to where', async ({
    page,
    hub,
  }) => {
    const integration = await hub.must(
      'POST',
      '/v1/integrations',
      {
        name: hub.unique('Unready'),
        destination: 'AZURE_MARKETPLACE',
        configData: { splitUsageLineItems: 'ITEM_PER_PRODUCT' },
      },
      201,
    );
    await page.goto(`${hub.baseURL}/console/integrations/${integration.id}/check`);
    await expect(page.locator('#check-summary')).toContainText(/\d+ of \d+ checks failed\./);
    const credential = page
      .getByRole('list', { name: 'Checks' })
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: /\(credential\)/ }) });
    await expect(credential).toContainText('Failed');
    await expect(credential.getByRole('link', { name: /Credentials screen/ })).toHaveAttribute(
      'href',
      '/console/credentials',
    );
    await checkScreen(page, 'check-failed');
    await hub.must('DELETE', `/v1/integrations/${integration.id}`, undefined, 204);
  });
});
