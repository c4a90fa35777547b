import { randomUUID } from 'node:crypto';
import { ZIntegrationConfigBody } from '@hub/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertIntegration } from '../../src/repositories/integrations.repository.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';

let hub: TestHub;
let otherKey: string;
let integrationA: string;
let integrationB: string;
let theirIntegration: string;
const events: Record<string, string> = {};
const db = () => hub.runtime.services.db;

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

async function postBill(id: string, accountId: string, key?: string) {
  const res = await hub.call({
    method: 'POST',
    url: '/v1/bills',
    payload: { id, version: 1, accountId, currency: 'USD', lineItems: [] },
    ...(key ? { key } : {}),
  });
  expect(res.statusCode).toBe(202);
  return res.json().runs as { id: string; integrationConfigId: string }[];
}

async function insertEvent(
  name: string,
  fields: {
    integrationId: string;
    resourceId: string;
    dimension: string;
    quantity: string;
    status: string;
    effectiveStartTime?: string | null;
    receiptId?: string | null;
    error?: Record<string, unknown> | null;
    dtCreated: string;
    orgId?: string;
  },
) {
  const id = randomUUID();
  events[name] = id;
  await db()
    .insertInto('usage_events')
    .values({
      id,
      org_id: fields.orgId ?? 'default',
      integration_config_id: fields.integrationId,
      credential_id: randomUUID(),
      destination: 'AZURE_MARKETPLACE',
      resource_id: fields.resourceId,
      dimension: fields.dimension,
      plan_id: 'gold',
      quantity: fields.quantity,
      effective_start_time: fields.effectiveStartTime ? new Date(fields.effectiveStartTime) : null,
      status: fields.status,
      receipt_id: fields.receiptId ?? null,
      error: fields.error ? JSON.stringify(fields.error) : null,
      dt_created: new Date(fields.dtCreated),
      dt_updated: fields.dtCreated,
    })
    .execute();
  return id;
}

async function insertEntry(fields: {
  runId: string;
  integrationId: string;
  billId: string;
  resourceId: string;
  dimension: string;
  quantity: string;
  eventId: string | null;
  orgId?: string;
}) {
  await db()
    .insertInto('usage_entries')
    .values({
      id: randomUUID(),
      org_id: fields.orgId ?? 'default',
      run_id: fields.runId,
      integration_config_id: fields.integrationId,
      credential_id: null,
      bill_id: fields.billId,
      bill_version: 1,
      resource_id: fields.resourceId,
      dimension: fields.dimension,
      plan_id: 'gold',
      amount: '0',
      target: fields.quantity,
      reported_before: '0',
      credit_used: '0',
      credit_added: '0',
      quantity: fields.quantity,
      status: 'SUBMITTED',
      usage_event_id: fields.eventId,
    })
    .execute();
}

async function insertLedger(billId: string, resourceId: string, dimension: string, ownCredit = '0') {
  await db()
    .insertInto('ledger_entries')
    .values({
      org_id: 'default',
      integration_config_id: integrationA,
      bill_id: billId,
      resource_id: resourceId,
      dimension,
      reported: '1',
      own_credit: ownCredit,
      bill_version: 1,
      dt_updated: new Date(),
    })
    .execute();
}

async function insertPool(resourceId: string, dimension: string, balance: string) {
  await db()
    .insertInto('credit_pools')
    .values({
      pool_key: `${integrationA}/${resourceId}/${dimension}`,
      org_id: 'default',
      integration_config_id: integrationA,
      resource_id: resourceId,
      dimension,
      bill_id: null,
      balance,
      dt_updated: new Date(),
    })
    .execute();
}

