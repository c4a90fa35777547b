import { randomUUID } from 'node:crypto';
import { defineBillSource } from '@hub/core';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sweepStuckWork } from '../../src/worker/recovery-sweep.js';
import { schedulerIdOf } from '../../src/worker/source-schedules.js';
import { bill, line, newBillId } from '../support/bills.js';
import { type E2eHub, startE2eHub, type Tenant, waitFor } from '../support/e2e-hub.js';
import { FakeBillingPlatform, fakeBillingSource } from '../support/fake-billing-source.js';

/** Crashes the sync (the client throws, as a dying process would stop) while `crashOn` names the bill. */
let crashOn: string | null = null;
const crashySource = defineBillSource({
  ...fakeBillingSource,
  id: 'FAKE_CRASHY',
  createClient(context) {
    const client = fakeBillingSource.createClient(context);
    const fetchBill = client.fetchBill.bind(client);
    client.fetchBill = async (billId) => {
      if (billId === crashOn) {
        crashOn = null;
        throw new Error('worker died mid-sync');
      }
      return fetchBill(billId);
    };
    return client;
  },
});

let e2e: E2eHub;
const platforms: FakeBillingPlatform[] = [];

beforeAll(async () => {
  e2e = await startE2eHub({ sources: [fakeBillingSource, crashySource] });
});
afterAll(async () => {
  await e2e?.hub.stop();
  await e2e?.emulator.close();
  for (const platform of platforms) await platform.close();
});
afterEach(() => {
  crashOn = null;
});

interface Source {
  id: string;
  webhook: string;
  platform: FakeBillingPlatform;
}

/** A billing platform of its own and a source on it for the tenant, after its first sync ("from now"). */
/**
 * `schedule` is an hour unless a test is about the schedule: a scheduled sync firing in the middle of
 * a test (a loaded machine stretches tests past 30 s) would take the work the test's own sync expects.
 */
async function sourceFor(t: Tenant, type = 'FAKE_BILLING', schedule = 3600): Promise<Source> {
  const platform = await new FakeBillingPlatform().start();
  platforms.push(platform);
  platform.accounts.set('acc-1', { id: 'acc-1', name: 'Acme', code: 'acme', customFields: { region: 'EU' } });
  const res = await t.call('POST', '/v1/sources', {
    type,
    name: `billing-${randomUUID().slice(0, 6)}`,
    settings: { baseUrl: platform.url, organizationId: t.orgId },
    credential: { apiKey: platform.apiKey },
    schedule,
  });
  if (res.statusCode !== 201) throw new Error(`source: ${res.statusCode} ${res.body}`);
  const created = res.json();
  await waitFor(
    async () => (await t.call('GET', `/v1/sources/${created.id}`)).json().cursor !== null,
    'the first sync to start the change feed',
  );
  // ... and to finish: a test's own syncs then never race the first one for the same work.
  await waitFor(async () => {
    const syncs = (await t.call('GET', `/v1/sources/${created.id}/syncs?pageSize=200`)).json().data;
    return (
      syncs.length > 0 && syncs.every((s: { status: string }) => !['QUEUED', 'RUNNING'].includes(s.status))
    );
  }, 'the first sync to finish');
  const url = new URL(created.webhookUrl);
  return { id: created.id, webhook: `${url.pathname}${url.search}`, platform };
}

const poll = async (t: Tenant, source: Source) => {
  const res = await t.call('POST', `/v1/sources/${source.id}/sync`);
  expect(res.statusCode, res.body).toBe(202);
  return waitForSync(t, source, res.json().id);
};

async function waitForSync(t: Tenant, source: Source, syncId: string) {
  return waitFor(
    async () => {
      const sync = (await t.call('GET', `/v1/sources/${source.id}/syncs/${syncId}`)).json();
      return ['COMPLETE', 'ERROR', 'AUTH_FAILED'].includes(sync.status) ? sync : undefined;
    },
    `sync ${syncId} to finish`,
    30_000,
  );
}

const webhook = (source: Source, billIds: string[]) =>
  e2e.hub.app!.inject({ method: 'POST', url: source.webhook, payload: { billIds } });

async function runsOf(t: Tenant, billId: string): Promise<Record<string, any>[]> {
  return (await t.call('GET', `/v1/integration-runs?entityType=Bill&entityId=${billId}`)).json().data;
}

