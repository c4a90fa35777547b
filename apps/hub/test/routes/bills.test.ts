import { ZIntegrationConfigBody } from '@hub/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { JOB_CATALOG } from '../../src/queue/catalog.js';
import { deleteIntegration, insertIntegration } from '../../src/repositories/integrations.repository.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';

let hub: TestHub;
let otherKey: string;
const integrationIds: string[] = [];

const db = () => hub.runtime.services.db;

async function createIntegration(orgId: string, name: string, configData: Record<string, unknown> = {}) {
  return insertIntegration(
    db(),
    orgId,
    ZIntegrationConfigBody.parse({
      name,
      destination: 'AZURE_MARKETPLACE',
      configData: { marketplaceBillDimension: 'dim-total', ...configData },
    }),
  );
}

const bill = (overrides: Record<string, unknown> = {}) => ({
  id: 'bill-1',
  version: 1,
  accountId: 'acc-1',
  accountCode: 'acme',
  status: 'APPROVED',
  billDate: '2026-11-01',
  startDate: '2026-10-01',
  endDate: '2026-11-01',
  currency: 'USD',
  lineItems: [
    { id: 'li-1', lineItemType: 'USAGE', subtotal: 0.5, productId: 'p1' },
    { id: 'li-2', lineItemType: 'STANDING_CHARGE', subtotal: '10.00', productId: 'p2' },
  ],
  ...overrides,
});

const post = (payload: unknown, key?: string) =>
  hub.call({ method: 'POST', url: '/v1/bills', payload: payload as object, ...(key ? { key } : {}) });

const postRaw = (payload: string) =>
  hub.call({ method: 'POST', url: '/v1/bills', headers: { 'content-type': 'application/json' }, payload });

