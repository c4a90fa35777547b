import { randomUUID } from 'node:crypto';
import { ZIntegrationConfigBody } from '@hub/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertIntegration } from '../../src/repositories/integrations.repository.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';

let hub: TestHub;
let otherKey: string;
let integrationA: string;
let integrationB: string;
let idle: string;
const runs: Record<string, string> = {};
const events: Record<string, string> = {};
const db = () => hub.runtime.services.db;

const get = (url: string, key?: string) => hub.call({ method: 'GET', url, ...(key ? { key } : {}) });
const ids = async (url: string, key?: string) => {
  const res = await get(url, key);
  expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
  return (res.json().data as { id: string }[]).map((item) => item.id);
};

async function createIntegration(orgId: string, name: string) {
  const integration = await insertIntegration(
    db(),
    orgId,
    ZIntegrationConfigBody.parse({
      name,
      destination: 'AZURE_MARKETPLACE',
      configData: { marketplaceBillDimension: 'd' },
    }),
  );
  return integration.id;
}

/** Posts a bill (one run per integration) and dates its runs. */
async function postBill(id: string, version: number, accountId: string, createdAt: string, key?: string) {
  const res = await hub.call({
    method: 'POST',
    url: '/v1/bills',
    payload: { id, version, accountId, currency: 'USD', lineItems: [] },
    ...(key ? { key } : {}),
  });
  expect(res.statusCode, res.body).toBe(202);
  const posted = res.json().runs as { id: string; integrationConfigId: string }[];
  for (const run of posted) {
    await db()
      .updateTable('integration_runs')
      .set({ dt_created: new Date(createdAt) })
      .where('id', '=', run.id)
      .execute();
  }
  return posted;
}

async function insertEvent(
  name: string,
  fields: { resourceId: string; dimension: string; effectiveStartTime: string | null; dtCreated: string },
  entries: { runId: string; billId: string; billVersion: number }[],
) {
  const id = randomUUID();
  events[name] = id;
  await db()
    .insertInto('usage_events')
    .values({
      id,
      org_id: 'default',
      integration_config_id: integrationA,
      credential_id: randomUUID(),
      destination: 'AZURE_MARKETPLACE',
      resource_id: fields.resourceId,
      dimension: fields.dimension,
      plan_id: null,
      quantity: '1',
      effective_start_time: fields.effectiveStartTime ? new Date(fields.effectiveStartTime) : null,
      status: 'ACCEPTED',
      receipt_id: null,
      error: null,
      dt_created: new Date(fields.dtCreated),
      dt_updated: fields.dtCreated,
    })
    .execute();
  for (const entry of entries) {
    await db()
      .insertInto('usage_entries')
      .values({
        id: randomUUID(),
        org_id: 'default',
        run_id: entry.runId,
        integration_config_id: integrationA,
        credential_id: null,
        bill_id: entry.billId,
        bill_version: entry.billVersion,
        resource_id: fields.resourceId,
        dimension: fields.dimension,
        plan_id: null,
        amount: '0',
        target: '1',
        reported_before: '0',
        credit_used: '0',
        credit_added: '0',
        quantity: '1',
        status: 'SUBMITTED',
        usage_event_id: id,
      })
      .execute();
  }
}

