import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FakeBillingPlatform,
  fakeBillingSource,
  fakePollOnlySource,
} from '../support/fake-billing-source.js';
import { createSourceTestHub } from '../support/source-hub.js';
import type { TestHub } from '../support/test-hub.js';

let hub: TestHub;
let platform: FakeBillingPlatform;
let otherKey: string;

const SECRET_KEY = 'fake-key-0123456789';
const body = (overrides: Record<string, unknown> = {}) => ({
  type: 'FAKE_BILLING',
  name: 'billing prod',
  settings: { baseUrl: platform.url, organizationId: 'org-1' },
  credential: { apiKey: SECRET_KEY },
  ...overrides,
});
const paths = (res: { json(): { error: { details?: { path: string }[] } } }) =>
  (res.json().error.details ?? []).map((d) => d.path).sort();

beforeAll(async () => {
  platform = await new FakeBillingPlatform().start();
  hub = await createSourceTestHub([fakeBillingSource, fakePollOnlySource]);
  const other = await hub.call({
    method: 'POST',
    url: '/v1/api-keys',
    payload: { orgId: 'other-org', name: 'o' },
  });
  otherKey = other.json().key;
});
afterAll(async () => {
  await hub?.close();
  await platform?.close();
});

async function create(overrides: Record<string, unknown> = {}) {
  const res = await hub.call({ method: 'POST', url: '/v1/sources', payload: body(overrides) });
  expect(res.statusCode, res.body).toBe(201);
  expect(res.body).not.toContain(SECRET_KEY);
  return res.json() as Record<string, any>;
}

describe('POST /v1/sources', () => {
  it('stores the source, seals the secret, shows the webhook URL once and only its hash is stored', async () => {
    const created = await create({ webhookSecret: 'whsec-1234', schedule: 60 });
    expect(created).toMatchObject({
      type: 'FAKE_BILLING',
      name: 'billing prod',
      version: 1,
      settings: { organizationId: 'org-1' },
      credential: {},
      schedule: 60,
      enabled: true,
      webhook: { available: true, secretSet: true, signatureChecked: true },
      cursor: null,
    });
    expect(created.webhookUrl).toMatch(new RegExp(`/v1/sources/${created.id}/webhook\\?token=whk_`));
    expect(JSON.stringify(created)).not.toContain('whsec-1234');
    const token = new URL(created.webhookUrl).searchParams.get('token')!;
    const row = await hub.runtime.services.db
      .selectFrom('sources')
      .selectAll()
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(row.secret_ciphertext).not.toContain(SECRET_KEY);
    expect(JSON.stringify(row)).not.toContain(token);
    expect(JSON.stringify(row)).not.toContain('whsec-1234');
    expect(row.webhook_token_hash).toMatch(/^[0-9a-f]{64}$/);
    // Read back: never the token, the secret or the webhook secret.
    const read = await hub.call({ method: 'GET', url: `/v1/sources/${created.id}` });
    expect(read.statusCode).toBe(200);
    expect(read.json().webhookUrl).toBeUndefined();
    expect(read.body).not.toContain(token);
    expect(read.body).not.toContain(SECRET_KEY);
    // the first sync (the cursor "from now") is queued with the source
    const outbox = await hub.runtime.services.db
      .selectFrom('outbox')
      .select(['topic', 'job_id'])
      .where('topic', '=', 'source.sync.v1')
      .execute();
    expect(outbox.some((row) => row.job_id.includes(created.id))).toBe(true);
  });

  it('defaults: schedule 300 s, enabled; a source without webhooks shows no URL', async () => {
    const created = await create({ type: 'FAKE_POLL_ONLY' });
    expect(created).toMatchObject({ schedule: 300, enabled: true, webhookUrl: null });
    expect(created.webhook).toEqual({ available: false, secretSet: false, signatureChecked: false });
  });

  it('400 naming type, settings.<field>, credential.<field>, schedule and name', async () => {
    const unknown = await hub.call({ method: 'POST', url: '/v1/sources', payload: body({ type: 'NOPE' }) });
    expect(unknown.statusCode).toBe(400);
    expect(paths(unknown)).toEqual(['type']);
    const bad = await hub.call({
      method: 'POST',
      url: '/v1/sources',
      payload: body({
        name: '',
        settings: { baseUrl: 'not a url' },
        credential: { apiKey: 'short' },
        schedule: 29,
      }),
    });
    expect(bad.statusCode).toBe(400);
    expect(paths(bad)).toEqual([
      'credential.apiKey',
      'name',
      'schedule',
      'settings.baseUrl',
      'settings.organizationId',
    ]);
    expect(bad.body).not.toContain('short');
    const missing = await hub.call({
      method: 'POST',
      url: '/v1/sources',
      payload: { type: 'FAKE_BILLING', name: 'x' },
    });
    expect(missing.statusCode).toBe(400);
    expect(paths(missing)).toContain('credential');
    const notJson = await hub.call({
      method: 'POST',
      url: '/v1/sources',
      headers: { 'content-type': 'application/json' },
      payload: '{"type":',
    });
    expect(notJson.statusCode).toBe(400);
    const nul = await hub.call({ method: 'POST', url: '/v1/sources', payload: body({ name: 'a\u0000b' }) });
    expect(nul.statusCode).toBe(400);
  });
});

