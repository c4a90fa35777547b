import { type AwsEmulator, startAwsEmulator } from '@hub/aws-marketplace-emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type AwsTenant, seedHubIdentity, setupAws } from '../support/aws-tenant.js';
import { bill, line, newBillId } from '../support/bills.js';
import { type E2eHub, startE2eHub, waitFor } from '../support/e2e-hub.js';

/**
 * AWS Marketplace as the hub's second destination, end to end: the real hub (api + workers in this
 * process) on PostgreSQL and Redis, the AWS emulator over HTTP (SigV4, STS AssumeRole with an
 * ExternalId, BatchMeterUsage with AWS's rules), and the Azure emulator for the organization that
 * sends to both. Truth is what the emulators recorded.
 */
let aws: AwsEmulator;
let e2e: E2eHub;
let identity: { accessKeyId: string; secretAccessKey: string };

beforeAll(async () => {
  aws = await startAwsEmulator();
  identity = seedHubIdentity(aws);
  e2e = await startE2eHub({
    smtp: true,
    env: { AWS_MARKETPLACE_METERING_URL: aws.meteringUrl, AWS_STS_URL: aws.stsUrl },
  });
});
afterEach(() => {
  aws?.setFaults({});
});
afterAll(async () => {
  await e2e?.close();
  await aws?.close();
});

const setup = (options: Parameters<typeof setupAws>[3] = {}) => setupAws(e2e, aws, identity, options);
const HOUR = 3_600_000;

/** Every record is hour-aligned, and no (customer, dimension, hour) holds two. */
function expectOnePerHour(t: AwsTenant, customerId = t.customerId) {
  const records = t.records(customerId);
  for (const record of records) expect(Date.parse(record.timestamp) % HOUR).toBe(0);
  const keys = records.map((record) => `${record.dimension} ${record.timestamp}`);
  expect(new Set(keys).size).toBe(keys.length);
}

describe('one organization, Azure and AWS', { timeout: 60_000 }, () => {
  it('one bill lands at both destinations, each exactly once', async () => {
    const azure = await e2e.setup();
    const t = await setup({ org: { orgId: azure.orgId, key: azure.key } });
    const posted = await azure.call(
      'POST',
      '/v1/bills',
      bill(newBillId('both'), 1, [line('l1', '0.50'), line('l2', '12.345')]),
    );
    expect(posted.statusCode, posted.body).toBe(202);
    const runs = posted.json().runs as { id: string; integrationConfigId: string }[];
    expect(runs.map((run) => run.integrationConfigId).sort()).toEqual(
      [azure.integrationId, t.integrationId].sort(),
    );
    for (const run of runs) {
      const done = await t.waitForRun(run.id);
      expect(done.status, JSON.stringify(done.error)).toBe('COMPLETE');
    }
    // $12.845 at $0.01 a unit, rounded half-up once: 1285 units at each destination
    expect(azure.totals()).toEqual({ 'dim-bill': '1285' });
    expect(t.totals()).toEqual({ 'dim-bill': '1285' });
    expect(t.records()).toHaveLength(1);
    expectOnePerHour(t);
    const [event] = await t.usageEvents({ status: 'ACCEPTED' });
    expect(event).toMatchObject({ resourceId: t.customerId, dimension: 'dim-bill', quantity: '1285' });
    expect(event!.usageEventId).toEqual(expect.any(String));

    // the same bill again: the ledger owes nothing, neither destination hears of it twice
    const again = await azure.call(
      'POST',
      '/v1/bills',
      bill(posted.json().billId, 1, [line('l1', '0.50'), line('l2', '12.345')]),
    );
    expect(again.statusCode).toBeLessThan(300);
    expect(azure.totals()).toEqual({ 'dim-bill': '1285' });
    expect(t.records()).toHaveLength(1);
  });
});

