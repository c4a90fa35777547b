import { checkScreen, expect, test } from './support/fixtures.js';

test.describe('credentials', () => {
  test('create from the destination fields (secret write-only), verify, connect, change, disconnect, and delete only once nothing is connected', async ({
    page,
    hub,
  }) => {
    const good = hub.unique('azure-good');
    const bad = hub.unique('azure-bad');
    const integration = await hub.must(
      'POST',
      '/v1/integrations',
      {
        name: hub.unique('Needs a credential'),
        destination: 'AZURE_MARKETPLACE',
        configData: { marketplaceBillDimension: 'dim-a' },
      },
      201,
    );

    await page.getByRole('link', { name: 'Credentials' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Credentials' })).toBeVisible();

    // The fields are the destination's, from GET /v1/destinations.
    const form = page.getByRole('form', { name: 'New credential' });
    await form.getByLabel('Destination').selectOption({ label: 'Azure Marketplace' });
    const secret = form.getByLabel(/secret/i);
    await expect(secret).toHaveAttribute('type', 'password');
    await expect(secret).toHaveAccessibleDescription(/never shown again/);

    // Required fields are checked before sending.
    await form.getByRole('button', { name: 'Create credential' }).click();
    await expect(form.getByLabel('Name')).toBeFocused();
    await expect(form.getByLabel('Name')).toHaveAttribute('aria-invalid', 'true');
    await expect(form.getByLabel(/tenant/i)).toHaveAccessibleDescription(/is required/);

    // The hub's own 400 lands under its field.
    await form.getByLabel('Name').fill(good);
    await form.getByLabel(/tenant/i).fill(hub.emulator.tenantId);
    await form.getByLabel(/client\) id/i).fill('not-a-guid');
    await secret.fill(hub.emulator.clientSecret);
    await form.getByRole('button', { name: 'Create credential' }).click();
    await expect(form.getByLabel(/client\) id/i)).toHaveAttribute('aria-invalid', 'true');
    await expect(form.getByLabel(/client\) id/i)).toHaveAccessibleDescription(/GUID/);
    await checkScreen(page, 'credentials-errors');

    await form.getByLabel(/client\) id/i).fill(hub.emulator.clientId);
    await form.getByRole('button', { name: 'Create credential' }).click();
    await expect(
      page.getByRole('status').filter({ hasText: `Credential ${good} was created.` }),
    ).toBeVisible();
    const goodCard = page.getByRole('region', { name: good });
    await expect(goodCard).toContainText(hub.emulator.tenantId);
    await expect(goodCard).toContainText('stored, never shown');
    // The secret is never on the page, not even in the emptied form.
    await expect(page.locator('body')).not.toContainText(hub.emulator.clientSecret);
    await expect(secret).toHaveValue('');

    // A second credential with a wrong secret.
    await form.getByLabel('Name').fill(bad);
    await form.getByLabel(/tenant/i).fill(hub.emulator.tenantId);
    await form.getByLabel(/client\) id/i).fill(hub.emulator.clientId);
    await secret.fill('definitely-the-wrong-secret');
    await form.getByRole('button', { name: 'Create credential' }).click();
    const badCard = page.getByRole('region', { name: bad });
    await expect(badCard).toBeVisible();

    // Verify: the destination's own answer.
    await goodCard.getByRole('button', { name: `Verify ${good}` }).click();
    await expect(goodCard.getByText(`Azure Marketplace accepted ${good}.`)).toBeVisible();
    await badCard.getByRole('button', { name: `Verify ${bad}` }).click();
    const refusal = badCard.getByText(`Azure Marketplace refused ${bad}.`);
    await expect(refusal).toBeVisible();
    const verified = await hub.must('GET', '/v1/integration-credentials?pageSize=200', undefined, 200);
    const badId = verified.data.find((credential: { name: string }) => credential.name === bad).id;
    const answer = await hub.must('POST', `/v1/integration-credentials/${badId}/verify`, undefined, 200);
    expect(answer.ok).toBe(false);
    await expect(badCard).toContainText(answer.error.message);
    await expect(badCard).toContainText(answer.error.code);

    // Connect the integration to the good credential.
    await goodCard.getByLabel('Connect to integration').selectOption({ label: integration.name });
    await goodCard.getByRole('button', { name: 'Connect' }).click();
    await expect(
      page.getByRole('status').filter({ hasText: `${integration.name} is now connected to ${good}.` }),
    ).toBeVisible();
    await expect(goodCard.getByRole('link', { name: integration.name })).toBeVisible();
    expect((await hub.must('GET', `/v1/integrations/${integration.id}`, undefined, 200)).status).toBe(
      'CONNECTED',
    );
    await checkScreen(page, 'credentials');

    // Deleting a connected credential is refused, and the dialog says why.
    await goodCard.getByRole('button', { name: `Delete ${good}` }).click();
    const dialog = page.getByRole('dialog', { name: `Delete credential ${good}?` });
    await dialog.getByRole('button', { name: 'Delete credential' }).click();
    await expect(dialog.getByRole('alert')).toContainText('It is still connected to an integration.');
    await expect(dialog.getByRole('alert')).toContainText(integration.name);
    await checkScreen(page, 'credentials-delete-refused');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(goodCard.getByRole('button', { name: `Delete ${good}` })).toBeFocused();

    // Change: the other credential takes the integration over.
    await badCard
      .getByLabel('Connect to integration')
      .selectOption({ label: `${integration.name} (change from ${good})` });
    await badCard.getByRole('button', { name: 'Change credential' }).click();
    await expect(badCard.getByRole('link', { name: integration.name })).toBeVisible();
    await expect(goodCard.getByRole('link', { name: integration.name })).toHaveCount(0);
    const badCredentialId = (await hub.must('GET', `/v1/integrations/${integration.id}`, undefined, 200))
      .credentialId;
    expect(badCredentialId).toBe(badId);

    // Disconnect: not connected any more.
    await badCard.getByRole('button', { name: `Disconnect ${integration.name}` }).click();
    await expect(
      page.getByRole('status').filter({ hasText: `${integration.name} is disconnected from ${bad}` }),
    ).toBeVisible();
    expect((await hub.must('GET', `/v1/integrations/${integration.id}`, undefined, 200)).status).toBe(
      'NOT_CONNECTED',
    );

    // Now both can go.
    await goodCard.getByRole('button', { name: `Delete ${good}` }).click();
    await dialog.getByRole('button', { name: 'Delete credential' }).click();
    await expect(
      page.getByRole('status').filter({ hasText: `Credential ${good} was deleted.` }),
    ).toBeVisible();
    await expect(page.getByRole('region', { name: good })).toHaveCount(0);
    await hub.must('DELETE', `/v1/integration-credentials/${badId}`, undefined, 204);
    await hub.must('DELETE', `/v1/integrations/${integration.id}`, undefined, 204);
  });
});
