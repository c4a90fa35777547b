import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_NAMES, recordEvent } from '../../src/repositories/events.repository.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';

let hub: TestHub;
let otherKey: string;
const integrationId = randomUUID();
const recorded: string[] = [];

const get = (url: string, key?: string) => hub.call({ method: 'GET', url, ...(key ? { key } : {}) });

beforeAll(async () => {
  hub = await createTestHub();
  otherKey = (
    await hub.call({ method: 'POST', url: '/v1/api-keys', payload: { orgId: 'other-org', name: 'o' } })
  ).json().key;
  const db = hub.runtime.services.db;
  const names = [
    EVENT_NAMES.missingAccountMapping,
    EVENT_NAMES.overReport,
    EVENT_NAMES.late,
    EVENT_NAMES.overReport,
    EVENT_NAMES.disabled,
  ];
  for (const [index, eventName] of names.entries()) {
    const event = await recordEvent(db, {
      orgId: 'default',
      eventName,
      integrationConfigId: index === 4 ? null : integrationId,
      message: `event ${index}`,
      data: { index, quantity: '1.50', runId: randomUUID() },
      eventTime: new Date(Date.UTC(2026, 10, 25, 10, index)),
    });
    recorded.push(event.id);
  }
  // Recorded "now", in the same millisecond: paging must still see each once.
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < 3; i++) {
      recorded.push(
        (
          await recordEvent(trx, {
            orgId: 'default',
            eventName: EVENT_NAMES.performError,
            message: `now ${i}`,
          })
        ).id,
      );
    }
  });
  await recordEvent(db, { orgId: 'other-org', eventName: EVENT_NAMES.overReport, message: 'theirs' });
});
afterAll(async () => hub?.close());

describe('GET /v1/events', () => {
  it('lists the org’s events newest first in the contract shape', async () => {
    const res = await get('/v1/events');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.nextToken).toBeNull();
    expect(body.data).toHaveLength(8);
    expect(body.data.slice(3).map((event: { id: string }) => event.id)).toEqual(
      recorded.slice(0, 5).reverse(),
    );
    expect(
      body.data
        .slice(0, 3)
        .map((event: { message: string }) => event.message)
        .sort(),
    ).toEqual(['now 0', 'now 1', 'now 2']);
    expect(body.data[3]).toEqual({
      id: recorded[4],
      eventName: 'integration.disabled.error',
      eventTime: '2026-11-25T10:04:00.000Z',
      integrationConfigId: null,
      message: 'event 4',
      data: { index: 4, quantity: '1.50', runId: expect.any(String) },
    });
    expect(body.data[0]).toMatchObject({ eventName: 'integration.perform.error', data: null });
  });

  it('filters by event name and integration', async () => {
    const over = (await get('/v1/events?eventName=integration.overreport.warning')).json().data;
    expect(over.map((event: { id: string }) => event.id)).toEqual([recorded[3], recorded[1]]);
    const byIntegration = (await get(`/v1/events?integrationConfigId=${integrationId}`)).json().data;
    expect(byIntegration).toHaveLength(4);
    expect((await get('/v1/events?integrationConfigId=not-a-uuid')).json().data).toEqual([]);
    expect((await get('/v1/events?eventName=nothing.like.this')).json().data).toEqual([]);
  });

  it('pages through every event exactly once', async () => {
    const all = (await get('/v1/events')).json().data.map((event: { id: string }) => event.id);
    for (const pageSize of [1, 3]) {
      const seen: string[] = [];
      let token: string | null = null;
      do {
        const url: string = `/v1/events?pageSize=${pageSize}${token ? `&nextToken=${token}` : ''}`;
        const body = (await get(url)).json();
        expect(body.data.length).toBeLessThanOrEqual(pageSize);
        seen.push(...body.data.map((event: { id: string }) => event.id));
        token = body.nextToken;
      } while (token);
      expect(seen).toEqual(all);
    }
  });

  it('keeps orgs apart and refuses bad parameters', async () => {
    const theirs = (await get('/v1/events', otherKey)).json().data;
    expect(theirs.map((event: { message: string }) => event.message)).toEqual(['theirs']);
    for (const query of ['pageSize=500', 'nextToken=%7B%7D', 'eventName=', 'eventName=a%00b']) {
      const res = await get(`/v1/events?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    expect((await get('/v1/events', 'wrong-key')).statusCode).toBe(401);
  });
});