describe('AWS rules at the door', () => {
  it('refuses decimal quantities, malformed account ids and license ARNs with a 400 naming the field', async () => {
    const t = await setup();
    const decimals = await t.call('POST', '/v1/integrations', {
      name: 'aws-decimals',
      destination: 'AWS_MARKETPLACE',
      entityType: 'Bill',
      configData: { marketplaceBillDimension: 'dim-bill', quantityDecimalPlaces: 2 },
    });
    expect(decimals.statusCode, decimals.body).toBe(400);
    expect(JSON.stringify(decimals.json().error.details)).toContain('quantityDecimalPlaces');

    const mapping = (externalId: string, metadata: Record<string, unknown>) =>
      t.call('POST', '/v1/external-mappings', {
        m3terEntity: 'Account',
        m3terId: `acc-${externalId.slice(0, 4)}`,
        externalSystem: 'AwsMarketplace',
        externalTable: 'Customer',
        externalId,
        metadata,
      });
    const shortId = await mapping('12345', { licenseArn: t.licenseArn });
    expect(shortId.statusCode, shortId.body).toBe(400);
    expect(shortId.json().error.details[0].path).toBe('externalId');
    const badLicense = await mapping('123456789012', { licenseArn: 'not-an-arn' });
    expect(badLicense.statusCode, badLicense.body).toBe(400);
    expect(badLicense.json().error.details[0].path).toBe('metadata.licenseArn');
  });

  it('the check: the role is assumed, customers and dimensions are well formed, prices cannot be read', async () => {
    const t = await setup();
    const res = await t.call('POST', `/v1/integrations/${t.integrationId}/check`);
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    const byName = Object.fromEntries(
      (report.checks as { name: string; status: string; message: string }[]).map((c) => [c.name, c]),
    );
    expect(byName.credential?.status, byName.credential?.message).toBe('PASS');
    expect(byName.dimensionPrices?.status).toBe('SKIP');
    expect(report.ok, JSON.stringify(report.checks)).toBe(true);
    expect(JSON.stringify(report)).not.toContain(identity.secretAccessKey);

    const wrong = await setup({ externalId: 'not-the-external-id' });
    const refused = (await wrong.call('POST', `/v1/integrations/${wrong.integrationId}/check`)).json();
    const credential = refused.checks.find((c: { name: string }) => c.name === 'credential');
    expect(credential.status).toBe('FAIL');
    expect(credential.message).toMatch(/AccessDenied/);
    expect(refused.ok).toBe(false);
  });
});

