import { randomUUID } from 'node:crypto';
import { ZIntegrationConfigBody } from '@hub/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { JOB_CATALOG } from '../../src/queue/catalog.js';
import { deleteIntegration, insertIntegration } from '../../src/repositories/integrations.repository.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';

let hub: TestHub;
let otherKey: string;
let integrationA: string;
let integrationB: string;
let theirRunId: string;
const db = () => hub.runtime.services.db;

interface RunBody {
  id: string;
  integrationConfigId: string;
  entityId: string;
  billVersion: number;
  status: string;
  dtCreated: string;
}

async function createIntegration(orgId: string, name: string) {
  const integration = await insertIntegration(
    db(),
    orgId,
    ZIntegrationConfigBody.parse({
      name,
      destination: 'AZURE_MARKETPLACE',
      configData: { marketplaceBillDimension: 'dim' },
    }),
  );
  return integration.id;
}

const bill = (id: string, version: number) => ({
  id,
  version,
  accountId: 'acc-1',
  currency: 'USD',
  lineItems: [{ id: 'l1', lineItemType: 'USAGE', subtotal: '1.00' }],
});

async function insertRun(fields: {
  integrationId: string;
  entityId: string;
  version?: number;
  status?: string;
  dtCreated?: string;
  orgId?: string;
  errorCode?: string | null;
  errorMessage?: string | null;
  detail?: Record<string, unknown> | null;
}) {
  const id = randomUUID();
  await db()
    .insertInto('integration_runs')
    .values({
      id,
      org_id: fields.orgId ?? 'default',
      integration_config_id: fields.integrationId,
      entity_type: 'Bill',
      entity_id: fields.entityId,
      bill_version: fields.version ?? 1,
      trigger: 'INGEST',
      replay_of: null,
      status: fields.status ?? 'WAITING',
      reason: fields.status === 'ERROR' ? 'MISSING_ACCOUNT_MAPPING' : null,
      error_code: fields.errorCode ?? null,
      error_message: fields.errorMessage ?? null,
      detail: fields.detail ? JSON.stringify(fields.detail) : null,
      // Through SQL, not a JS Date: the test needs Postgres' microseconds.
      ...(fields.dtCreated ? { dt_created: sql<Date>`${fields.dtCreated}::timestamptz` } : {}),
    })
    .execute();
  return id;
}

async function listAll(query: string, key?: string): Promise<RunBody[]> {
  const all: RunBody[] = [];
  let token: string | null = null;
  for (let page = 0; page < 100; page++) {
    const url: string = `/v1/integration-runs?${query}${token ? `&nextToken=${encodeURIComponent(token)}` : ''}`;
    const res = await hub.call({ method: 'GET', url, ...(key ? { key } : {}) });
    expect(res.statusCode, url).toBe(200);
    const body = res.json();
    all.push(...body.data);
    token = body.nextToken;
    if (!token) return all;
  }
  throw new Error('pagination did not end');
}

/**
 * An organization of its own, with a key and one integration: tests that add runs work there, so
 * the counts the listing tests expect of org `default` hold whatever order the tests run in.
 */
async function newOrg() {
  const orgId = `runs-${randomUUID().slice(0, 8)}`;
  const created = await hub.call({ method: 'POST', url: '/v1/api-keys', payload: { orgId, name: 'runs' } });
  expect(created.statusCode).toBe(201);
  return { orgId, key: created.json().key as string, integrationId: await createIntegration(orgId, 'own') };
}

beforeAll(async () => {
  hub = await createTestHub();
  integrationA = await createIntegration('default', 'a');
  integrationB = await createIntegration('default', 'b');
  const theirIntegration = await createIntegration('other-org', 'theirs');
  otherKey = (
    await hub.call({ method: 'POST', url: '/v1/api-keys', payload: { orgId: 'other-org', name: 'o' } })
  ).json().key;
  for (const [id, version] of [
    ['bill-r1', 1],
    ['bill-r2', 1],
    ['bill-r2', 2],
  ] as const) {
    const res = await hub.call({ method: 'POST', url: '/v1/bills', payload: bill(id, version) });
    expect(res.statusCode).toBe(202);
  }
  // Five runs inside one millisecond: pagination must not lose or repeat any of them.
  for (let i = 1; i <= 5; i++) {
    await insertRun({
      integrationId: integrationA,
      entityId: 'bill-micro',
      version: i,
      status: i % 2 ? 'COMPLETE' : 'ERROR',
      dtCreated: `2026-01-01T00:00:00.12345${i}Z`,
      errorCode: i % 2 ? null : 'MISSING_ACCOUNT_MAPPING',
      errorMessage: i % 2 ? null : 'no mapping',
    });
  }
  theirRunId = await insertRun({ integrationId: theirIntegration, entityId: 'bill-r1', orgId: 'other-org' });
});
afterAll(async () => hub?.close());

