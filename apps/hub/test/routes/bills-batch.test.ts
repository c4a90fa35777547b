import { ZIntegrationConfigBody } from '@hub/core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { insertIntegration } from '../../src/repositories/integrations.repository.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';

let hub: TestHub;
/** A second org with the same integrations: the same bills posted singly there. */
let singlesKey: string;

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

const bill = (id: string, overrides: Record<string, unknown> = {}) => ({
  id,
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

interface Result {
  index: number;
  billId: string | null;
  version: number | null;
  outcome: string;
  runs: { id: string; integrationConfigId: string; status: string }[];
  errors: { path: string; message: string }[];
}

const postBatch = (bills: unknown, key?: string) =>
  hub.call({ method: 'POST', url: '/v1/bills/batch', payload: { bills } as object, ...(key ? { key } : {}) });

async function batch(bills: unknown[], key?: string): Promise<Result[]> {
  const res = await postBatch(bills, key);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().results;
}

async function count(table: 'outbox' | 'integration_runs' | 'bills', orgOrRun?: string): Promise<number> {
  let query = db()
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as('n'));
  if (orgOrRun && table !== 'outbox') query = query.where('org_id', '=', orgOrRun);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.n);
}

beforeAll(async () => {
  hub = await createTestHub();
  for (const org of ['default', 'singles']) {
    await createIntegration(org, 'first');
    await createIntegration(org, 'second', { sendBillOnApprovalOnly: true });
  }
  const key = await hub.call({
    method: 'POST',
    url: '/v1/api-keys',
    payload: { orgId: 'singles', name: 's' },
  });
  singlesKey = key.json().key;
});
afterAll(async () => hub?.close());