describe('the ledger at AWS', { timeout: 60_000 }, () => {
  it('regenerations, credits and spending them: AWS holds the last targets, one record per hour', async () => {
    const t = await setup();
    const a = newBillId('regen');
    const b = newBillId('regen');
    const step = async (id: string, version: number, amount: string) => {
      const run = await t.waitForRun(await t.postBill(bill(id, version, [line('l1', amount)])));
      expect(run.status, JSON.stringify(run.error)).toBe('COMPLETE');
    };
    await step(a, 1, '10.00'); // 1000
    await step(a, 2, '15.00'); // +500
    await step(a, 3, '12.00'); // lowered: 300 of credit, nothing sent
    expect(t.totals()).toEqual({ 'dim-bill': '1500' });
    await step(b, 1, '5.00'); // 500 owed, 300 of it covered by the credit: 200 sent
    expect(t.totals()).toEqual({ 'dim-bill': '1700' });
    expect(
      t
        .records()
        .map((r) => r.quantity)
        .sort((x, y) => x - y),
    ).toEqual([200, 500, 1000]);
    expectOnePerHour(t);
  });

  it('a target above an int32 goes out as several records in several hours, adding up exactly', async () => {
    const t = await setup();
    // $30,000,000.01 at $0.01 a unit: 3,000,000,001 units, above AWS's 2,147,483,647 per record
    const run = await t.waitForRun(await t.postBill(bill(newBillId('big'), 1, [line('l1', '30000000.01')])));
    expect(run.status, JSON.stringify(run.error)).toBe('COMPLETE');
    expect(
      t
        .records()
        .map((r) => r.quantity)
        .sort((x, y) => y - x),
    ).toEqual([2_147_483_647, 852_516_354]);
    expect(t.totals()).toEqual({ 'dim-bill': '3000000001' });
    expectOnePerHour(t);
    // a regeneration that lowers it below the cap records the difference as credit, sends nothing
    const ledger = await t.waitForRun(await t.postBill(bill(run.entityId, 2, [line('l1', '20000000.00')])));
    expect(ledger.status, JSON.stringify(ledger.error)).toBe('COMPLETE');
    expect(t.records()).toHaveLength(2);
  });

  it('exclusions, the account filter and a missing mapping, as for Azure', async () => {
    const t = await setup({
      accountId: 'acc-uk',
      configData: {
        splitUsageLineItems: 'ITEM_PER_PRODUCT',
        excludedProductIds: ['p-free'],
        accountFilter: 'customFields != null AND customFields.country = = UK',
      },
      dimensionMappings: [
        { m3terEntity: 'Product', m3terId: 'p1', dimension: 'dim-a' },
        { m3terEntity: 'Product', m3terId: 'p-free', dimension: 'dim-b' },
      ],
    });
    const account = (id: string, country: string) => ({ id, name: id, code: id, customFields: { country } });
    const uk = await t.postBill(
      bill(
        newBillId('ex'),
        1,
        [line('l1', '3.00', { productId: 'p1' }), line('l2', '4.00', { productId: 'p-free' })],
        {
          accountId: 'acc-uk',
          account: account('acc-uk', 'UK'),
        },
      ),
    );
    const done = await t.waitForRun(uk);
    expect(done.status, JSON.stringify(done.error)).toBe('COMPLETE');
    expect(t.totals()).toEqual({ 'dim-a': '300' });
    expect(JSON.stringify(done.detail?.excludedLineItems ?? done)).toContain('l2');

    await t.addCustomer('acc-us');
    const us = await t.postBill(
      bill(newBillId('ex'), 1, [line('l1', '3.00', { productId: 'p1' })], {
        accountId: 'acc-us',
        account: account('acc-us', 'US'),
      }),
    );
    expect(await t.waitForRun(us)).toMatchObject({ status: 'SKIPPED', reason: 'ACCOUNT_FILTER' });

    const orphan = await t.postBill(
      bill(newBillId('ex'), 1, [line('l1', '3.00', { productId: 'p1' })], {
        accountId: 'acc-nomap',
        account: account('acc-nomap', 'UK'),
      }),
    );
    expect(await t.waitForRun(orphan)).toMatchObject({ status: 'ERROR', reason: 'MISSING_ACCOUNT_MAPPING' });
    const customer = await t.addCustomer('acc-nomap');
    const replayed = await t.call('POST', `/v1/integration-runs/${orphan}/replay`);
    expect(replayed.statusCode, replayed.body).toBeLessThan(300);
    await waitFor(() => t.totals(customer)['dim-a'] === '300', 'the replayed bill to land');
    expect(t.records(customer)).toHaveLength(1);
  });

  it('a bad record sharing a batch with good ones: only it is refused, the others land once', async () => {
    const t = await setup({
      configData: { splitUsageLineItems: 'ITEM_PER_PRODUCT' },
      dimensionMappings: [
        { m3terEntity: 'Product', m3terId: 'p1', dimension: 'dim-a' },
        { m3terEntity: 'Product', m3terId: 'p2', dimension: 'dim-b' },
        { m3terEntity: 'Product', m3terId: 'p3', dimension: 'dim-not-listed' },
      ],
    });
    const before = aws.stats();
    const runId = await t.postBill(
      bill(newBillId('bad'), 1, [
        line('l1', '1.00', { productId: 'p1' }),
        line('l2', '2.00', { productId: 'p2' }),
        line('l3', '3.00', { productId: 'p3' }),
      ]),
    );
    const run = await t.waitForRun(runId);
    expect(run.status).toBe('ERROR');
    expect(JSON.stringify(run.error)).toMatch(/dim-not-listed|InvalidUsageDimension/);
    expect(t.totals()).toEqual({ 'dim-a': '100', 'dim-b': '200' });
    expect(t.records()).toHaveLength(2);
    const after = aws.stats();
    // the three records went in one call that AWS refused whole, then were split until the bad one
    // was alone: the good ones were recorded by a later call, each once
    expect(after.batchSizes['3'] ?? 0).toBeGreaterThan(before.batchSizes['3'] ?? 0);
    expect(after.exceptions.InvalidUsageDimensionException ?? 0).toBeGreaterThan(
      before.exceptions.InvalidUsageDimensionException ?? 0,
    );
    expect((await t.usageEvents({ status: 'REJECTED' })).map((e) => e.dimension)).toEqual(['dim-not-listed']);
  });

  it('lost responses (recorded by AWS, never answered): the identical resend is recognised, nothing twice', async () => {
    const t = await setup();
    const accounts = ['acc-1', 'acc-2', 'acc-3'];
    const customers = new Map([['acc-1', t.customerId]]);
    for (const account of accounts.slice(1)) customers.set(account, await t.addCustomer(account));
    const lostBefore = aws.stats().faultsInjected.lostResponse ?? 0;
    const answeredBefore = aws.stats().duplicatesAnswered;
    aws.setFaults({ rateLostResponse: 1, only: 'metering' });
    const runIds = await Promise.all(
      accounts.map((account, i) =>
        t.postBill(bill(newBillId('lost'), 1, [line('l1', `${i + 1}.00`)], { accountId: account })),
      ),
    );
    await waitFor(
      () => aws.records().some((r) => r.customerAwsAccountId === t.customerId),
      'a record AWS kept unanswered',
    );
    aws.setFaults({});
    for (const runId of runIds) {
      const run = await t.waitForRun(runId, ['COMPLETE', 'ERROR', 'AUTH_FAILED'], 60_000);
      expect(run.status, JSON.stringify(run.error)).toBe('COMPLETE');
    }
    accounts.forEach((account, i) => {
      expect(t.totals(customers.get(account))).toEqual({ 'dim-bill': String((i + 1) * 100) });
      expect(t.records(customers.get(account))).toHaveLength(1);
    });
    // AWS kept records it never answered for, and the hub's resend of them was answered with the
    // original MeteringRecordId rather than recorded again
    expect(aws.stats().faultsInjected.lostResponse ?? 0).toBeGreaterThan(lostBefore);
    expect(aws.stats().duplicatesAnswered).toBeGreaterThan(answeredBefore);
  });
});

