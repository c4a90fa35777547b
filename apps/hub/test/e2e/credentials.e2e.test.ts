import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bill, line, newBillId } from '../support/bills.js';
import { type E2eHub, startE2eHub, TENANT, type Tenant, waitFor } from '../support/e2e-hub.js';

/**
 * A credential Azure refuses: runs end AUTH_FAILED, the third in a row disables the integration
 * (event + mail to every disabledNotificationEmails address), nothing pending is lost, and a new
 * credential plus enable sends all of it exactly once.
 */
let e2e: E2eHub;
beforeAll(async () => {
  e2e = await startE2eHub({ smtp: true });
});
afterAll(async () => e2e?.close());

async function failThreeTimes(t: Tenant, amounts: string[]) {
  const runIds: string[] = [];
  for (const amount of amounts) {
    const posted = await t.postBill(bill(newBillId('auth'), 1, [line('l1', amount)]));
    const run = await t.waitForRun(posted.runId);
    expect(run, JSON.stringify(run.error)).toMatchObject({ status: 'AUTH_FAILED', reason: 'AUTH_FAILED' });
    runIds.push(posted.runId);
  }
  return runIds;
}

async function expectDisabledAndMailed(t: Tenant, emails: string[]) {
  const integration = await waitFor(async () => {
    const current = await t.integration();
    return current.enabled === false ? current : undefined;
  }, 'the integration to disable itself');
  expect(integration.disabledReason).toMatch(/3 consecutive credential rejections/);
  const disabled = await t.events('integration.disabled.error');
  expect(disabled).toHaveLength(1);
  expect(disabled[0]!.message).toContain(integration.name);
  expect((await t.events('integration.authentication.error')).length).toBe(3);
  const mails = await e2e.mail!.waitFor(
    (m) => m.subject.includes(integration.name) && m.subject.includes('integration.disabled.error'),
  );
  expect(mails).toHaveLength(1);
  expect([...mails[0]!.to].sort()).toEqual([...emails].sort());
  expect(mails[0]!.text).toContain('disabled automatically after 3 consecutive credential rejections');
  return integration;
}

async function fixAndEnable(t: Tenant, secret: string) {
  const credentialId = await t.createCredential(secret);
  const connected = await t.call('PUT', `/v1/integrations/${t.integrationId}/credential`, { credentialId });
  expect(connected.json()).toMatchObject({ status: 'CONNECTED', enabled: false });
  const enabled = await t.call('POST', `/v1/integrations/${t.integrationId}/enable`);
  expect(enabled.json()).toMatchObject({ enabled: true, disabledReason: null });
}