describe('POST /v1/bills/batch', () => {
  it('answers each bill in request order: stored, invalid with its fields, duplicates of earlier ones', async () => {
    const notify = vi.fn();
    hub.runtime.services.notifyOutbox = notify;
    const outbox = await count('outbox');
    const results = await batch([
      bill('mix-1'),
      bill('mix-2', {
        currency: 'dollars',
        lineItems: [{ id: 'x', lineItemType: 'USAGE', subtotal: 'lots' }],
      }),
      bill('mix-1'),
      null,
      bill('mix-3', { version: -1 }),
      bill('mix-4', { account: { id: 'someone-else', name: 'X', code: 'x' } }),
      bill('mix-5'),
    ]);
    expect(results.map((r) => [r.index, r.billId, r.version, r.outcome])).toEqual([
      [0, 'mix-1', 1, 'STORED'],
      [1, 'mix-2', 1, 'INVALID'],
      [2, 'mix-1', 1, 'DUPLICATE'],
      [3, null, null, 'INVALID'],
      [4, 'mix-3', -1, 'INVALID'],
      [5, 'mix-4', 1, 'INVALID'],
      [6, 'mix-5', 1, 'STORED'],
    ]);
    expect(results[1]!.errors.map((e) => e.path).sort()).toEqual(['currency', 'lineItems.0.subtotal']);
    expect(results[3]!.errors).toEqual([{ path: '(root)', message: expect.any(String) }]);
    expect(results[4]!.errors.map((e) => e.path)).toEqual(['version']);
    expect(results[5]!.errors.map((e) => e.path)).toEqual(['account.id']);
    for (const r of results.filter((r) => r.outcome === 'INVALID')) expect(r.runs).toEqual([]);
    for (const r of results.filter((r) => r.outcome !== 'INVALID')) {
      expect(r.errors).toEqual([]);
      expect(r.runs).toHaveLength(2);
      for (const run of r.runs) expect(run.status).toBe('WAITING');
    }
    // The duplicate answers the first's runs; two bills stored, one job per run, one wake-up.
    expect(results[2]!.runs).toEqual(results[0]!.runs);
    expect(await count('outbox')).toBe(outbox + 4);
    expect(notify).toHaveBeenCalledTimes(1);
    const stored = await db().selectFrom('bills').select('id').where('id', 'like', 'mix-%').execute();
    expect(stored.map((b) => b.id).sort()).toEqual(['mix-1', 'mix-5']);
  });

  it('writes bills, runs and jobs in one transaction', async () => {
    const results = await batch([bill('tx-1'), bill('tx-2'), bill('tx-3')]);
    const ids = results.flatMap((r) => r.runs.map((run) => run.id));
    const bills = await db().selectFrom('bills').select('dt_received').where('id', 'like', 'tx-%').execute();
    const runs = await db()
      .selectFrom('integration_runs')
      .select('dt_created')
      .where('id', 'in', ids)
      .execute();
    const jobs = await db()
      .selectFrom('outbox')
      .select(['dt_created', 'payload', 'topic'])
      .where('topic', '=', 'bill.process.v1')
      .execute();
    const ours = jobs.filter((job) => ids.includes(job.payload.runId as string));
    expect(ours).toHaveLength(6);
    // now() is the transaction's start: all share it only if one transaction wrote them.
    const times = new Set(
      [...bills, ...runs, ...ours].map((row) =>
        ('dt_received' in row ? row.dt_received : row.dt_created).getTime(),
      ),
    );
    expect(times.size).toBe(1);
  });

  it('is idempotent: the same batch again answers the same runs as duplicates and adds no work', async () => {
    const bills = [bill('again-1'), bill('again-2'), bill('again-1', { version: 2 })];
    const first = await batch(bills);
    expect(first.map((r) => r.outcome)).toEqual(['STORED', 'STORED', 'STORED']);
    const outbox = await count('outbox');
    const runs = await count('integration_runs');
    const notify = vi.fn();
    hub.runtime.services.notifyOutbox = notify;
    const second = await batch(bills);
    expect(second.map((r) => r.outcome)).toEqual(['DUPLICATE', 'DUPLICATE', 'DUPLICATE']);
    expect(second.map((r) => r.runs)).toEqual(first.map((r) => r.runs));
    expect(await count('outbox')).toBe(outbox);
    expect(await count('integration_runs')).toBe(runs);
    expect(notify).not.toHaveBeenCalled();
  });

  it('answers what posting the same bills one by one in order answers (stale versions included)', async () => {
    const bills = [
      bill('same-1', { version: 3 }),
      bill('same-1', { version: 2 }),
      bill('same-2', { version: 1, status: 'PENDING' }),
      bill('same-2', { version: 2 }),
      bill('same-1', { version: 3 }),
      bill('same-3', { version: 5 }),
      bill('same-2', { version: 1 }),
    ];
    // Already stored before either: a newer version of same-3.
    await batch([bill('same-3', { version: 9 })]);
    const singlesFirst = await hub.call({
      method: 'POST',
      url: '/v1/bills',
      payload: bill('same-3', { version: 9 }),
      key: singlesKey,
    });
    expect(singlesFirst.statusCode).toBe(202);

    const results = await batch(bills);
    const singles: { status: number; runs: Result['runs'] }[] = [];
    for (const body of bills) {
      const res = await hub.call({ method: 'POST', url: '/v1/bills', payload: body, key: singlesKey });
      singles.push({ status: res.statusCode, runs: res.json().runs });
    }
    expect(results.map((r) => r.outcome)).toEqual([
      'STORED',
      'STALE',
      'STORED',
      'STORED',
      'DUPLICATE',
      'STALE',
      'DUPLICATE',
    ]);
    // STORED and STALE are the single route's 202, DUPLICATE its 200.
    expect(singles.map((s) => s.status)).toEqual(results.map((r) => (r.outcome === 'DUPLICATE' ? 200 : 202)));
    const integrationNames = async (org: string) =>
      new Map(
        (
          await db().selectFrom('integrations').select(['id', 'name']).where('org_id', '=', org).execute()
        ).map((row) => [row.id, row.name]),
      );
    const ours = await integrationNames('default');
    const theirs = await integrationNames('singles');
    const shape = (runs: Result['runs'], names: Map<string, string>) =>
      runs.map((run) => `${names.get(run.integrationConfigId)}:${run.status}`).sort();
    results.forEach((r, i) => {
      expect(shape(r.runs, ours), String(i)).toEqual(shape(singles[i]!.runs, theirs));
    });
    // Duplicates answer the runs of the version they repeat.
    expect(results[4]!.runs).toEqual(results[0]!.runs);
    expect(results[6]!.runs).toEqual(results[2]!.runs);
    // Both orgs hold the same versions and the same number of runs and jobs.
    const versions = async (org: string) =>
      (
        await db()
          .selectFrom('bills')
          .select(['id', 'version'])
          .where('org_id', '=', org)
          .where('id', 'like', 'same-%')
          .orderBy('id')
          .orderBy('version')
          .execute()
      ).map((row) => `${row.id}@${row.version}`);
    expect(await versions('default')).toEqual(await versions('singles'));
  });

  it('takes 500 bills of 20 line items in one call', async () => {
    const bills = Array.from({ length: 500 }, (_, i) =>
      bill(`many-${i}`, {
        accountId: `many-acc-${i % 50}`,
        lineItems: Array.from({ length: 20 }, (_, l) => ({
          id: `l${l}`,
          lineItemType: 'USAGE',
          subtotal: `${l}.25`,
          productId: `p${l % 3}`,
          description: 'x'.repeat(100),
        })),
      }),
    );
    const payload = JSON.stringify({ bills });
    expect(payload.length).toBeGreaterThan(hub.runtime.services.env.HUB_BODY_LIMIT_BYTES);
    const outbox = await count('outbox');
    const res = await hub.call({
      method: 'POST',
      url: '/v1/bills/batch',
      headers: { 'content-type': 'application/json' },
      payload,
    });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    const results: Result[] = res.json().results;
    expect(results).toHaveLength(500);
    expect(results.every((r, i) => r.index === i && r.outcome === 'STORED' && r.runs.length === 2)).toBe(
      true,
    );
    expect(await count('outbox')).toBe(outbox + 1000);
    const stored = await db()
      .selectFrom('bills')
      .select('body')
      .where('id', '=', 'many-499')
      .executeTakeFirstOrThrow();
    expect((stored.body.lineItems as { subtotal: string }[])[3]!.subtotal).toBe('3.25');
  });

  it('creates each run once when identical batches arrive at once', async () => {
    const bills = Array.from({ length: 40 }, (_, i) => bill(`race-${i}`, { version: 1 + (i % 3) }));
    const outbox = await count('outbox');
    const answers = await Promise.all(Array.from({ length: 4 }, () => postBatch(bills)));
    for (const res of answers) expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    const results = answers.map((res) => res.json().results as Result[]);
    // Per bill: exactly one batch stored it; all answer the same runs.
    for (let i = 0; i < bills.length; i++) {
      const outcomes = results.map((r) => r[i]!.outcome).sort();
      expect(outcomes, String(i)).toEqual(['DUPLICATE', 'DUPLICATE', 'DUPLICATE', 'STORED']);
      const runIds = results.map((r) => r[i]!.runs.map((run) => run.id));
      for (const ids of runIds) expect(ids).toEqual(runIds[0]);
    }
    const runs = await db()
      .selectFrom('integration_runs')
      .select('id')
      .where('entity_id', 'like', 'race-%')
      .execute();
    expect(runs).toHaveLength(80);
    expect(await count('outbox')).toBe(outbox + 80);
  });

  it('upserts accounts within the batch, the last of each id winning, duplicates included', async () => {
    const account = (name: string) => ({ id: 'acc-batch', name, code: 'ab', customFields: { tier: 2 } });
    const results = await batch([
      { ...bill('acct-1', { accountId: 'acc-batch' }), account: account('First') },
      { ...bill('acct-2', { accountId: 'acc-batch' }), account: account('Second') },
      {
        ...bill('acct-other', { accountId: 'acc-other' }),
        account: { id: 'acc-other', name: 'Other', code: 'o' },
      },
    ]);
    expect(results.map((r) => r.outcome)).toEqual(['STORED', 'STORED', 'STORED']);
    const read = await hub.call({ method: 'GET', url: '/v1/accounts/acc-batch' });
    expect(read.json()).toMatchObject({ id: 'acc-batch', name: 'Second', customFields: { tier: 2 } });
    expect((await hub.call({ method: 'GET', url: '/v1/accounts/acc-other' })).json().name).toBe('Other');
    // A repeated bill still upserts its account, as POST /v1/bills does.
    const again = await batch([{ ...bill('acct-1', { accountId: 'acc-batch' }), account: account('Third') }]);
    expect(again[0]!.outcome).toBe('DUPLICATE');
    expect((await hub.call({ method: 'GET', url: '/v1/accounts/acc-batch' })).json().name).toBe('Third');
    const stored = await hub.call({ method: 'GET', url: '/v1/bills/acct-1' });
    expect(stored.json().account).toBeUndefined();
  });

  it('refuses a body without 1 to 500 bills with a 400 naming bills', async () => {
    const bills = await count('bills');
    for (const payload of [{}, { bills: null }, { bills: 'many' }, { bills: {} }, { bills: [] }]) {
      const res = await hub.call({ method: 'POST', url: '/v1/bills/batch', payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
      expect(res.json().error.details.map((d: { path: string }) => d.path)).toEqual(['bills']);
    }
    const tooMany = await postBatch(Array.from({ length: 501 }, (_, i) => bill(`over-${i}`)));
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.details).toEqual([{ path: 'bills', message: 'must hold at most 500 bills' }]);
    expect(await count('bills')).toBe(bills);
  });

  it('refuses only the bill with text PostgreSQL cannot store, naming its field; the others are stored', async () => {
    const bills = await count('bills');
    const hugeExponent = bill('guard-exp', {
      lineItems: [{ id: 'li-1', lineItemType: 'USAGE', subtotal: '1e5000', productId: 'p1' }],
    });
    const results = await batch([bill('guard-ok'), bill('bad\u0000id'), hugeExponent]);
    expect(results.map((r) => r.outcome)).toEqual(['STORED', 'INVALID', 'INVALID']);
    expect(results[1]!.errors.map((d) => d.path)).toEqual(['id']);
    expect(results[2]!.errors.map((d) => d.path)).toEqual(['lineItems.0.subtotal']);
    expect(await count('bills')).toBe(bills + 1);
  });

  it('holds each bill to the single route’s size, and the batch to its own limit', async () => {
    const big = bill('big', {
      lineItems: Array.from({ length: 7_000 }, (_, i) => ({
        id: `line-${i}`,
        lineItemType: 'USAGE',
        subtotal: '1.00',
        description: 'x'.repeat(150),
      })),
    });
    const results = await batch([big, bill('small')]);
    expect(results.map((r) => r.outcome)).toEqual(['INVALID', 'STORED']);
    expect(results[0]!.errors[0]!.message).toContain('larger than');

    const huge = JSON.stringify({ bills: [bill('huge', { padding: 'x'.repeat(33 * 1024 * 1024) })] });
    const res = await hub.call({
      method: 'POST',
      url: '/v1/bills/batch',
      headers: { 'content-type': 'application/json' },
      payload: huge,
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('is in the OpenAPI document', async () => {
    const docs = (await hub.call({ method: 'GET', url: '/docs/json', key: null })).json();
    const operation = docs.paths['/v1/bills/batch']?.post;
    expect(operation?.tags).toEqual(['bills']);
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['200', '400', '413']));
  });
});