describe('GET /v1/integration-runs', () => {
  it('lists the org’s runs newest first in the contract shape', async () => {
    const res = await hub.call({ method: 'GET', url: '/v1/integration-runs' });
    expect(res.statusCode).toBe(200);
    const { data, nextToken } = res.json();
    expect(nextToken).toBeNull();
    expect(data).toHaveLength(11);
    const times = data.map((run: RunBody) => Date.parse(run.dtCreated));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(data.map((run: RunBody) => run.id)).not.toContain(theirRunId);
    const ingested = data.find((run: RunBody) => run.entityId === 'bill-r1');
    expect(ingested).toEqual({
      id: expect.any(String),
      integrationConfigId: expect.any(String),
      entityType: 'Bill',
      entityId: 'bill-r1',
      billVersion: 1,
      trigger: 'INGEST',
      replayOf: null,
      status: 'WAITING',
      reason: null,
      error: null,
      dtCreated: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
      dtStarted: null,
      dtCompleted: null,
    });
    const failed = data.find((run: RunBody) => run.status === 'ERROR');
    expect(failed).toMatchObject({
      reason: 'MISSING_ACCOUNT_MAPPING',
      error: { code: 'MISSING_ACCOUNT_MAPPING', message: 'no mapping' },
    });
  });

  it('filters by bill, integration, status and entity type', async () => {
    const byBill = await listAll('entityType=Bill&entityId=bill-r2');
    expect(byBill).toHaveLength(4);
    const byBillAndIntegration = await listAll(`entityId=bill-r2&integrationConfigId=${integrationB}`);
    expect(byBillAndIntegration.map((run) => run.billVersion).sort()).toEqual([1, 2]);
    expect(byBillAndIntegration.every((run) => run.integrationConfigId === integrationB)).toBe(true);
    const complete = await listAll('status=COMPLETE');
    expect(complete).toHaveLength(3);
    expect(await listAll('status=COMPLETE&entityId=bill-r1')).toEqual([]);
    expect(await listAll('integrationConfigId=not-a-uuid')).toEqual([]);
    expect(await listAll('entityId=bill-r1', otherKey)).toHaveLength(1);
  });

  it('pages through every run exactly once, even within one millisecond', async () => {
    const all = await listAll('');
    for (const pageSize of [1, 2, 3]) {
      const paged = await listAll(`pageSize=${pageSize}`);
      expect(paged.map((run) => run.id)).toEqual(all.map((run) => run.id));
    }
    const micro = await listAll('entityId=bill-micro&pageSize=1');
    expect(new Set(micro.map((run) => run.id)).size).toBe(5);
  });

  it('answers 400 for bad query parameters and tokens', async () => {
    const forged = Buffer.from(
      JSON.stringify({ t: '2026-01-01T00:00:00.000Z', id: "x'; drop table runs" }),
    ).toString('base64url');
    const farFuture = Buffer.from(
      JSON.stringify({ t: '+275760-01-01T00:00:00.000Z', id: randomUUID() }),
    ).toString('base64url');
    for (const query of [
      'status=NOPE',
      'entityType=Invoice',
      'pageSize=0',
      'pageSize=201',
      'pageSize=abc',
      'nextToken=garbage',
      `nextToken=${forged}`,
      `nextToken=${farFuture}`,
      'entityId=%00',
      'entityId=',
      'status=COMPLETE&status=ERROR',
    ]) {
      const res = await hub.call({ method: 'GET', url: `/v1/integration-runs?${query}` });
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.code, query).toBe('VALIDATION_FAILED');
    }
  });
});