async function settledRun(t: Tenant, billId: string, version = 1): Promise<Record<string, any>> {
  const run = await waitFor(
    async () => (await runsOf(t, billId)).find((r) => r.billVersion === version),
    `a run of ${billId} v${version}`,
    30_000,
  );
  return t.waitForRun(run.id, ['COMPLETE', 'ERROR', 'SKIPPED'], 30_000);
}

const sourceBill = (id: string, version: number, subtotal: string, extra: Record<string, unknown> = {}) =>
  bill(id, version, [line('l1', Number(subtotal))], extra);

describe('bill sources end to end (no POST /v1/bills)', () => {
  it('polling: a bill created at the source reaches Azure once; the job scheduler follows the source', async () => {
    const t = await e2e.setup();
    const source = await sourceFor(t, 'FAKE_BILLING', 30);
    const id = newBillId('src');
    source.platform.putBill(sourceBill(id, 1, '2.00'));
    const sync = await poll(t, source);
    expect(sync).toMatchObject({ status: 'COMPLETE', errors: [] });
    expect((await settledRun(t, id)).status).toBe('COMPLETE');
    // The sync asked for, or one already under way when it was asked (the first one, still
    // finishing), fetched it: exactly one sync ingested it, and the cursor moved past it.
    const all = (await t.call('GET', `/v1/sources/${source.id}/syncs?pageSize=200`)).json().data;
    const ingesting = all.filter((s: { billsIngested: number }) => s.billsIngested > 0);
    expect(ingesting).toHaveLength(1);
    expect(ingesting[0]).toMatchObject({ billsFetched: 1, billsIngested: 1 });
    expect(ingesting[0].cursorAfter).not.toBe(ingesting[0].cursorBefore);
    await t.submissionPass();
    expect(t.totals()).toEqual({ 'dim-bill': '200' });
    expect(t.received()).toHaveLength(1);
    // the account came from the source with the bill
    expect((await t.call('GET', '/v1/accounts/acc-1')).json()).toMatchObject({
      customFields: { region: 'EU' },
    });
    // every call with the source is on record, redacted
    const detail = (await t.call('GET', `/v1/sources/${source.id}/syncs/${ingesting[0].id}`)).json();
    expect(detail.exchanges.length).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(detail.exchanges)).not.toContain(source.platform.apiKey);
    // polling again changes nothing
    const again = await poll(t, source);
    expect(again).toMatchObject({ status: 'COMPLETE', billsIngested: 0 });
    expect(await runsOf(t, id)).toHaveLength(1);
    // the schedule is a BullMQ job scheduler every 30 s; disabling the source removes it
    const queue = e2e.hub.queues.get('source.sync.v1')!;
    expect((await queue.getJobScheduler(schedulerIdOf(source.id)))?.every).toBe(30_000);
    const current = (await t.call('GET', `/v1/sources/${source.id}`)).json();
    const put = await t.call('PUT', `/v1/sources/${source.id}`, {
      type: 'FAKE_BILLING',
      name: current.name,
      settings: current.settings,
      schedule: 30,
      enabled: false,
      version: current.version,
    });
    expect(put.statusCode, put.body).toBe(200);
    await sweepStuckWork(e2e.runtime.services, { sourceSyncQueue: queue });
    expect(await queue.getJobScheduler(schedulerIdOf(source.id))).toBeUndefined();
  });

  it('the webhook and polling at once, and a storm of webhooks, send the bill once', async () => {
    const t = await e2e.setup();
    const source = await sourceFor(t);
    const id = newBillId('hook');
    source.platform.putBill(sourceBill(id, 1, '1.25'));
    const answers = await Promise.all([
      ...Array.from({ length: 8 }, () => webhook(source, [id])),
      t.call('POST', `/v1/sources/${source.id}/sync`),
    ]);
    expect(answers.map((res) => res.statusCode).sort()).toEqual([
      202, 202, 202, 202, 202, 202, 202, 202, 202,
    ]);
    expect((await settledRun(t, id)).status).toBe('COMPLETE');
    await waitFor(
      async () =>
        (
          await e2e.runtime.services.db
            .selectFrom('source_pending_bills')
            .select('bill_id')
            .where('source_id', '=', source.id)
            .execute()
        ).length === 0,
      'the bills to fetch to be drained',
    );
    await poll(t, source);
    await t.submissionPass();
    expect(t.totals()).toEqual({ 'dim-bill': '125' });
    expect(t.received()).toHaveLength(1);
    expect(await runsOf(t, id)).toHaveLength(1);
    const syncs = (await t.call('GET', `/v1/sources/${source.id}/syncs?pageSize=200`)).json().data;
    expect(syncs.reduce((sum: number, s: { billsIngested: number }) => sum + s.billsIngested, 0)).toBe(1);
    // a storm never queued more than one waiting sync per source: far fewer syncs than triggers
    expect(syncs.length).toBeLessThan(9);
  });

  it('a regenerated bill (version + 1) sends only the delta', async () => {
    const t = await e2e.setup();
    const source = await sourceFor(t);
    const id = newBillId('regen');
    source.platform.putBill(sourceBill(id, 1, '2.00'));
    await webhook(source, [id]);
    expect((await settledRun(t, id, 1)).status).toBe('COMPLETE');
    source.platform.putBill(sourceBill(id, 2, '3.50'));
    await poll(t, source);
    expect((await settledRun(t, id, 2)).status).toBe('COMPLETE');
    await t.submissionPass();
    expect(t.totals()).toEqual({ 'dim-bill': '350' });
    expect(
      t
        .received()
        .map((r) => r.quantity)
        .sort(),
    ).toEqual(['150', '200']);
  });

  it("the account's customFields from the source drive the account filter", async () => {
    const t = await e2e.setup({
      configData: { marketplaceBillDimension: 'dim-bill', accountFilter: 'customFields.region == EU' },
    });
    const source = await sourceFor(t);
    source.platform.accounts.set('acc-2', {
      id: 'acc-2',
      name: 'Other',
      code: 'other',
      customFields: { region: 'US' },
    });
    const eu = newBillId('eu');
    const us = newBillId('us');
    source.platform.putBill(sourceBill(eu, 1, '1.00'));
    source.platform.putBill(sourceBill(us, 1, '9.00', { accountId: 'acc-2', accountCode: 'other' }));
    await poll(t, source);
    expect((await settledRun(t, eu)).status).toBe('COMPLETE');
    expect(await settledRun(t, us)).toMatchObject({ status: 'SKIPPED', reason: 'ACCOUNT_FILTER' });
    await t.submissionPass();
    expect(t.totals()).toEqual({ 'dim-bill': '100' });
  });

  it('a bill deleted at the source is an event; nothing sent is reversed; a bill gone before its fetch is skipped', async () => {
    const t = await e2e.setup();
    const source = await sourceFor(t);
    const id = newBillId('del');
    source.platform.putBill(sourceBill(id, 1, '0.50'));
    await poll(t, source);
    expect((await settledRun(t, id)).status).toBe('COMPLETE');
    source.platform.deleteBill(id);
    const gone = newBillId('gone');
    const sync = await (async () => {
      await webhook(source, [gone]);
      return poll(t, source);
    })();
    const events = await t.events('source.bill.deleted.warning');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ data: { billId: id, sourceId: source.id } });
    const all = (await t.call('GET', `/v1/sources/${source.id}/syncs?pageSize=200`)).json().data;
    expect(
      all.reduce((sum: number, s: { billsSkipped: number }) => sum + s.billsSkipped, 0),
    ).toBeGreaterThanOrEqual(1);
    expect(sync.status).toBe('COMPLETE');
    await t.submissionPass();
    expect(t.totals()).toEqual({ 'dim-bill': '50' });
  });

  it('a malformed bill is a sync error and an event, kept with a backoff; fixed at the source it goes through', async () => {
    const t = await e2e.setup();
    const source = await sourceFor(t);
    const id = newBillId('bad');
    source.platform.putBill({
      ...sourceBill(id, 1, '1.00'),
      lineItems: [{ id: 'l1', lineItemType: 'NOPE', subtotal: 1 }],
    });
    await poll(t, source);
    // The sync asked for, or the one that ran its request with its own (work found while it held
    // the source is run in the same job): one of them met the bill and ended ERROR.
    const sync = await waitFor(async () => {
      const all = (await t.call('GET', `/v1/sources/${source.id}/syncs?pageSize=200`)).json().data;
      return all.find((s: { errors: { code: string }[] }) =>
        s.errors.some((e) => e.code === 'MALFORMED_BILL'),
      );
    }, 'a sync to meet the malformed bill');
    expect(sync.status).toBe('ERROR');
    expect(sync.errors).toEqual([expect.objectContaining({ code: 'MALFORMED_BILL', billId: id })]);
    expect(await t.events('source.bill.malformed.error')).toHaveLength(1);
    const row = await e2e.runtime.services.db
      .selectFrom('source_pending_bills')
      .selectAll()
      .where('source_id', '=', source.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ bill_id: id, attempts: 1 });
    expect(row.next_attempt_at!.getTime()).toBeGreaterThan(Date.now());
    // regenerated correctly at the source: the change makes it due again
    source.platform.putBill(sourceBill(id, 2, '1.00'));
    await poll(t, source);
    expect((await settledRun(t, id, 2)).status).toBe('COMPLETE');
  });

  it('mappings from the source are used; a hub-made mapping wins (reported); one gone at the source is removed', async () => {
    const t = await e2e.setup({ mapAccount: false });
    const source = await sourceFor(t);
    source.platform.accounts.set('acc-3', { id: 'acc-3', name: 'Three', code: 'three' });
    const hubSubscription = await t.addSubscription('acc-3');
    source.platform.mappings = [
      {
        id: 'map-1',
        m3terEntity: 'Account',
        m3terId: 'acc-1',
        externalSystem: 'AzureMarketplace',
        externalTable: 'Subscription',
        externalId: t.subscriptionId,
        metadata: { planId: 'gold' },
      },
      {
        id: 'map-3',
        m3terEntity: 'Account',
        m3terId: 'acc-3',
        externalSystem: 'AzureMarketplace',
        externalTable: 'Subscription',
        externalId: randomUUID(),
        integrationConfigId: t.integrationId,
      },
    ];
    await poll(t, source);
    // The sync asked for, or the first one still finishing when it was asked, synced them once.
    const syncs = (await t.call('GET', `/v1/sources/${source.id}/syncs?pageSize=200`)).json().data;
    const first = syncs.find((s: { mappingsSynced: number }) => s.mappingsSynced > 0);
    expect(first.mappingsSynced).toBe(1);
    expect(first.errors).toEqual([expect.objectContaining({ code: 'MAPPING_CONFLICT' })]);
    expect(await t.events('source.mapping.conflict.warning')).toHaveLength(1);
    const a = newBillId('map');
    const b = newBillId('map3');
    source.platform.putBill(sourceBill(a, 1, '1.00'));
    source.platform.putBill(sourceBill(b, 1, '2.00', { accountId: 'acc-3', accountCode: 'three' }));
    await poll(t, source);
    expect((await settledRun(t, a)).status).toBe('COMPLETE');
    expect((await settledRun(t, b)).status).toBe('COMPLETE');
    await t.submissionPass();
    expect(t.totals()).toEqual({ 'dim-bill': '100' });
    expect(t.totals(hubSubscription)).toEqual({ 'dim-bill': '200' });
    // idempotent: the same mappings again change nothing
    const same = await poll(t, source);
    expect(same.mappingsSynced).toBe(1);
    const synced = () =>
      e2e.runtime.services.db
        .selectFrom('external_mappings')
        .select(['m3ter_id', 'source_ref'])
        .where('source_id', '=', source.id)
        .execute();
    expect(await synced()).toEqual([{ m3ter_id: 'acc-1', source_ref: 'map-1' }]);
    source.platform.mappings = [];
    await poll(t, source);
    expect(await synced()).toEqual([]);
    // the hub-made mapping is untouched
    const hubMade = await e2e.runtime.services.db
      .selectFrom('external_mappings')
      .select('external_id')
      .where('m3ter_id', '=', 'acc-3')
      .where('org_id', '=', t.orgId)
      .execute();
    expect(hubMade).toEqual([{ external_id: hubSubscription }]);
  });

  it('a source outage (RETRYABLE) loses nothing: the bill waits and arrives when the source is back', async () => {
    const t = await e2e.setup();
    const source = await sourceFor(t);
    const id = newBillId('outage');
    source.platform.putBill(sourceBill(id, 1, '4.00'));
    source.platform.outage = true;
    expect((await webhook(source, [id])).statusCode).toBe(202);
    const failed = await waitFor(async () => {
      const syncs = (await t.call('GET', `/v1/sources/${source.id}/syncs`)).json().data;
      return syncs.find((s: { status: string }) => s.status === 'ERROR');
    }, 'a sync to meet the outage');
    expect(failed.errors[0]).toMatchObject({ code: 'RETRYABLE' });
    expect(await runsOf(t, id)).toHaveLength(0);
    source.platform.outage = false;
    // the retry the failed sync queued (Retry-After: 1 s) fetches it
    expect((await settledRun(t, id)).status).toBe('COMPLETE');
    await t.submissionPass();
    expect(t.totals()).toEqual({ 'dim-bill': '400' });
  });

  it('a crash mid-sync loses nothing: the job runs again and the rest is fetched; an interrupted sync is resumed by the sweep', async () => {
    const t = await e2e.setup();
    const source = await sourceFor(t, 'FAKE_CRASHY');
    const ids = [newBillId('c1'), newBillId('c2'), newBillId('c3')];
    for (const [i, id] of ids.entries()) source.platform.putBill(sourceBill(id, 1, `${i + 1}.00`));
    crashOn = ids[1]!;
    await t.call('POST', `/v1/sources/${source.id}/sync`);
    for (const id of ids) expect((await settledRun(t, id)).status).toBe('COMPLETE');
    const syncs = (await t.call('GET', `/v1/sources/${source.id}/syncs?pageSize=200`)).json().data;
    expect(
      syncs.some((s: { errors: { code: string }[] }) => s.errors.some((e) => e.code === 'SYNC_FAILED')),
    ).toBe(true);

    // As a kill -9 leaves it: a sync RUNNING, the lease still held, a bill waiting.
    const { db } = e2e.runtime.services;
    const late = newBillId('c4');
    source.platform.putBill(sourceBill(late, 1, '4.00'));
    await sql`insert into source_syncs (id, org_id, source_id, trigger, status, dt_started, errors, dt_created)
      values (${randomUUID()}, ${t.orgId}, ${source.id}, 'WEBHOOK', 'RUNNING', now() - interval '5 minutes', '[]'::jsonb, now() - interval '5 minutes')`.execute(
      db,
    );
    await sql`insert into source_pending_bills (source_id, bill_id, org_id, reason, dt_created)
      values (${source.id}, ${late}, ${t.orgId}, 'WEBHOOK', now() - interval '5 minutes')`.execute(db);
    await sql`update sources set sync_lease_until = now() - interval '1 minute' where id = ${source.id}`.execute(
      db,
    );
    const swept = await sweepStuckWork(e2e.runtime.services);
    expect(swept.sources).toBe(1);
    e2e.runtime.services.notifyOutbox();
    expect((await settledRun(t, late)).status).toBe('COMPLETE');
    await waitFor(
      async () =>
        (
          await db
            .selectFrom('source_syncs')
            .select('id')
            .where('source_id', '=', source.id)
            .where('status', 'in', ['QUEUED', 'RUNNING'])
            .execute()
        ).length === 0,
      'the interrupted sync to be finished',
    );
    await t.submissionPass();
    expect(t.totals()).toEqual({ 'dim-bill': '1000' });
    for (const id of [...ids, late]) expect(await runsOf(t, id)).toHaveLength(1);
  });

  it('a refused credential: AUTH_FAILED syncs with events, and after 3 the source disables itself', async () => {
    const t = await e2e.setup();
    const source = await sourceFor(t);
    source.platform.apiKey = 'rotated-key-000000';
    for (let i = 0; i < 3; i++) expect((await poll(t, source)).status).toBe('AUTH_FAILED');
    expect(await t.events('source.authentication.error')).toHaveLength(3);
    expect(await t.events('source.disabled.error')).toHaveLength(1);
    const after = (await t.call('GET', `/v1/sources/${source.id}`)).json();
    expect(after).toMatchObject({ enabled: false, disabledReason: expect.stringContaining('3 consecutive') });
    expect((await t.call('POST', `/v1/sources/${source.id}/sync`)).statusCode).toBe(409);
    // Three syncs one after another, each a token refusal: 4 s alone, but well past the default
    // 30 s on a busy two-core machine.
  }, 90_000);
});
