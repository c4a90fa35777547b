import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bill, line, newBillId } from '../support/bills.js';
import { type E2eHub, startE2eHub, type Tenant } from '../support/e2e-hub.js';

/**
 * Pending usage belongs to its integration: a disconnect, a credential change or a delete never
 * leaves usage that nothing will send, and a run waiting for a credential says so.
 */
let e2e: E2eHub;
beforeAll(async () => {
  e2e = await startE2eHub();
});
afterEach(() => e2e.emulator.setFaults({}));
afterAll(async () => e2e?.close());

/** A bill whose usage is stuck retrying (every metering call answers 503). */
async function stuckBill(t: Tenant, subtotal = '1.25') {
  e2e.emulator.setFaults({ rate503: 1, retryAfterSeconds: 1, routes: ['batchUsageEvent'] });
  const posted = await t.postBill(bill(newBillId('pending'), 1, [line('l1', subtotal)]));
  await t.waitForRun(posted.runId, ['AWAITING_RETRY']);
  return posted.runId;
}

describe('pending usage and credentials', () => {
  it('a disconnect parks pending usage as AWAITING_CREDENTIAL; the next credential connected sends it once', async () => {
    const t = await e2e.setup();
    const runId = await stuckBill(t);
    const disconnected = await t.call('DELETE', `/v1/integrations/${t.integrationId}/credential`);
    expect(disconnected.statusCode).toBe(200);
    expect(await t.waitForRun(runId, ['AWAITING_CREDENTIAL'])).toMatchObject({
      reason: 'AWAITING_CREDENTIAL',
    });
    // The old credential no longer carries anything: it can go.
    expect((await t.call('DELETE', `/v1/integration-credentials/${t.credentialId}`)).statusCode).toBe(204);

    e2e.emulator.setFaults({});
    const fresh = await t.createCredential();
    const connected = await t.call('PUT', `/v1/integrations/${t.integrationId}/credential`, {
      credentialId: fresh,
    });
    expect(connected.statusCode).toBe(200);
    expect(await t.waitForRun(runId)).toMatchObject({ status: 'COMPLETE', usage: [{ quantity: '125' }] });
    expect(t.totals()).toEqual({ 'dim-bill': '125' });
    const [event] = await t.usageEvents({ status: 'ACCEPTED' });
    expect(event).toMatchObject({ quantity: '125' });
  });

  it('while disconnected nothing is sent with the old credential, even once the destination recovers', async () => {
    const t = await e2e.setup();
    const runId = await stuckBill(t, '0.40');
    await t.call('DELETE', `/v1/integrations/${t.integrationId}/credential`);
    await t.waitForRun(runId, ['AWAITING_CREDENTIAL']);
    // A pass of the old credential that took the event before the disconnect has finished (503) ...
    await t.submissionPass(t.credentialId);
    e2e.emulator.setFaults({});
    // ... the retry time comes and goes, and a pass of the old credential runs after it: a sender
    // still holding the old credential would have delivered by then.
    await t.waitForRetryTime();
    await t.submissionPass(t.credentialId);
    expect(t.received()).toEqual([]);
    expect((await t.waitForRun(runId)).status).toBe('AWAITING_CREDENTIAL');
  });

  it('deleting a credential that pending usage still points at is refused with 409 and the count', async () => {
    const t = await e2e.setup();
    const runId = await stuckBill(t, '0.70');
    // The integration goes, its credential stays: the usage it owes is still sent with it.
    expect((await t.call('DELETE', `/v1/integrations/${t.integrationId}`)).statusCode).toBe(204);
    const refused = await t.call('DELETE', `/v1/integration-credentials/${t.credentialId}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'CONFLICT' });
    expect(refused.json().error.message).toContain('1 pending usage entry');

    e2e.emulator.setFaults({});
    expect(await t.waitForRun(runId)).toMatchObject({ status: 'COMPLETE' });
    expect(t.totals()).toEqual({ 'dim-bill': '70' });
    expect((await t.call('DELETE', `/v1/integration-credentials/${t.credentialId}`)).statusCode).toBe(204);
  });

  it('an integration with no credential and usage still owed cannot be deleted (nothing could send it)', async () => {
    const t = await e2e.setup();
    const runId = await stuckBill(t, '0.30');
    await t.call('DELETE', `/v1/integrations/${t.integrationId}/credential`);
    await t.waitForRun(runId, ['AWAITING_CREDENTIAL']);
    const refused = await t.call('DELETE', `/v1/integrations/${t.integrationId}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toContain('1 pending usage entry');
  });

  it('changing the credential moves pending usage to the new one', async () => {
    const t = await e2e.setup();
    const runId = await stuckBill(t, '0.90');
    const next = await t.createCredential();
    await t.call('PUT', `/v1/integrations/${t.integrationId}/credential`, { credentialId: next });
    // The old one is free at once; the usage goes with the new one.
    expect((await t.call('DELETE', `/v1/integration-credentials/${t.credentialId}`)).statusCode).toBe(204);
    e2e.emulator.setFaults({});
    expect(await t.waitForRun(runId)).toMatchObject({ status: 'COMPLETE' });
    expect(t.totals()).toEqual({ 'dim-bill': '90' });
  });
});