beforeAll(async () => {
  hub = await createTestHub();
  otherKey = (
    await hub.call({ method: 'POST', url: '/v1/api-keys', payload: { orgId: 'other-org', name: 'o' } })
  ).json().key;
  integrationA = await createIntegration('default', 'a');
  integrationB = await createIntegration('default', 'b');
  const runOf = (posted: { id: string; integrationConfigId: string }[], integration: string) =>
    posted.find((run) => run.integrationConfigId === integration)!.id;

  const b1 = await postBill('bill-1', 1, 'acc-1', '2026-11-20T10:00:00Z');
  runs.b1a = runOf(b1, integrationA);
  runs.b1b = runOf(b1, integrationB);
  const b2 = await postBill('bill-2', 1, 'acc-2', '2026-11-21T10:00:00Z');
  runs.b2a = runOf(b2, integrationA);
  runs.b2b = runOf(b2, integrationB);
  // A bill whose second version moved to another account: each run follows its own version.
  const b3v1 = await postBill('bill-3', 1, 'acc-1', '2026-11-22T10:00:00Z');
  runs.b3v1a = runOf(b3v1, integrationA);
  runs.b3v1b = runOf(b3v1, integrationB);
  const b3v2 = await postBill('bill-3', 2, 'acc-3', '2026-11-23T10:00:00Z');
  runs.b3v2a = runOf(b3v2, integrationA);
  runs.b3v2b = runOf(b3v2, integrationB);
  // Made after every bill: no runs.
  idle = await createIntegration('default', 'idle');
  await postBill('bill-1', 1, 'acc-1', '2026-11-24T10:00:00Z', otherKey);

  await insertEvent(
    'e1',
    {
      resourceId: 'sub-1',
      dimension: 'calls',
      effectiveStartTime: '2026-11-20T10:00:00Z',
      dtCreated: '2026-11-20T10:05:00Z',
    },
    [{ runId: runs.b1a!, billId: 'bill-1', billVersion: 1 }],
  );
  await insertEvent(
    'e2',
    {
      resourceId: 'sub-1',
      dimension: 'storage',
      effectiveStartTime: '2026-11-21T10:00:00Z',
      dtCreated: '2026-11-21T10:05:00Z',
    },
    [
      { runId: runs.b2a!, billId: 'bill-2', billVersion: 1 },
      { runId: runs.b1a!, billId: 'bill-1', billVersion: 1 },
    ],
  );
  await insertEvent(
    'e3',
    {
      resourceId: 'sub-2',
      dimension: 'calls',
      effectiveStartTime: '2026-11-23T10:00:00Z',
      dtCreated: '2026-11-23T10:05:00Z',
    },
    [{ runId: runs.b3v2a!, billId: 'bill-3', billVersion: 2 }],
  );
  await insertEvent(
    'e4',
    { resourceId: 'sub-2', dimension: 'calls', effectiveStartTime: null, dtCreated: '2026-11-23T11:05:00Z' },
    [],
  );
});
afterAll(async () => hub?.close());