describe('a rejected credential', { timeout: 60_000 }, () => {
  it('a secret Azure does not know: AUTH_FAILED ×3 → disabled, mailed → new credential + enable → everything lands once', async () => {
    const emails = ['ops@example.com', 'finance@example.com'];
    // no planId in the mapping: the first call to Azure is the fulfillment lookup
    const t = await e2e.setup({ clientSecret: 'not-the-secret', emails, planInMapping: false });
    const failed = await failThreeTimes(t, ['1.00', '2.00', '3.00']);
    const run = await t.waitForRun(failed[0]!);
    expect(run.error.message).toMatch(/AADSTS7000215/);
    expect(JSON.stringify(run.exchanges)).not.toContain('not-the-secret');
    await expectDisabledAndMailed(t, emails);

    // while disabled, a new bill parks
    const parked = await t.postBill(bill(newBillId('auth'), 1, [line('l1', '4.00')]));
    expect((await t.waitForRun(parked.runId)).status).toBe('DISABLED');
    expect(t.received()).toEqual([]);

    await fixAndEnable(t, t.clientSecret);
    for (const runId of [...failed, parked.runId]) {
      expect((await t.waitForRun(runId, ['COMPLETE', 'ERROR'])).status).toBe('COMPLETE');
    }
    expect(t.totals()).toEqual({ 'dim-bill': '1000' });
    // pending usage of one subscription and dimension may go out merged: one hub event per Azure event
    expect(t.received()).toHaveLength((await t.usageEvents({ status: 'ACCEPTED' })).length);
    expect(await t.usageEvents({ status: 'PENDING' })).toEqual([]);
    expect((await t.integration()).enabled).toBe(true);
  });

  it('a secret rotated at Azure: cached tokens revoked → AUTH_FAILED ×3 → disabled → the new secret sends what is pending', async () => {
    const emails = ['oncall@example.com'];
    const t = await e2e.setup({ emails });
    const ok = await t.postBill(bill(newBillId('rot'), 1, [line('l1', '0.50')]));
    expect((await t.waitForRun(ok.runId)).status).toBe('COMPLETE');

    const rotated = 'rotated-secret-value';
    e2e.emulator.seedCredential({ tenantId: TENANT, clientId: t.clientId, clientSecret: rotated });
    e2e.emulator.revokeTokens(t.clientId);
    const failed = await failThreeTimes(t, ['1.00', '2.00', '3.00']);
    await expectDisabledAndMailed(t, emails);
    expect(t.totals()).toEqual({ 'dim-bill': '50' });

    await fixAndEnable(t, rotated);
    for (const runId of failed)
      expect((await t.waitForRun(runId, ['COMPLETE', 'ERROR'])).status).toBe('COMPLETE');
    expect(t.totals()).toEqual({ 'dim-bill': '650' });
    expect(t.received()).toHaveLength(4);
  });

  it('20 consecutive ERROR runs disable the integration too, with a reason, an event and mail', async () => {
    const emails = ['errors@example.com'];
    const t = await e2e.setup({ mapAccount: false, emails });
    const posted = await Promise.all(
      Array.from({ length: 20 }, () => t.postBill(bill(newBillId('err'), 1, [line('l1', '1.00')]))),
    );
    for (const p of posted) expect((await t.waitForRun(p.runId)).reason).toBe('MISSING_ACCOUNT_MAPPING');
    const integration = await waitFor(async () => {
      const current = await t.integration();
      return current.enabled === false ? current : undefined;
    }, 'the integration to disable itself');
    expect(integration.disabledReason).toMatch(/20 consecutive failed runs/);
    expect(await t.events('integration.disabled.error')).toHaveLength(1);
    const [mail] = await e2e.mail!.waitFor((m) => m.subject.includes(integration.name));
    expect(mail!.to).toEqual(emails);
    // the next bill parks instead of failing
    const next = await t.postBill(bill(newBillId('err'), 1, [line('l1', '1.00')]));
    expect((await t.waitForRun(next.runId)).status).toBe('DISABLED');
  });

  it('an integration disabled by hand keeps its pending usage unsent until it is enabled again', async () => {
    const t = await e2e.setup();
    e2e.emulator.setFaults({ rate503: 1, routes: ['batchUsageEvent'] });
    try {
      const posted = await t.postBill(bill(newBillId('hold'), 1, [line('l1', '1.00')]));
      await t.waitForRun(posted.runId, ['AWAITING_RETRY']);
      await t.call('POST', `/v1/integrations/${t.integrationId}/disable`, { reason: 'maintenance' });
      // A pass that took the event before the disable has finished (answered 503) ...
      await t.submissionPass();
      e2e.emulator.setFaults({});
      const [before] = await t.usageEvents();
      // ... the retry time comes and goes, and a submission pass for the credential runs after it:
      // had the hub been going to send the usage of a disabled integration, it would have by now.
      await t.waitForRetryTime();
      await t.submissionPass();
      expect(t.received()).toEqual([]);
      const [after] = await t.usageEvents();
      expect(after).toMatchObject({ status: 'PENDING', attempts: before!.attempts });
      await t.call('POST', `/v1/integrations/${t.integrationId}/enable`);
      expect((await t.waitForRun(posted.runId, ['COMPLETE', 'ERROR'])).status).toBe('COMPLETE');
      expect(t.totals()).toEqual({ 'dim-bill': '100' });
    } finally {
      e2e.emulator.setFaults({});
    }
  });
});