async function count(table: 'outbox' | 'integration_runs' | 'bills'): Promise<number> {
  const row = await db()
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const paths = (res: { json(): { error: { details?: { path: string }[] } } }) =>
  (res.json().error.details ?? []).map((d) => d.path);

beforeAll(async () => {
  hub = await createTestHub();
  integrationIds.push((await createIntegration('default', 'first')).id);
  integrationIds.push((await createIntegration('default', 'second', { sendBillOnApprovalOnly: true })).id);
  const deleted = await createIntegration('default', 'deleted');
  await deleteIntegration(db(), 'default', deleted.id);
  await createIntegration('other-org', 'theirs');
  const key = await hub.call({
    method: 'POST',
    url: '/v1/api-keys',
    payload: { orgId: 'other-org', name: 'o' },
  });
  otherKey = key.json().key;
});
afterAll(async () => hub?.close());

describe('POST /v1/bills', () => {
  it('answers 202 with one WAITING run per live Bill integration, and queues one job per run', async () => {
    const notify = vi.fn();
    hub.runtime.services.notifyOutbox = notify;
    const outboxBefore = await count('outbox');
    const res = await post(bill());
    expect(res.statusCode).toBe(202);
    const body = res.json();
    expect(body).toEqual({
      billId: 'bill-1',
      version: 1,
      runs: expect.any(Array),
    });
    expect(body.runs).toHaveLength(2);
    expect(body.runs.map((r: { integrationConfigId: string }) => r.integrationConfigId).sort()).toEqual(
      [...integrationIds].sort(),
    );
    for (const run of body.runs)
      expect(run).toEqual({
        id: expect.any(String),
        integrationConfigId: expect.any(String),
        status: 'WAITING',
      });

    const rows = await db()
      .selectFrom('integration_runs')
      .selectAll()
      .where('entity_id', '=', 'bill-1')
      .execute();
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row).toMatchObject({
        org_id: 'default',
        entity_type: 'Bill',
        bill_version: 1,
        trigger: 'INGEST',
        status: 'WAITING',
        replay_of: null,
      });
    }
    const outbox = await db().selectFrom('outbox').selectAll().orderBy('job_id').execute();
    expect(outbox).toHaveLength(outboxBefore + 2);
    const runIds = body.runs.map((r: { id: string }) => r.id).sort();
    const jobs = outbox.filter((row) => runIds.includes(row.payload.runId as string));
    expect(jobs.map((job) => job.job_id).sort()).toEqual(
      runIds.map((id: string) => JOB_CATALOG['bill.process.v1'].jobId({ runId: id })).sort(),
    );
    for (const job of jobs) {
      expect(job.topic).toBe('bill.process.v1');
      expect(job.dt_dispatched).toBeNull();
    }

    // now() is the transaction's start: bill, runs and jobs share it only if written by one transaction.
    const [billRow] = await db()
      .selectFrom('bills')
      .select('dt_received')
      .where('id', '=', 'bill-1')
      .execute();
    const times = new Set(
      [billRow!.dt_received, ...rows.map((r) => r.dt_created), ...jobs.map((j) => j.dt_created)].map((d) =>
        d.getTime(),
      ),
    );
    expect(times.size).toBe(1);
    expect(notify).toHaveBeenCalledTimes(1);
  });

  it('answers a repeated (id, version) with 200, the same runs and no new work', async () => {
    const notify = vi.fn();
    hub.runtime.services.notifyOutbox = notify;
    const first = await post(bill({ id: 'bill-again' }));
    expect(first.statusCode).toBe(202);
    const outbox = await count('outbox');
    const runs = await count('integration_runs');
    const again = await post(bill({ id: 'bill-again' }));
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    expect(await count('outbox')).toBe(outbox);
    expect(await count('integration_runs')).toBe(runs);
    expect(notify).toHaveBeenCalledTimes(1);
    // A new version is new work.
    const v2 = await post(bill({ id: 'bill-again', version: 2 }));
    expect(v2.statusCode).toBe(202);
    expect(v2.json().runs.map((r: { id: string }) => r.id)).not.toEqual(
      first.json().runs.map((r: { id: string }) => r.id),
    );
    expect(await count('outbox')).toBe(outbox + 2);
  });

  it('creates one set of runs when the same bill is posted twice at once', async () => {
    const outbox = await count('outbox');
    const results = await Promise.all([
      post(bill({ id: 'bill-race' })),
      post(bill({ id: 'bill-race' })),
      post(bill({ id: 'bill-race' })),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 200, 202]);
    const bodies = results.map((r) => r.json());
    expect(bodies[1]).toEqual(bodies[0]);
    expect(bodies[2]).toEqual(bodies[0]);
    const rows = await db()
      .selectFrom('integration_runs')
      .select('id')
      .where('entity_id', '=', 'bill-race')
      .execute();
    expect(rows).toHaveLength(2);
    expect(await count('outbox')).toBe(outbox + 2);
  });

  it('stores amounts exactly from JSON numbers and decimal strings, and returns them as strings', async () => {
    const res = await postRaw(
      JSON.stringify(bill({ id: 'bill-exact', billTotal: '0' }))
        .replace('"subtotal":0.5', '"subtotal":9.1234567890123461')
        .replace(
          '"billTotal":"0"',
          '"billTotal":123456789012345678901234.5, "extraNumber": 0.30000000000000000001',
        ),
    );
    expect(res.statusCode).toBe(202);
    const stored = await db()
      .selectFrom('bills')
      .select('body')
      .where('id', '=', 'bill-exact')
      .executeTakeFirstOrThrow();
    const lines = stored.body.lineItems as { subtotal: string }[];
    expect(lines[0]!.subtotal).toBe('9.1234567890123461');
    expect(lines[1]!.subtotal).toBe('10');
    expect(stored.body.billTotal).toBe('123456789012345678901234.5');
    expect(stored.body.extraNumber).toBe('0.30000000000000000001');
    const read = await hub.call({ method: 'GET', url: '/v1/bills/bill-exact' });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({
      id: 'bill-exact',
      version: 1,
      lineItems: [
        { id: 'li-1', subtotal: '9.1234567890123461' },
        { id: 'li-2', subtotal: '10' },
      ],
      billTotal: '123456789012345678901234.5',
      currencyConversions: [],
    });
  });

  it('upserts the account in the same call', async () => {
    const account = {
      id: 'acc-up',
      name: 'Upserted',
      code: 'up',
      address: { country: 'UK' },
      customFields: { tier: 2 },
    };
    const res = await post({ ...bill({ id: 'bill-acc', accountId: 'acc-up' }), account });
    expect(res.statusCode).toBe(202);
    const read = await hub.call({ method: 'GET', url: '/v1/accounts/acc-up' });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ id: 'acc-up', name: 'Upserted', address: { country: 'UK' } });
    // The account is not part of the stored bill.
    const stored = await hub.call({ method: 'GET', url: '/v1/bills/bill-acc' });
    expect(stored.json().account).toBeUndefined();
    // Another version renames it.
    await post({
      ...bill({ id: 'bill-acc', accountId: 'acc-up', version: 2 }),
      account: { ...account, name: 'Renamed' },
    });
    expect((await hub.call({ method: 'GET', url: '/v1/accounts/acc-up' })).json().name).toBe('Renamed');
  });

  it('refuses an account that is not the bill’s, and stores nothing', async () => {
    const bills = await count('bills');
    const res = await post({
      ...bill({ id: 'bill-wrong-acc' }),
      account: { id: 'someone-else', name: 'X', code: 'x' },
    });
    expect(res.statusCode).toBe(400);
    expect(paths(res)).toEqual(['account.id']);
    expect(await count('bills')).toBe(bills);
  });

  it('names the path of every validation error', async () => {
    const unknownType = await post(
      bill({
        lineItems: [
          { id: 'a', lineItemType: 'USAGE', subtotal: 1 },
          { id: 'b', lineItemType: 'WHATEVER', subtotal: 1 },
        ],
      }),
    );
    expect(unknownType.statusCode).toBe(400);
    expect(unknownType.json().error.code).toBe('VALIDATION_FAILED');
    expect(paths(unknownType)).toEqual(['lineItems.1.lineItemType']);
    expect(unknownType.json().error.details[0].message).toContain('unknown line item type "WHATEVER"');

    for (const version of ['-1', '"three"', '1.5', '2147483648', '1e400', '99999999999999999999', 'null']) {
      const res = await postRaw(JSON.stringify(bill()).replace('"version":1', `"version":${version}`));
      expect(res.statusCode, version).toBe(400);
      expect(paths(res), version).toEqual(['version']);
    }

    const { id: _id, ...withoutId } = bill();
    const missingId = await post(withoutId);
    expect(missingId.statusCode).toBe(400);
    expect(paths(missingId)).toEqual(['id']);

    const several = await post({
      ...withoutId,
      currency: 'dollars',
      lineItems: [{ id: 'x', lineItemType: 'USAGE', subtotal: 'lots' }],
    });
    expect(paths(several).sort()).toEqual(['currency', 'id', 'lineItems.0.subtotal']);

    const nul = await post(bill({ id: 'bad\u0000id' }));
    expect(nul.statusCode).toBe(400);
    expect(paths(nul)).toEqual(['id']);

    const surrogate = await post(
      bill({
        lineItems: [{ id: 'a', lineItemType: 'USAGE', subtotal: 1, description: 'half \ud800 a pair' }],
      }),
    );
    expect(surrogate.statusCode).toBe(400);
    expect(paths(surrogate)).toEqual(['lineItems.0.description']);

    // toFixed would write these out in full: a billion digits.
    const huge = await postRaw(JSON.stringify(bill()).replace('"subtotal":0.5', '"subtotal":1e999999999'));
    expect(huge.statusCode).toBe(400);
    expect(paths(huge)).toEqual(['lineItems.0.subtotal']);
    const hugeText = await post(
      bill({ lineItems: [{ id: 'a', lineItemType: 'USAGE', subtotal: '-1E-99999999' }] }),
    );
    expect(paths(hugeText)).toEqual(['lineItems.0.subtotal']);
    const fine = await post(
      bill({ id: 'bill-exponent', lineItems: [{ id: 'a', lineItemType: 'USAGE', subtotal: '1.5e2' }] }),
    );
    expect(fine.statusCode).toBe(202);
  });

  it('answers 413 for a 2 MiB bill', async () => {
    const lineItems = Array.from({ length: 12_000 }, (_, i) => ({
      id: `line-${i}`,
      lineItemType: 'USAGE',
      subtotal: '1.00',
      description: 'x'.repeat(150),
    }));
    const payload = JSON.stringify(bill({ id: 'bill-huge', lineItems }));
    expect(payload.length).toBeGreaterThan(2 * 1024 * 1024);
    const res = await postRaw(payload);
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('never answers 500 for malformed input', async () => {
    const deep = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
    const raw = [
      '',
      'null',
      '[]',
      '"a bill"',
      '42',
      '{}',
      '{"id":',
      '{"id":"b","version":1,"accountId":"a","currency":"USD","lineItems":"none"}',
      '{"id":{},"version":{},"accountId":[],"currency":1}',
      ...[100, 1000, 3000, 6000, 10_000, 50_000, 400_000].map(
        (depth) =>
          `{"id":"deep-${depth}","version":1,"accountId":"a","currency":"USD","extra":${deep(depth)}}`,
      ),
      `{"id":"b","version":1,"accountId":"a","currency":"USD","lineItems":[${'null,'.repeat(100)}null]}`,
      '{"id":"b","version":1,"accountId":"a","currency":"USD","lineItems":[{"id":"l","lineItemType":"USAGE","subtotal":1e999999999}]}',
      '{"id":"b","version":1,"accountId":"a","currency":"USD","lineItems":[{"id":"l","lineItemType":"USAGE","subtotal":"NaN"}]}',
      '{"id":"b","version":1,"accountId":"a","currency":"USD","account":{"id":"a","name":"n","code":"c","customFields":{"k":{"nested":true}}}}',
      '{"id":"b","version":1,"accountId":"a","currency":"USD","constructor":{"prototype":{}}}',
      '{"id":"b","version":1,"accountId":"a","currency":"USD","x\\u0000y":1}',
      '{"id":"b","version":1,"accountId":"a","currency":"USD","note":"\\ud800"}',
    ];
    for (const payload of raw) {
      const res = await postRaw(payload);
      expect(res.statusCode, payload.slice(0, 80)).toBeLessThan(500);
      if (!payload.includes('"deep-'))
        expect(res.statusCode, payload.slice(0, 80)).toBeGreaterThanOrEqual(400);
      // Deep but storable nesting in an extra field is kept (202); too deep for the parser is a 400.
      if (res.statusCode >= 400) expect(res.json().error.code, payload.slice(0, 80)).toBeDefined();
    }
    const text = await hub.call({
      method: 'POST',
      url: '/v1/bills',
      headers: { 'content-type': 'text/plain' },
      payload: 'hi',
    });
    expect(text.statusCode).toBe(400);
  });

  it('creates no runs when the org has no Bill integration', async () => {
    const lonely = await hub.call({
      method: 'POST',
      url: '/v1/api-keys',
      payload: { orgId: 'lonely', name: 'l' },
    });
    const res = await post(bill({ id: 'bill-lonely' }), lonely.json().key);
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ billId: 'bill-lonely', version: 1, runs: [] });
  });
});

