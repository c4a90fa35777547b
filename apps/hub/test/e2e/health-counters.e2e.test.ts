import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bill, line, newBillId } from '../support/bills.js';
import { type E2eHub, startE2eHub, TENANT, type Tenant } from '../support/e2e-hub.js';

/**
 * Auto-disable counts CONSECUTIVE failures (domain.md "Auto-disable"): a run that ends COMPLETE in
 * between starts the count again, for credential rejections (3) and for failed runs (20) alike.
 */
let e2e: E2eHub;
beforeAll(async () => {
  e2e = await startE2eHub();
});
afterAll(async () => e2e?.close());

/** Azure stops knowing the tenant's secret, and the tokens it already issued stop working. */
function rotateAtAzure(t: Tenant) {
  e2e.emulator.seedCredential({ tenantId: TENANT, clientId: t.clientId, clientSecret: 'rotated-elsewhere' });
  e2e.emulator.revokeTokens(t.clientId);
}

/** Azure knows the secret the hub holds again. */
function restoreAtAzure(t: Tenant) {
  e2e.emulator.seedCredential({ tenantId: TENANT, clientId: t.clientId, clientSecret: t.clientSecret });
}

async function runEnding(t: Tenant, status: string, amount: string, accountId = t.accountId) {
  const posted = await t.postBill(bill(newBillId('health'), 1, [line('l1', amount)], { accountId }));
  const run = await t.waitForRun(posted.runId);
  expect(run.status, JSON.stringify(run.error)).toBe(status);
  return posted.runId;
}

async function expectEnabled(
  t: Tenant,
  counters: { consecutiveAuthFailures: number; consecutiveErrors: number },
) {
  // The counter update and any disable commit with the run's status: nothing is left to wait for.
  const integration = await t.integration();
  // The counters are what the API shows; soft, so a wrong count still lets the rule itself be checked.
  expect.soft(integration).toMatchObject(counters);
  expect(integration).toMatchObject({ enabled: true, disabledReason: null });
  expect(await t.events('integration.disabled.error')).toEqual([]);
}

describe('auto-disable counts consecutive failures only', { timeout: 120_000 }, () => {
  it('AUTH_FAILED ×2, then a COMPLETE run, then AUTH_FAILED: still enabled; two more rejections disable it', async () => {
    const t = await e2e.setup();

    rotateAtAzure(t);
    const failed = [await runEnding(t, 'AUTH_FAILED', '1.00'), await runEnding(t, 'AUTH_FAILED', '2.00')];
    await expectEnabled(t, { consecutiveAuthFailures: 2, consecutiveErrors: 0 });

    // The secret works again: the next bill completes (and takes the two waiting runs' usage along).
    restoreAtAzure(t);
    await runEnding(t, 'COMPLETE', '3.00');
    for (const runId of failed) expect((await t.waitForRun(runId, ['COMPLETE'])).status).toBe('COMPLETE');
    expect(t.totals()).toEqual({ 'dim-bill': '600' });
    await expectEnabled(t, { consecutiveAuthFailures: 0, consecutiveErrors: 0 });

    // One rejection after the COMPLETE run is the first of a new series, not the third of the old one.
    rotateAtAzure(t);
    await runEnding(t, 'AUTH_FAILED', '4.00');
    await expectEnabled(t, { consecutiveAuthFailures: 1, consecutiveErrors: 0 });
    expect(await t.events('integration.authentication.error')).toHaveLength(3);

    // The count still works from there: the third consecutive rejection disables the integration.
    await runEnding(t, 'AUTH_FAILED', '5.00');
    await expectEnabled(t, { consecutiveAuthFailures: 2, consecutiveErrors: 0 });
    await runEnding(t, 'AUTH_FAILED', '6.00');
    const integration = await t.integration();
    expect(integration).toMatchObject({ enabled: false, consecutiveAuthFailures: 3 });
    expect(integration.disabledReason).toMatch(/3 consecutive credential rejections/);
    expect(await t.events('integration.disabled.error')).toHaveLength(1);
    expect(t.totals()).toEqual({ 'dim-bill': '600' });
  });

  it('ERROR ×19, then a COMPLETE run, then ERROR: still enabled; 19 more ERRORs (20 in a row) disable it', async () => {
    const t = await e2e.setup();
    const unmapped = 'acc-never-mapped';
    const fail = async (count: number) => {
      const posted = await Promise.all(
        Array.from({ length: count }, () =>
          t.postBill(bill(newBillId('err'), 1, [line('l1', '1.00')], { accountId: unmapped })),
        ),
      );
      for (const p of posted) {
        expect(await t.waitForRun(p.runId)).toMatchObject({
          status: 'ERROR',
          reason: 'MISSING_ACCOUNT_MAPPING',
        });
      }
    };

    await fail(19);
    await expectEnabled(t, { consecutiveAuthFailures: 0, consecutiveErrors: 19 });

    await runEnding(t, 'COMPLETE', '0.50');
    await expectEnabled(t, { consecutiveAuthFailures: 0, consecutiveErrors: 0 });

    await runEnding(t, 'ERROR', '1.00', unmapped);
    await expectEnabled(t, { consecutiveAuthFailures: 0, consecutiveErrors: 1 });

    await fail(19);
    const integration = await t.integration();
    expect(integration).toMatchObject({ enabled: false, consecutiveErrors: 20 });
    expect(integration.disabledReason).toMatch(/20 consecutive failed runs/);
    expect(await t.events('integration.disabled.error')).toHaveLength(1);
    expect(t.totals()).toEqual({ 'dim-bill': '50' });
  });
});