describe('GET, PUT, DELETE /v1/sources', () => {
  it('lists the org’s sources only, pages, and another org gets 404', async () => {
    const a = await create({ name: 'list-a' });
    const list = await hub.call({ method: 'GET', url: '/v1/sources', query: { pageSize: '1' } });
    expect(list.statusCode).toBe(200);
    expect(list.json().data).toHaveLength(1);
    expect(list.json().nextToken).toEqual(expect.any(String));
    const other = await hub.call({ method: 'GET', url: `/v1/sources/${a.id}`, key: otherKey });
    expect(other.statusCode).toBe(404);
    const otherList = await hub.call({ method: 'GET', url: '/v1/sources', key: otherKey });
    expect(otherList.json().data).toEqual([]);
    expect((await hub.call({ method: 'GET', url: '/v1/sources/not-a-uuid' })).statusCode).toBe(404);
  });

  it('PUT with the version; stale → 409; credential omitted keeps it; type cannot change; webhookSecret null clears', async () => {
    const a = await create({ webhookSecret: 'whsec-abcdef' });
    const put = await hub.call({
      method: 'PUT',
      url: `/v1/sources/${a.id}`,
      payload: {
        ...body(),
        credential: undefined,
        name: 'renamed',
        schedule: 45,
        version: 1,
        webhookSecret: null,
      },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({
      name: 'renamed',
      schedule: 45,
      version: 2,
      webhook: { secretSet: false },
    });
    const row = await hub.runtime.services.db
      .selectFrom('sources')
      .select(['secret_ciphertext'])
      .where('id', '=', a.id)
      .executeTakeFirstOrThrow();
    expect(row.secret_ciphertext).toMatch(/^v1\./);
    const stale = await hub.call({
      method: 'PUT',
      url: `/v1/sources/${a.id}`,
      payload: { ...body(), version: 1 },
    });
    expect(stale.statusCode).toBe(409);
    const retype = await hub.call({
      method: 'PUT',
      url: `/v1/sources/${a.id}`,
      payload: { ...body({ type: 'FAKE_POLL_ONLY' }), version: 2 },
    });
    expect(retype.statusCode).toBe(400);
    expect(paths(retype)).toEqual(['type']);
    const noVersion = await hub.call({ method: 'PUT', url: `/v1/sources/${a.id}`, payload: body() });
    expect(noVersion.statusCode).toBe(400);
    expect(paths(noVersion)).toEqual(['version']);
    const badSettings = await hub.call({
      method: 'PUT',
      url: `/v1/sources/${a.id}`,
      payload: { ...body({ settings: { baseUrl: platform.url } }), version: 2 },
    });
    expect(badSettings.statusCode).toBe(400);
    expect(paths(badSettings)).toEqual(['settings.organizationId']);
  });

  it('DELETE → 204, then 404; its syncs stay in the database', async () => {
    const a = await create();
    expect((await hub.call({ method: 'DELETE', url: `/v1/sources/${a.id}` })).statusCode).toBe(204);
    expect((await hub.call({ method: 'GET', url: `/v1/sources/${a.id}` })).statusCode).toBe(404);
    expect((await hub.call({ method: 'DELETE', url: `/v1/sources/${a.id}` })).statusCode).toBe(404);
  });
});

describe('webhook token, verify, sync, syncs', () => {
  it('rotating the token shows a new URL once; the old token stops working', async () => {
    const a = await create();
    const oldToken = new URL(a.webhookUrl).searchParams.get('token')!;
    const rotated = await hub.call({ method: 'POST', url: `/v1/sources/${a.id}/webhook-token` });
    expect(rotated.statusCode).toBe(200);
    const newToken = new URL(rotated.json().webhookUrl).searchParams.get('token')!;
    expect(newToken).not.toBe(oldToken);
    const post = (token: string) =>
      hub.app.inject({
        method: 'POST',
        url: `/v1/sources/${a.id}/webhook?token=${token}`,
        payload: { billIds: ['b-1'] },
      });
    expect((await post(oldToken)).statusCode).toBe(401);
    expect((await post(newToken)).statusCode).toBe(202);
    const pollOnly = await create({ type: 'FAKE_POLL_ONLY' });
    expect(
      (await hub.call({ method: 'POST', url: `/v1/sources/${pollOnly.id}/webhook-token` })).statusCode,
    ).toBe(400);
  });

  it('verify: ok with the right key; the platform’s refusal with a wrong one, never the key', async () => {
    const a = await create();
    const ok = await hub.call({ method: 'POST', url: `/v1/sources/${a.id}/verify` });
    expect(ok.json()).toEqual({ ok: true });
    const wrong = await create({ credential: { apiKey: 'wrong-key-999999' } });
    const refused = await hub.call({ method: 'POST', url: `/v1/sources/${wrong.id}/verify` });
    expect(refused.statusCode).toBe(200);
    expect(refused.json()).toMatchObject({ ok: false, error: { code: 'AUTH_FAILED' } });
    expect(refused.body).not.toContain('wrong-key-999999');
  });

  it('sync now answers 202 with a QUEUED sync; a backfill is recorded; bad dates name the field; syncs list and detail', async () => {
    const a = await create();
    const now = await hub.call({ method: 'POST', url: `/v1/sources/${a.id}/sync` });
    expect(now.statusCode, now.body).toBe(202);
    expect(now.json()).toMatchObject({ sourceId: a.id, trigger: 'MANUAL', status: 'QUEUED', backfill: null });
    const backfill = await hub.call({
      method: 'POST',
      url: `/v1/sources/${a.id}/sync`,
      payload: { billDateStart: '2026-10-01', billDateEnd: '2026-11-01', status: 'APPROVED' },
    });
    expect(backfill.statusCode).toBe(202);
    expect(backfill.json()).toMatchObject({
      trigger: 'BACKFILL',
      backfill: { billDateStart: '2026-10-01', billDateEnd: '2026-11-01', status: 'APPROVED' },
    });
    const bad = await hub.call({
      method: 'POST',
      url: `/v1/sources/${a.id}/sync`,
      payload: { billDateStart: '2026-13-01', billDateEnd: '2026-01-01' },
    });
    expect(bad.statusCode).toBe(400);
    expect(paths(bad)).toContain('billDateStart');
    const reversed = await hub.call({
      method: 'POST',
      url: `/v1/sources/${a.id}/sync`,
      payload: { billDateStart: '2026-11-01', billDateEnd: '2026-10-01' },
    });
    expect(paths(reversed)).toEqual(['billDateEnd']);

    const list = await hub.call({ method: 'GET', url: `/v1/sources/${a.id}/syncs` });
    expect(list.statusCode).toBe(200);
    expect(list.json().data.map((s: { id: string }) => s.id)).toEqual([backfill.json().id, now.json().id]);
    const page = await hub.call({
      method: 'GET',
      url: `/v1/sources/${a.id}/syncs`,
      query: { pageSize: '1' },
    });
    const next = await hub.call({
      method: 'GET',
      url: `/v1/sources/${a.id}/syncs`,
      query: { pageSize: '1', nextToken: page.json().nextToken },
    });
    expect(next.json().data.map((s: { id: string }) => s.id)).toEqual([now.json().id]);
    const detail = await hub.call({ method: 'GET', url: `/v1/sources/${a.id}/syncs/${now.json().id}` });
    expect(detail.statusCode).toBe(200);
    expect(detail.json()).toMatchObject({ id: now.json().id, exchanges: [] });
    expect(
      (await hub.call({ method: 'GET', url: `/v1/sources/${a.id}/syncs/${now.json().id}`, key: otherKey }))
        .statusCode,
    ).toBe(404);
    expect(
      (await hub.call({ method: 'POST', url: `/v1/sources/${a.id}/sync`, key: otherKey })).statusCode,
    ).toBe(404);
  });

  it('the routes are in the OpenAPI document', async () => {
    const doc = (await hub.app.inject({ method: 'GET', url: '/docs/json' })).json();
    for (const path of [
      '/v1/sources',
      '/v1/sources/{id}',
      '/v1/sources/{id}/webhook',
      '/v1/sources/{id}/webhook-token',
      '/v1/sources/{id}/verify',
      '/v1/sources/{id}/sync',
      '/v1/sources/{id}/syncs',
      '/v1/sources/{id}/syncs/{syncId}',
    ]) {
      expect(doc.paths[path], path).toBeDefined();
    }
    expect(doc.paths['/v1/sources/{id}/webhook'].post.security).toEqual([]);
  });
});