describe('a credential AWS refuses', { timeout: 90_000 }, () => {
  it('a wrong ExternalId: AUTH_FAILED ×3 → disabled, mailed → fixed credential + enable → everything lands once', async () => {
    const emails = ['ops@example.com'];
    const t = await setup({ externalId: 'not-the-external-id', emails });
    const failed: string[] = [];
    for (const amount of ['1.00', '2.00', '3.00']) {
      const runId = await t.postBill(bill(newBillId('auth'), 1, [line('l1', amount)]));
      const run = await t.waitForRun(runId);
      expect(run, JSON.stringify(run.error)).toMatchObject({ status: 'AUTH_FAILED' });
      expect(JSON.stringify(run)).not.toContain(identity.secretAccessKey);
      failed.push(runId);
    }
    const disabled = await waitFor(async () => {
      const current = await t.integration();
      return current.enabled === false ? current : undefined;
    }, 'the integration to disable itself');
    expect(disabled.disabledReason).toMatch(/3 consecutive credential rejections/);
    const mails = await e2e.mail!.waitFor(
      (m) => m.subject.includes(disabled.name) && m.subject.includes('integration.disabled.error'),
    );
    expect(mails).toHaveLength(1);
    expect(t.records()).toEqual([]);

    const credentialId = await t.createCredential();
    const connected = await t.call('PUT', `/v1/integrations/${t.integrationId}/credential`, { credentialId });
    expect(connected.statusCode, connected.body).toBe(200);
    const enabled = await t.call('POST', `/v1/integrations/${t.integrationId}/enable`);
    expect(enabled.json()).toMatchObject({ enabled: true });
    for (const runId of failed) {
      const run = await t.waitForRun(runId, ['COMPLETE', 'ERROR'], 60_000);
      expect(run.status, JSON.stringify(run.error)).toBe('COMPLETE');
    }
    expect(t.totals()).toEqual({ 'dim-bill': '600' });
    expect(t.records().length).toBe((await t.usageEvents({ status: 'ACCEPTED' })).length);
    expectOnePerHour(t);
  });
});
