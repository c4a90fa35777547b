import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bill, line, newBillId } from '../support/bills.js';
import { type E2eHub, startE2eHub } from '../support/e2e-hub.js';

/** The gates of domain.md "The pipeline", in order, each against the emulator. */
let e2e: E2eHub;
beforeAll(async () => {
  e2e = await startE2eHub();
});
afterAll(async () => e2e?.close());

const UK_FILTER = 'customFields != null AND customFields.country = = UK';
const account = (id: string, customFields?: Record<string, string | number>) => ({
  id,
  name: `Account ${id}`,
  code: id,
  ...(customFields ? { customFields } : {}),
});

describe('gates', () => {
  it('DISABLED: the run is kept, nothing is sent, and enabling replays it', async () => {
    const t = await e2e.setup({ enabled: false });
    const posted = await t.postBill(bill(newBillId(), 1, [line('l1', '2.00')]));
    const parked = await t.waitForRun(posted.runId);
    expect(parked).toMatchObject({ status: 'DISABLED', reason: 'DISABLED' });
    expect(t.received()).toEqual([]);

    const enabled = await t.call('POST', `/v1/integrations/${t.integrationId}/enable`);
    expect(enabled.json().enabled).toBe(true);
    const done = await t.waitForRun(posted.runId, ['COMPLETE', 'ERROR']);
    expect(done.status).toBe('COMPLETE');
    expect(t.totals()).toEqual({ 'dim-bill': '200' });
  });

  it('AWAITING_CREDENTIAL: the run is kept and replayed when a credential is connected', async () => {
    const t = await e2e.setup({ connect: false });
    const posted = await t.postBill(bill(newBillId(), 1, [line('l1', '3.00')]));
    expect(await t.waitForRun(posted.runId)).toMatchObject({
      status: 'AWAITING_CREDENTIAL',
      reason: 'AWAITING_CREDENTIAL',
    });
    expect(t.received()).toEqual([]);

    const credentialId = await t.createCredential();
    const connected = await t.call('PUT', `/v1/integrations/${t.integrationId}/credential`, { credentialId });
    expect(connected.json().status).toBe('CONNECTED');
    expect((await t.waitForRun(posted.runId, ['COMPLETE', 'ERROR'])).status).toBe('COMPLETE');
    expect(t.totals()).toEqual({ 'dim-bill': '300' });
  });

  it('ACCOUNT_NOT_ALLOWED: not in accountIds, or restricted (deny wins over allow)', async () => {
    const allowList = await e2e.setup({ accountIds: ['acc-other'] });
    const notListed = await allowList.postBill(bill(newBillId(), 1, [line('l1', '1.00')]));
    expect(await allowList.waitForRun(notListed.runId)).toMatchObject({
      status: 'SKIPPED',
      reason: 'ACCOUNT_NOT_ALLOWED',
    });

    const denied = await e2e.setup({ accountIds: ['acc-1'], restrictedAccountIds: ['acc-1'] });
    const restricted = await denied.postBill(bill(newBillId(), 1, [line('l1', '1.00')]));
    expect(await denied.waitForRun(restricted.runId)).toMatchObject({
      status: 'SKIPPED',
      reason: 'ACCOUNT_NOT_ALLOWED',
    });
    expect(allowList.received()).toEqual([]);
    expect(denied.received()).toEqual([]);
  });

  it("ACCOUNT_FILTER: the billing platform's filter verbatim; an account the hub never saw is UNKNOWN_ACCOUNT", async () => {
    const t = await e2e.setup({
      accountId: 'acc-uk',
      configData: { marketplaceBillDimension: 'dim-bill', accountFilter: UK_FILTER },
    });
    const usSubscription = await t.addSubscription('acc-us');
    const bareSubscription = await t.addSubscription('acc-bare');
    const unknownSubscription = await t.addSubscription('acc-unknown');

    const uk = await t.postBill(
      bill(newBillId(), 1, [line('l1', '1.00')], {
        accountId: 'acc-uk',
        account: account('acc-uk', { country: 'UK' }),
      }),
    );
    const us = await t.postBill(
      bill(newBillId(), 1, [line('l1', '1.00')], {
        accountId: 'acc-us',
        account: account('acc-us', { country: 'US' }),
      }),
    );
    const bare = await t.postBill(
      bill(newBillId(), 1, [line('l1', '1.00')], { accountId: 'acc-bare', account: account('acc-bare') }),
    );
    const unknown = await t.postBill(
      bill(newBillId(), 1, [line('l1', '1.00')], { accountId: 'acc-unknown' }),
    );

    expect((await t.waitForRun(uk.runId)).status).toBe('COMPLETE');
    expect(await t.waitForRun(us.runId)).toMatchObject({ status: 'SKIPPED', reason: 'ACCOUNT_FILTER' });
    expect(await t.waitForRun(bare.runId)).toMatchObject({ status: 'SKIPPED', reason: 'ACCOUNT_FILTER' });
    const error = await t.waitForRun(unknown.runId);
    expect(error).toMatchObject({ status: 'ERROR', reason: 'UNKNOWN_ACCOUNT' });
    expect(error.error.message).toContain('acc-unknown');

    expect(t.totals()).toEqual({ 'dim-bill': '100' });
    expect(t.received(usSubscription)).toEqual([]);
    expect(t.received(bareSubscription)).toEqual([]);
    expect(t.received(unknownSubscription)).toEqual([]);
  });

  it('NOT_APPROVED: with sendBillOnApprovalOnly only the APPROVED version is sent', async () => {
    const t = await e2e.setup({
      configData: { marketplaceBillDimension: 'dim-bill', sendBillOnApprovalOnly: true },
    });
    const id = newBillId();
    const pending = await t.postBill(bill(id, 1, [line('l1', '4.00')], { status: 'PENDING' }));
    expect(await t.waitForRun(pending.runId)).toMatchObject({ status: 'SKIPPED', reason: 'NOT_APPROVED' });
    expect(t.received()).toEqual([]);

    const approved = await t.postBill(bill(id, 2, [line('l1', '4.00')], { status: 'APPROVED' }));
    expect((await t.waitForRun(approved.runId)).status).toBe('COMPLETE');
    expect(t.totals()).toEqual({ 'dim-bill': '400' });
  });

  it('STALE_VERSION: an older version arriving after a newer one is skipped and sends nothing', async () => {
    const t = await e2e.setup();
    const id = newBillId();
    const newer = await t.postBill(bill(id, 2, [line('l1', '5.00')]));
    expect((await t.waitForRun(newer.runId)).status).toBe('COMPLETE');
    const older = await t.postBill(bill(id, 1, [line('l1', '9.00')]));
    expect(await t.waitForRun(older.runId)).toMatchObject({ status: 'SKIPPED', reason: 'STALE_VERSION' });
    expect(t.totals()).toEqual({ 'dim-bill': '500' });
  });

  it('the first failing gate decides: a disabled integration parks even a restricted account', async () => {
    const t = await e2e.setup({ enabled: false, restrictedAccountIds: ['acc-1'] });
    const posted = await t.postBill(bill(newBillId(), 1, [line('l1', '1.00')]));
    expect((await t.waitForRun(posted.runId)).status).toBe('DISABLED');
    await t.call('POST', `/v1/integrations/${t.integrationId}/enable`);
    expect(await t.waitForRun(posted.runId, ['SKIPPED', 'COMPLETE', 'ERROR'])).toMatchObject({
      status: 'SKIPPED',
      reason: 'ACCOUNT_NOT_ALLOWED',
    });
    expect(t.received()).toEqual([]);
  });
});