describe('GET /v1/integration-runs/{id}', () => {
  it('returns the run with its usage entries, exchanges (redacted) and detail', async () => {
    const org = await newOrg();
    const runId = await insertRun({
      orgId: org.orgId,
      integrationId: org.integrationId,
      entityId: 'bill-detail',
      version: 3,
      status: 'COMPLETE',
      detail: { includedLineItemIds: ['l1'], excludedLineItems: [] },
    });
    const otherRun = await insertRun({
      orgId: org.orgId,
      integrationId: org.integrationId,
      entityId: 'bill-detail',
      version: 2,
    });
    const eventId = randomUUID();
    for (const [dimension, quantity] of [
      ['dim-a', '12.5'],
      ['dim-b', '0.000001'],
    ] as const) {
      await db()
        .insertInto('usage_entries')
        .values({
          id: randomUUID(),
          org_id: org.orgId,
          run_id: runId,
          integration_config_id: org.integrationId,
          credential_id: null,
          bill_id: 'bill-detail',
          bill_version: 3,
          resource_id: 'sub-1',
          dimension,
          plan_id: 'gold',
          amount: '0.125',
          target: '12.5',
          reported_before: '0',
          credit_used: '0',
          credit_added: '0',
          quantity,
          status: 'ACCEPTED',
          usage_event_id: dimension === 'dim-a' ? eventId : null,
        })
        .execute();
    }
    const exchange = async (
      run: string,
      url: string,
      startedAt: string,
      extra: Record<string, unknown> = {},
    ) => {
      const id = randomUUID();
      await db()
        .insertInto('exchanges')
        .values({
          id,
          org_id: org.orgId,
          credential_id: null,
          method: 'POST',
          url,
          request_headers: JSON.stringify({
            'content-type': 'application/json',
            authorization: 'Bearer eyJsecret',
          }),
          request_body: JSON.stringify({ resourceId: 'sub-1', quantity: 12.5 }),
          status: 200,
          response_headers: JSON.stringify({ 'x-ms-requestid': 'req-1' }),
          response_body: JSON.stringify({ status: 'Accepted', usageEventId: 'u-1' }),
          error: null,
          request_id: 'req-1',
          correlation_id: 'corr-1',
          started_at: new Date(startedAt),
          duration_ms: 42,
          ...extra,
        })
        .execute();
      await db().insertInto('run_exchanges').values({ run_id: run, exchange_id: id }).execute();
    };
    await exchange(runId, 'https://login.example/token', '2026-01-01T00:00:00Z', {
      request_body: JSON.stringify('grant_type=client_credentials&client_secret=hunter2&scope=x'),
      response_body: JSON.stringify({ access_token: 'eyJ.token', expires_in: 3600 }),
    });
    await exchange(runId, 'https://marketplace.example/usageEvent', '2026-01-01T00:00:01Z');
    await exchange(otherRun, 'https://marketplace.example/other', '2026-01-01T00:00:02Z');

    const res = await hub.call({ method: 'GET', url: `/v1/integration-runs/${runId}`, key: org.key });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      id: runId,
      entityId: 'bill-detail',
      billVersion: 3,
      status: 'COMPLETE',
      detail: { includedLineItemIds: ['l1'], excludedLineItems: [] },
    });
    expect(body.usage).toHaveLength(2);
    expect(body.usage.find((u: { dimension: string }) => u.dimension === 'dim-a')).toEqual({
      id: expect.any(String),
      billId: 'bill-detail',
      billVersion: 3,
      resourceId: 'sub-1',
      dimension: 'dim-a',
      planId: 'gold',
      amount: '0.125',
      target: '12.5',
      reportedBefore: '0',
      creditUsed: '0',
      creditAdded: '0',
      quantity: '12.5',
      status: 'ACCEPTED',
      usageEventId: eventId,
      dtCreated: expect.any(String),
    });
    expect(body.usage.find((u: { dimension: string }) => u.dimension === 'dim-b').quantity).toBe('0.000001');
    expect(body.exchanges.map((e: { url: string }) => e.url)).toEqual([
      'https://login.example/token',
      'https://marketplace.example/usageEvent',
    ]);
    const [token, usage] = body.exchanges;
    expect(token.requestHeaders.authorization).toBe('[REDACTED]');
    expect(token.requestBody).toBe('grant_type=client_credentials&client_secret=[REDACTED]&scope=x');
    expect(token.responseBody).toEqual({ access_token: '[REDACTED]', expires_in: 3600 });
    expect(JSON.stringify(body)).not.toMatch(/hunter2|eyJ/);
    expect(usage).toEqual({
      id: expect.any(String),
      method: 'POST',
      url: 'https://marketplace.example/usageEvent',
      requestHeaders: { 'content-type': 'application/json', authorization: '[REDACTED]' },
      requestBody: { resourceId: 'sub-1', quantity: 12.5 },
      status: 200,
      responseHeaders: { 'x-ms-requestid': 'req-1' },
      responseBody: { status: 'Accepted', usageEventId: 'u-1' },
      error: null,
      requestId: 'req-1',
      correlationId: 'corr-1',
      startedAt: '2026-01-01T00:00:01.000Z',
      durationMs: 42,
    });
  });

  it('answers 404 for unknown, malformed and other orgs’ ids', async () => {
    for (const id of [randomUUID(), 'not-a-uuid', theirRunId]) {
      const res = await hub.call({ method: 'GET', url: `/v1/integration-runs/${id}` });
      expect(res.statusCode, id).toBe(404);
      expect(res.json().error.code).toBe('NOT_FOUND');
    }
    expect((await hub.call({ method: 'GET', url: '/v1/integration-runs/%00' })).statusCode).toBe(400);
  });
});

