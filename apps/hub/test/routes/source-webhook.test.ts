import { defineBillSource } from '@hub/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FakeBillingPlatform,
  fakeBillingSource,
  fakePollOnlySource,
  signFake,
} from '../support/fake-billing-source.js';
import { createSourceTestHub } from '../support/source-hub.js';
import type { TestHub } from '../support/test-hub.js';

let hub: TestHub;
let platform: FakeBillingPlatform;
/** How many webhook bodies the source was asked to read. */
let bodiesRead = 0;

const countingSource = defineBillSource({
  ...fakeBillingSource,
  id: 'FAKE_COUNTING',
  webhookBillIds(body) {
    bodiesRead++;
    return fakeBillingSource.webhookBillIds!(body);
  },
});

beforeAll(async () => {
  platform = await new FakeBillingPlatform().start();
  hub = await createSourceTestHub([countingSource, fakePollOnlySource]);
});
afterAll(async () => {
  await hub?.close();
  await platform?.close();
});

async function create(overrides: Record<string, unknown> = {}) {
  const res = await hub.call({
    method: 'POST',
    url: '/v1/sources',
    payload: {
      type: 'FAKE_COUNTING',
      name: 'hooks',
      settings: { baseUrl: platform.url, organizationId: 'o' },
      credential: { apiKey: platform.apiKey },
      ...overrides,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  const created = res.json();
  const url = created.webhookUrl ? new URL(created.webhookUrl) : null;
  return {
    id: created.id as string,
    path: url ? `${url.pathname}${url.search}` : null,
    token: url?.searchParams.get('token') ?? null,
  };
}

const post = (url: string, payload: string | Buffer, headers: Record<string, string> = {}) =>
  hub.app.inject({
    method: 'POST',
    url,
    payload,
    headers: { 'content-type': 'application/json', ...headers },
  });

const pending = (sourceId: string) =>
  hub.runtime.services.db
    .selectFrom('source_pending_bills')
    .select(['bill_id', 'reason'])
    .where('source_id', '=', sourceId)
    .orderBy('bill_id')
    .execute();

describe('POST /v1/sources/{id}/webhook', () => {
  it('needs no API key: the right token queues the named bills (WEBHOOK) and a sync; 202', async () => {
    const s = await create();
    const res = await post(s.path!, JSON.stringify({ billIds: ['b-1', 'b-2', 'b-1'] }));
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toEqual({ accepted: 2 });
    expect(await pending(s.id)).toEqual([
      { bill_id: 'b-1', reason: 'WEBHOOK' },
      { bill_id: 'b-2', reason: 'WEBHOOK' },
    ]);
    const jobs = await hub.runtime.services.db
      .selectFrom('outbox')
      .select('job_id')
      .where('topic', '=', 'source.sync.v1')
      .where('job_id', 'like', `source.sync.v1-${s.id}-WEBHOOK-%`)
      .execute();
    expect(jobs).toHaveLength(1);
  });

  it('a wrong or missing token with a huge body: 401 before the body is read; unknown source: 404', async () => {
    const s = await create();
    const huge = Buffer.alloc(5 * 1024 * 1024, 'x');
    const before = bodiesRead;
    const wrong = await post(`/v1/sources/${s.id}/webhook?token=whk_wrong`, huge);
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error).toMatchObject({
      code: 'UNAUTHORIZED',
      message: expect.stringContaining('token'),
    });
    const none = await post(`/v1/sources/${s.id}/webhook`, huge);
    expect(none.statusCode).toBe(401);
    const unknown = await post(
      `/v1/sources/00000000-0000-4000-8000-000000000000/webhook?token=${s.token}`,
      huge,
    );
    expect(unknown.statusCode).toBe(404);
    const notUuid = await post(`/v1/sources/nope/webhook?token=${s.token}`, huge);
    expect(notUuid.statusCode).toBe(404);
    // another source's token does not open this one
    const other = await create();
    expect((await post(`/v1/sources/${s.id}/webhook?token=${other.token}`, '{}')).statusCode).toBe(401);
    expect(bodiesRead).toBe(before);
    expect(await pending(s.id)).toEqual([]);
  });

  it('a source without webhooks has none: 404', async () => {
    const s = await create({ type: 'FAKE_POLL_ONLY' });
    expect(s.token).toBeNull();
    const res = await post(`/v1/sources/${s.id}/webhook?token=whk_anything`, '{}');
    expect(res.statusCode).toBe(404);
  });

  it('over 64 KiB with the right token → 413; not JSON → 400; a body naming no bill → 202 with 0', async () => {
    const s = await create();
    const big = JSON.stringify({ billIds: ['b'], pad: 'x'.repeat(70 * 1024) });
    const res = await post(s.path!, big);
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('PAYLOAD_TOO_LARGE');
    expect((await post(s.path!, '{"billIds":')).statusCode).toBe(400);
    const nothing = await post(s.path!, JSON.stringify({ hello: 'world' }));
    expect(nothing.statusCode).toBe(202);
    expect(nothing.json()).toEqual({ accepted: 0 });
    expect(await pending(s.id)).toEqual([]);
  });

  it('with a signature secret: a missing or wrong signature → 401 naming why; the right one → 202', async () => {
    const secret = 'whsec-operator-1';
    const s = await create({ webhookSecret: secret });
    const payload = JSON.stringify({ billIds: ['signed-1'] });
    const missing = await post(s.path!, payload);
    expect(missing.statusCode).toBe(401);
    expect(missing.json().error.message).toContain('x-fake-signature header is missing');
    const wrong = await post(s.path!, payload, { 'x-fake-signature': signFake('other', payload) });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.message).toContain('does not match');
    // signed over other bytes than those sent
    const tampered = await post(s.path!, JSON.stringify({ billIds: ['signed-2'] }), {
      'x-fake-signature': signFake(secret, payload),
    });
    expect(tampered.statusCode).toBe(401);
    expect(await pending(s.id)).toEqual([]);
    const good = await post(s.path!, payload, { 'x-fake-signature': signFake(secret, payload) });
    expect(good.statusCode).toBe(202);
    expect(await pending(s.id)).toEqual([{ bill_id: 'signed-1', reason: 'WEBHOOK' }]);
  });

  it('rate-limited per source: a burst gets 429 with Retry-After; another source is not affected', async () => {
    const s = await create();
    const other = await create();
    const answers = await Promise.all(
      Array.from({ length: 400 }, (_, i) => post(s.path!, JSON.stringify({ billIds: [`r-${i}`] }))),
    );
    const limited = answers.filter((res) => res.statusCode === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]!.headers['retry-after']).toMatch(/^\d+$/);
    expect(limited[0]!.json().error.code).toBe('RATE_LIMITED');
    expect(answers.filter((res) => res.statusCode === 202).length).toBeGreaterThanOrEqual(50);
    expect((await post(other.path!, JSON.stringify({ billIds: ['o-1'] }))).statusCode).toBe(202);
  });
});