beforeAll(async () => {
  hub = await createTestHub();
  integrationA = await createIntegration('default', 'a');
  integrationB = await createIntegration('default', 'b');
  theirIntegration = await createIntegration('other-org', 'theirs');
  otherKey = (
    await hub.call({ method: 'POST', url: '/v1/api-keys', payload: { orgId: 'other-org', name: 'o' } })
  ).json().key;
  const runOf = async (billId: string, accountId: string) =>
    (await postBill(billId, accountId)).find((run) => run.integrationConfigId === integrationA)!.id;
  const u1 = await runOf('bill-u1', 'acc-1');
  const u2 = await runOf('bill-u2', 'acc-2');
  const u3 = await runOf('bill-u3', 'acc-1');
  const theirRun = (await postBill('bill-u1', 'acc-9', otherKey))[0]!.id;

  // ev1: one Azure event carrying two bills' usage (merged).
  await insertEvent('ev1', {
    integrationId: integrationA,
    resourceId: 'sub-1',
    dimension: 'dim-a',
    quantity: '30.5',
    status: 'ACCEPTED',
    effectiveStartTime: '2026-11-25T10:00:00Z',
    receiptId: 'receipt-1',
    dtCreated: '2026-11-25T10:05:00Z',
  });
  await insertEntry({
    runId: u1,
    integrationId: integrationA,
    billId: 'bill-u1',
    resourceId: 'sub-1',
    dimension: 'dim-a',
    quantity: '20',
    eventId: events.ev1!,
  });
  await insertEntry({
    runId: u3,
    integrationId: integrationA,
    billId: 'bill-u3',
    resourceId: 'sub-1',
    dimension: 'dim-a',
    quantity: '10.5',
    eventId: events.ev1!,
  });
  await insertEvent('ev2', {
    integrationId: integrationA,
    resourceId: 'sub-1',
    dimension: 'dim-a',
    quantity: '5.000001',
    status: 'ACCEPTED',
    effectiveStartTime: '2026-11-25T11:00:00Z',
    receiptId: 'receipt-2',
    dtCreated: '2026-11-25T11:05:00Z',
  });
  await insertEntry({
    runId: u1,
    integrationId: integrationA,
    billId: 'bill-u1',
    resourceId: 'sub-1',
    dimension: 'dim-a',
    quantity: '5.000001',
    eventId: events.ev2!,
  });
  await insertEvent('ev3', {
    integrationId: integrationA,
    resourceId: 'sub-1',
    dimension: 'dim-b',
    quantity: '7',
    status: 'PENDING',
    dtCreated: '2026-11-25T12:05:00Z',
  });
  await insertEntry({
    runId: u1,
    integrationId: integrationA,
    billId: 'bill-u1',
    resourceId: 'sub-1',
    dimension: 'dim-b',
    quantity: '7',
    eventId: events.ev3!,
  });
  await insertEvent('ev4', {
    integrationId: integrationA,
    resourceId: 'sub-2',
    dimension: 'dim-a',
    quantity: '3',
    status: 'REJECTED',
    effectiveStartTime: '2026-11-25T12:00:00Z',
    error: { code: 'ResourceNotActive', message: 'the subscription is not active' },
    dtCreated: '2026-11-25T13:05:00Z',
  });
  await insertEntry({
    runId: u2,
    integrationId: integrationA,
    billId: 'bill-u2',
    resourceId: 'sub-2',
    dimension: 'dim-a',
    quantity: '3',
    eventId: events.ev4!,
  });
  await insertEvent('theirs', {
    orgId: 'other-org',
    integrationId: theirIntegration,
    resourceId: 'sub-9',
    dimension: 'dim-a',
    quantity: '99',
    status: 'ACCEPTED',
    effectiveStartTime: '2026-11-25T10:00:00Z',
    dtCreated: '2026-11-25T10:05:00Z',
  });
  await insertEntry({
    orgId: 'other-org',
    runId: theirRun,
    integrationId: theirIntegration,
    billId: 'bill-u1',
    resourceId: 'sub-9',
    dimension: 'dim-a',
    quantity: '99',
    eventId: events.theirs!,
  });

  // A bill's credit is what it over-reported, capped by what is left in the (resource, dimension)
  // pool (other bills may have spent part of it under CARRY_FORWARD).
  await insertLedger('bill-u1', 'sub-1', 'dim-a', '4');
  await insertLedger('bill-u1', 'sub-1', 'dim-b', '3'); // its pool is used up: not shown
  await insertLedger('bill-u3', 'sub-1', 'dim-a', '6'); // 6 over-reported, 4 left in the pool
  await insertLedger('bill-u2', 'sub-2', 'dim-a', '2.50');
  await insertPool('sub-1', 'dim-a', '4');
  await insertPool('sub-1', 'dim-b', '0');
  await insertPool('sub-2', 'dim-a', '2.50');
});
afterAll(async () => hub?.close());

const get = (url: string, key?: string) => hub.call({ method: 'GET', url, ...(key ? { key } : {}) });
const ids = (body: { data: { id: string }[] }) => body.data.map((event) => event.id);