describe('GET /v1/bills/{id}', () => {
  it('returns the newest stored version', async () => {
    for (const version of [1, 3, 2]) {
      const res = await post(bill({ id: 'bill-versions', version, billTotal: String(version) }));
      expect(res.statusCode).toBe(202);
    }
    const read = await hub.call({ method: 'GET', url: '/v1/bills/bill-versions' });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({
      id: 'bill-versions',
      version: 3,
      billTotal: '3',
      status: 'APPROVED',
    });
  });

  it('answers 404 for an unknown id, and for ids no bill can have', async () => {
    const unknown = await hub.call({ method: 'GET', url: '/v1/bills/nope' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('NOT_FOUND');
    // A NUL can't be in any stored id: refused up front as bad input.
    for (const url of ['/v1/bills/%00', '/v1/bills/a%00b']) {
      const res = await hub.call({ method: 'GET', url });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.code, url).toBe('VALIDATION_FAILED');
    }
    for (const url of [`/v1/bills/${'x'.repeat(300)}`, '/v1/bills/%ED%A0%80']) {
      const res = await hub.call({ method: 'GET', url });
      expect(res.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, url).toBeLessThan(500);
    }
  });
});

describe('tenancy', () => {
  it("keeps each org's bills and runs apart", async () => {
    const theirs = await post(bill({ id: 'bill-shared', version: 7 }), otherKey);
    expect(theirs.statusCode).toBe(202);
    expect(theirs.json().runs).toHaveLength(1);
    // The same id in another org is another bill: its own runs, 202 again.
    const ours = await post(bill({ id: 'bill-shared', version: 7 }));
    expect(ours.statusCode).toBe(202);
    expect(ours.json().runs).toHaveLength(2);
    expect(ours.json().runs.map((r: { id: string }) => r.id)).not.toContain(theirs.json().runs[0].id);

    const onlyOurs = await post(bill({ id: 'bill-ours-only' }));
    expect(onlyOurs.statusCode).toBe(202);
    const read = await hub.call({ method: 'GET', url: '/v1/bills/bill-ours-only', key: otherKey });
    expect(read.statusCode).toBe(404);
    const { n } = await db()
      .selectFrom('integration_runs')
      .select(sql<string>`count(*)`.as('n'))
      .where('org_id', '=', 'other-org')
      .executeTakeFirstOrThrow();
    expect(Number(n)).toBe(1);
  });

  it('documents every route of bills, preview, runs, usage and events in OpenAPI', async () => {
    const docs = (await hub.call({ method: 'GET', url: '/docs/json', key: null })).json();
    const routes: [string, string][] = [
      ['/v1/bills', 'post'],
      ['/v1/bills/{id}', 'get'],
      ['/v1/integrations/{id}/preview', 'post'],
      ['/v1/integration-runs', 'get'],
      ['/v1/integration-runs/{id}', 'get'],
      ['/v1/integration-runs/{id}/replay', 'post'],
      ['/v1/usage-events', 'get'],
      ['/v1/usage-report', 'get'],
      ['/v1/events', 'get'],
    ];
    for (const [path, method] of routes) {
      const operation = docs.paths[path]?.[method];
      expect(operation, `${method} ${path}`).toBeDefined();
      expect(operation.tags, path).toHaveLength(1);
      expect(operation.summary, path).toBeTruthy();
    }
    expect(Object.keys(docs.paths['/v1/bills'].post.responses)).toEqual(
      expect.arrayContaining(['200', '202', '400', '413']),
    );
  });
});