describe('POST /v1/integration-runs/{id}/replay', () => {
  it('creates a new WAITING run for the same bill version and queues it in the same transaction', async () => {
    const notify = vi.fn();
    hub.runtime.services.notifyOutbox = notify;
    const org = await newOrg();
    const posted = await hub.call({
      method: 'POST',
      url: '/v1/bills',
      payload: bill('bill-r2', 1),
      key: org.key,
    });
    expect(posted.statusCode).toBe(202);
    notify.mockClear();
    const [original] = await listAll(`entityId=bill-r2&integrationConfigId=${org.integrationId}`, org.key);
    const res = await hub.call({
      method: 'POST',
      url: `/v1/integration-runs/${original!.id}/replay`,
      key: org.key,
    });
    expect(res.statusCode).toBe(202);
    const replay = res.json();
    expect(replay).toMatchObject({
      integrationConfigId: org.integrationId,
      entityType: 'Bill',
      entityId: 'bill-r2',
      billVersion: original!.billVersion,
      trigger: 'REPLAY',
      replayOf: original!.id,
      status: 'WAITING',
      error: null,
    });
    expect(replay.id).not.toBe(original!.id);
    const job = await db()
      .selectFrom('outbox')
      .selectAll()
      .where('job_id', '=', JOB_CATALOG['bill.process.v1'].jobId({ runId: replay.id }))
      .executeTakeFirstOrThrow();
    expect(job).toMatchObject({ topic: 'bill.process.v1', dt_dispatched: null });
    expect(job.payload.runId).toBe(replay.id);
    const row = await db()
      .selectFrom('integration_runs')
      .select('dt_created')
      .where('id', '=', replay.id)
      .executeTakeFirstOrThrow();
    expect(row.dt_created.getTime()).toBe(job.dt_created.getTime());
    expect(notify).toHaveBeenCalledTimes(1);
    // The original is untouched, and the replay is listed.
    const read = await hub.call({ method: 'GET', url: `/v1/integration-runs/${original!.id}`, key: org.key });
    expect(read.json()).toMatchObject({ status: 'WAITING', trigger: 'INGEST' });
    expect((await listAll('entityId=bill-r2', org.key)).map((run) => run.id)).toContain(replay.id);
    // A replay of a replay is fine too.
    const again = await hub.call({
      method: 'POST',
      url: `/v1/integration-runs/${replay.id}/replay`,
      key: org.key,
    });
    expect(again.statusCode).toBe(202);
    expect(again.json().replayOf).toBe(replay.id);
  });

  it('answers 404 for runs that are not the caller’s and 409 when the integration is gone', async () => {
    for (const id of [randomUUID(), 'nope', theirRunId]) {
      const res = await hub.call({ method: 'POST', url: `/v1/integration-runs/${id}/replay` });
      expect(res.statusCode, id).toBe(404);
    }
    const org = await newOrg();
    const runId = await insertRun({
      orgId: org.orgId,
      integrationId: org.integrationId,
      entityId: 'bill-r1',
    });
    await deleteIntegration(db(), org.orgId, org.integrationId);
    const outbox = await db().selectFrom('outbox').select('id').execute();
    const res = await hub.call({ method: 'POST', url: `/v1/integration-runs/${runId}/replay`, key: org.key });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('CONFLICT');
    expect(await db().selectFrom('outbox').select('id').execute()).toHaveLength(outbox.length);
  });
});