describe('GET /v1/integration-runs filters', () => {
  it('filters by the account of the run’s bill version', async () => {
    expect(await ids(`/v1/integration-runs?accountId=acc-1&integrationConfigId=${integrationA}`)).toEqual([
      runs.b3v1a,
      runs.b1a,
    ]);
    expect(await ids('/v1/integration-runs?accountId=acc-3')).toHaveLength(2);
    expect(await ids('/v1/integration-runs?accountId=acc-2&status=WAITING')).toHaveLength(2);
    expect(await ids('/v1/integration-runs?accountId=nobody')).toEqual([]);
    // The other org's bill-1 is acc-1 too: never seen here, and only its own there.
    expect(await ids('/v1/integration-runs?accountId=acc-1')).toHaveLength(4);
    expect(await ids('/v1/integration-runs?accountId=acc-1', otherKey)).toHaveLength(0);
  });

  it('filters by creation time, from inclusive, to exclusive', async () => {
    const inRange = await ids(
      `/v1/integration-runs?integrationConfigId=${integrationB}&createdFrom=2026-11-21T10:00:00Z&createdTo=2026-11-23T10:00:00Z`,
    );
    expect(inRange).toEqual([runs.b3v1b, runs.b2b]);
    expect(
      await ids(`/v1/integration-runs?integrationConfigId=${integrationB}&createdFrom=2026-11-22`),
    ).toEqual([runs.b3v2b, runs.b3v1b]);
    expect(
      await ids(
        `/v1/integration-runs?integrationConfigId=${integrationB}&createdTo=2026-11-21T11:00:00%2B01:00`,
      ),
    ).toEqual([runs.b1b]);
  });

  it('pages through a filtered list', async () => {
    const seen: string[] = [];
    let token: string | null = null;
    do {
      const url: string = `/v1/integration-runs?accountId=acc-1&pageSize=1${token ? `&nextToken=${token}` : ''}`;
      const body = (await get(url)).json();
      seen.push(...body.data.map((run: { id: string }) => run.id));
      token = body.nextToken;
    } while (token);
    expect(seen).toEqual(await ids('/v1/integration-runs?accountId=acc-1'));
  });

  it('refuses bad values naming the parameter', async () => {
    const cases: [string, string][] = [
      ['createdFrom=yesterday', 'querystring.createdFrom'],
      ['createdFrom=2026-13-45T00:00:00Z', 'querystring.createdFrom'],
      ['createdTo=2026-11-20T10:00:00', 'querystring.createdTo'],
      ['createdFrom=2026-11-22&createdTo=2026-11-21', 'querystring.createdTo'],
      ['accountId=', 'querystring.accountId'],
      [`accountId=${'x'.repeat(201)}`, 'querystring.accountId'],
    ];
    for (const [query, path] of cases) {
      const res = await get(`/v1/integration-runs?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
      expect(
        res.json().error.details.map((d: { path: string }) => d.path),
        query,
      ).toEqual([path]);
    }
  });
});

describe('GET /v1/usage-events filters', () => {
  it('filters by account, resource, dimension and effective time', async () => {
    expect(await ids('/v1/usage-events?accountId=acc-1')).toEqual([events.e2, events.e1]);
    expect(await ids('/v1/usage-events?accountId=acc-2')).toEqual([events.e2]);
    // bill-3 version 2 is acc-3's; its version 1 (acc-1) carried no usage.
    expect(await ids('/v1/usage-events?accountId=acc-3')).toEqual([events.e3]);
    expect(await ids('/v1/usage-events?accountId=acc-1', otherKey)).toEqual([]);
    expect(await ids('/v1/usage-events?resourceId=sub-2')).toEqual([events.e4, events.e3]);
    expect(await ids('/v1/usage-events?dimension=calls&resourceId=sub-1')).toEqual([events.e1]);
    expect(
      await ids('/v1/usage-events?effectiveFrom=2026-11-21T10:00:00Z&effectiveTo=2026-11-23T10:00:00.000Z'),
    ).toEqual([events.e2]);
    // An event without a slot yet has no effective time: outside every range.
    expect(await ids('/v1/usage-events?effectiveFrom=2026-01-01&resourceId=sub-2')).toEqual([events.e3]);
  });

  it('refuses bad values naming the parameter', async () => {
    const cases: [string, string][] = [
      ['effectiveFrom=now', 'querystring.effectiveFrom'],
      ['effectiveTo=2026-11-20%2010:00', 'querystring.effectiveTo'],
      ['effectiveFrom=2026-11-22&effectiveTo=2026-11-22', 'querystring.effectiveTo'],
      ['resourceId=', 'querystring.resourceId'],
      ['dimension=a%00b', 'querystring.dimension'],
      ['accountId=', 'querystring.accountId'],
    ];
    for (const [query, path] of cases) {
      const res = await get(`/v1/usage-events?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
      if (!query.includes('%00'))
        expect(
          res.json().error.details.map((d: { path: string }) => d.path),
          query,
        ).toEqual([path]);
    }
  });
});

describe('lastRun on integrations', () => {
  it('lists each integration with its newest run, in one page', async () => {
    const res = await get('/v1/integrations');
    expect(res.statusCode).toBe(200);
    const byId = new Map(
      (res.json().data as { id: string; lastRun: unknown }[]).map((integration) => [
        integration.id,
        integration.lastRun,
      ]),
    );
    expect(byId.get(integrationA)).toEqual({
      id: runs.b3v2a,
      status: 'WAITING',
      dtCreated: '2026-11-23T10:00:00.000Z',
    });
    expect(byId.get(integrationB)).toEqual({
      id: runs.b3v2b,
      status: 'WAITING',
      dtCreated: '2026-11-23T10:00:00.000Z',
    });
    expect(byId.get(idle)).toBeNull();
  });

  it('reads one integration with its newest run', async () => {
    await db()
      .updateTable('integration_runs')
      .set({ status: 'COMPLETE' })
      .where('id', '=', runs.b3v2a!)
      .execute();
    const one = (await get(`/v1/integrations/${integrationA}`)).json();
    expect(one.lastRun).toEqual({
      id: runs.b3v2a,
      status: 'COMPLETE',
      dtCreated: '2026-11-23T10:00:00.000Z',
    });
    expect((await get(`/v1/integrations/${idle}`)).json().lastRun).toBeNull();
  });

  it('reads the newest runs in one statement, whatever the page size', async () => {
    const statements: string[] = [];
    // Every statement goes through the one executor: count those that read runs.
    const executor = db().getExecutor() as unknown as { executeQuery: (query: { sql: string }) => unknown };
    const original = executor.executeQuery;
    executor.executeQuery = function (this: unknown, query) {
      statements.push(query.sql);
      return original.call(this, query);
    };
    try {
      for (let i = 0; i < 5; i++) await createIntegration('default', `more-${i}`);
      statements.length = 0;
      const res = await get('/v1/integrations?pageSize=200');
      expect(res.json().data.length).toBeGreaterThanOrEqual(8);
    } finally {
      executor.executeQuery = original;
    }
    expect(statements.filter((text) => text.includes('integration_runs'))).toHaveLength(1);
  });
});