describe('GET /v1/usage-events', () => {
  it('lists events newest first with quantities as strings and the bills they carry', async () => {
    const res = await get('/v1/usage-events');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(ids(body)).toEqual([events.ev4, events.ev3, events.ev2, events.ev1]);
    expect(body.nextToken).toBeNull();
    expect(body.data[3]).toEqual({
      id: events.ev1,
      integrationConfigId: integrationA,
      destination: 'AZURE_MARKETPLACE',
      resourceId: 'sub-1',
      dimension: 'dim-a',
      planId: 'gold',
      quantity: '30.5',
      effectiveStartTime: '2026-11-25T10:00:00.000Z',
      status: 'ACCEPTED',
      usageEventId: 'receipt-1',
      error: null,
      attempts: 0,
      billIds: ['bill-u1', 'bill-u3'],
      dtCreated: '2026-11-25T10:05:00.000Z',
      dtUpdated: '2026-11-25T10:05:00.000Z',
    });
    expect(body.data[1]).toMatchObject({ status: 'PENDING', effectiveStartTime: null, usageEventId: null });
    expect(body.data[0]).toMatchObject({
      status: 'REJECTED',
      error: { code: 'ResourceNotActive', message: 'the subscription is not active' },
      billIds: ['bill-u2'],
    });
  });

  it('filters by bill, integration and status, and pages', async () => {
    expect(ids((await get('/v1/usage-events?billId=bill-u3')).json())).toEqual([events.ev1]);
    expect(ids((await get('/v1/usage-events?billId=bill-u1')).json())).toEqual([
      events.ev3,
      events.ev2,
      events.ev1,
    ]);
    expect(ids((await get(`/v1/usage-events?integrationConfigId=${integrationB}`)).json())).toEqual([]);
    expect(ids((await get('/v1/usage-events?integrationConfigId=nope')).json())).toEqual([]);
    expect(
      ids((await get(`/v1/usage-events?integrationConfigId=${integrationA}&status=ACCEPTED`)).json()),
    ).toEqual([events.ev2, events.ev1]);
    const seen: string[] = [];
    let url = '/v1/usage-events?pageSize=1&billId=bill-u1';
    for (;;) {
      const body = (await get(url)).json();
      seen.push(...ids(body));
      if (!body.nextToken) break;
      url = `/v1/usage-events?pageSize=1&billId=bill-u1&nextToken=${body.nextToken}`;
    }
    expect(seen).toEqual([events.ev3, events.ev2, events.ev1]);
    for (const query of ['status=DONE', 'pageSize=0', 'nextToken=zzz', 'billId=%00']) {
      expect((await get(`/v1/usage-events?${query}`)).statusCode, query).toBe(400);
    }
  });

  it('shows each org only its own events', async () => {
    const theirs = (await get('/v1/usage-events?billId=bill-u1', otherKey)).json();
    expect(ids(theirs)).toEqual([events.theirs]);
    expect(theirs.data[0].billIds).toEqual(['bill-u1']);
  });
});

describe('GET /v1/usage-report', () => {
  it('reports accepted usage per dimension and hour, each bill with its own share, and credits', async () => {
    const res = await get('/v1/usage-report?billId=bill-u1');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      data: [
        {
          accountId: 'acc-1',
          billId: 'bill-u1',
          externalSystem: 'Azure',
          reportedUsage: {
            'dim-a': { '2026-11-25T10:00:00.000Z': '20', '2026-11-25T11:00:00.000Z': '5.000001' },
          },
          credits: { 'dim-a': '4' },
        },
      ],
    });
    const u3 = (await get('/v1/usage-report?billId=bill-u3')).json().data;
    expect(u3).toEqual([
      {
        accountId: 'acc-1',
        billId: 'bill-u3',
        externalSystem: 'Azure',
        reportedUsage: { 'dim-a': { '2026-11-25T10:00:00.000Z': '10.5' } },
        credits: { 'dim-a': '4' },
      },
    ]);
    // Rejected usage is not reported; the bill's own credit is.
    const u2 = (await get('/v1/usage-report?billId=bill-u2')).json().data;
    expect(u2).toEqual([
      {
        accountId: 'acc-2',
        billId: 'bill-u2',
        externalSystem: 'Azure',
        reportedUsage: {},
        credits: { 'dim-a': '2.5' },
      },
    ]);
  });

  it('selects by account, or everything', async () => {
    const byAccount = (await get('/v1/usage-report?accountId=acc-1')).json().data;
    expect(byAccount.map((row: { billId: string }) => row.billId)).toEqual(['bill-u1', 'bill-u3']);
    const all = (await get('/v1/usage-report')).json().data;
    expect(all.map((row: { billId: string }) => row.billId)).toEqual(['bill-u1', 'bill-u2', 'bill-u3']);
    expect((await get('/v1/usage-report?billId=bill-u1&accountId=acc-2')).json().data).toEqual([]);
    expect((await get('/v1/usage-report?billId=unknown')).json().data).toEqual([]);
    expect((await get('/v1/usage-report?billId=%00')).statusCode).toBe(400);
  });

  it('keeps orgs apart', async () => {
    const theirs = (await get('/v1/usage-report?billId=bill-u1', otherKey)).json().data;
    expect(theirs).toEqual([
      {
        accountId: 'acc-9',
        billId: 'bill-u1',
        externalSystem: 'Azure',
        reportedUsage: { 'dim-a': { '2026-11-25T10:00:00.000Z': '99' } },
        credits: {},
      },
    ]);
  });
});
