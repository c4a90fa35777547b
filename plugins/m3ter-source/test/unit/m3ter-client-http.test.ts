import type { SourceClientContext } from '@hub/core';
import { MockAgent, type MockPool } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type M3terCredential, type M3terSettings, M3terSourceClient, RateLimiter } from '../../src/index.js';
import { MODEL_EXAMPLE_BILL, pagedLineItem } from '../support/m3ter-json.js';

/** The client over undici's MockAgent: tokens, retries, paging and redaction, no emulator. */

const API = 'http://m3ter.test';
const ORG = '396d788d-5174-4f0e-9d69-a1b2c3d4e5f6';
const KEY = 'key-id-1';
const SECRET = 'api-secret-VALUE-42';
const BILL_ID = 'f2d3e527-66bb-4251-8d81-90bffe45e5b5';
const json = { headers: { 'content-type': 'application/json' } };

let now: Date;
let agent: MockAgent;
let pool: MockPool;
let client: M3terSourceClient;
let sleeps: number[];
let tokensIssued: number;
let authorizations: string[];

function context(): SourceClientContext<M3terCredential, M3terSettings> {
  return {
    credential: { accessKeyId: KEY, apiSecret: SECRET },
    settings: { organizationId: ORG },
    endpoints: { apiUrl: API },
    now: () => now,
  };
}

const orgPath = (suffix: string) => (path: string) => path.split('?')[0] === `/organizations/${ORG}${suffix}`;

function replyToken(times = 1, expiresIn = 18_000): void {
  pool
    .intercept({ path: '/oauth/token', method: 'POST' })
    .reply(
      200,
      (options) => {
        authorizations.push(String((options.headers as Record<string, string>)['authorization']));
        return { access_token: `tok-${++tokensIssued}-abcdef`, token_type: 'Bearer', expires_in: expiresIn };
      },
      json,
    )
    .times(times);
}

function replyBill(body: unknown, times = 1): void {
  pool
    .intercept({ path: orgPath(`/bills/${BILL_ID}`), method: 'GET' })
    .reply(200, body as object, json)
    .times(times);
}

beforeEach(() => {
  now = new Date('2026-12-01T10:00:00Z');
  sleeps = [];
  tokensIssued = 0;
  authorizations = [];
  agent = new MockAgent();
  agent.disableNetConnect();
  pool = agent.get(API);
  client = new M3terSourceClient(context(), {
    dispatcher: agent,
    limiter: new RateLimiter(1_000_000, 1_000_000),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 1,
  });
});

afterEach(async () => {
  await client.close();
  await agent.close();
});

describe('m3ter client over HTTP (MockAgent)', () => {
  it('gets a token with Basic key:secret, caches it, records redacted exchanges', async () => {
    replyToken();
    replyBill(MODEL_EXAMPLE_BILL, 2);
    const first = await client.fetchBill(BILL_ID);
    const second = await client.fetchBill(BILL_ID);
    expect(first.ok && second.ok).toBe(true);
    expect(tokensIssued).toBe(1);
    expect(authorizations[0]).toBe(`Basic ${Buffer.from(`${KEY}:${SECRET}`).toString('base64')}`);
    expect(first.exchanges.map((e) => [e.method, e.url.split('?')[0], e.status])).toEqual([
      ['POST', `${API}/oauth/token`, 200],
      ['GET', `${API}/organizations/${ORG}/bills/${BILL_ID}`, 200],
    ]);
    const [token, get] = first.exchanges;
    expect(token?.requestHeaders['authorization']).toBe('Basic [REDACTED]');
    expect(token?.requestBody).toEqual({ grant_type: 'client_credentials' });
    expect(token?.responseBody).toMatchObject({ access_token: '[REDACTED]', expires_in: 18000 });
    expect(get?.requestHeaders['authorization']).toBe('Bearer [REDACTED]');
    const text = JSON.stringify([...first.exchanges, ...second.exchanges]);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('tok-1-abcdef');
    expect(text).not.toContain(Buffer.from(`${KEY}:${SECRET}`).toString('base64'));
    // The bill keeps its amounts' exact text.
    expect(JSON.stringify(first.ok && first.value)).toContain('"billTotal":"4.0"');
  });

  it('renews the token when less than 5 minutes are left', async () => {
    replyToken(2);
    pool
      .intercept({ path: orgPath('/accounts/acc-1'), method: 'GET' })
      .reply(200, { id: 'acc-1', name: 'A', code: 'a' }, json)
      .times(3);
    await client.fetchAccount('acc-1');
    now = new Date(now.getTime() + 18_000_000 - 301_000);
    await client.fetchAccount('acc-1');
    expect(tokensIssued).toBe(1);
    now = new Date(now.getTime() + 2_000);
    const third = await client.fetchAccount('acc-1');
    expect(tokensIssued).toBe(2);
    expect(third.exchanges[0]?.url).toBe(`${API}/oauth/token`);
  });

  it('a 403 on a data call renews the token once and repeats the call once', async () => {
    replyToken(2);
    pool
      .intercept({ path: orgPath('/accounts/acc-1'), method: 'GET' })
      .reply(403, { message: 'Forbidden' }, json);
    pool
      .intercept({ path: orgPath('/accounts/acc-1'), method: 'GET' })
      .reply(200, { id: 'acc-1', name: 'A', code: 'a' }, json);
    const answer = await client.fetchAccount('acc-1');
    expect(answer).toMatchObject({ ok: true, value: { id: 'acc-1' } });
    expect(answer.exchanges.map((e) => e.status)).toEqual([200, 403, 200, 200]);
    expect(tokensIssued).toBe(2);
  });

  it('a second 403 is AUTH_FAILED with the platform words', async () => {
    replyToken(2);
    pool
      .intercept({ path: orgPath('/accounts/acc-1'), method: 'GET' })
      .reply(403, { message: 'Access denied for this organization' }, json)
      .times(2);
    const answer = await client.fetchAccount('acc-1');
    expect(answer).toMatchObject({
      ok: false,
      code: 'AUTH_FAILED',
      message: expect.stringContaining('Access denied'),
    });
  });

  it('a refused token request is AUTH_FAILED, in verifyCredential too', async () => {
    pool
      .intercept({ path: '/oauth/token', method: 'POST' })
      .reply(401, { error: 'invalid_client', error_description: 'Bad credentials' }, json)
      .times(2);
    const answer = await client.fetchBill(BILL_ID);
    expect(answer).toMatchObject({
      ok: false,
      code: 'AUTH_FAILED',
      message: expect.stringContaining('Bad credentials'),
    });
    expect(await client.verifyCredential()).toEqual({
      ok: false,
      error: { code: 'AUTH_FAILED', message: expect.stringContaining('Bad credentials') },
    });
  });

  it('verifyCredential gets a fresh token and probes the organization', async () => {
    replyToken();
    pool.intercept({ path: orgPath('/bills'), method: 'GET' }).reply(200, { data: [] }, json);
    expect(await client.verifyCredential()).toEqual({ ok: true });
  });

  it('429 waits as Retry-After says, then succeeds', async () => {
    replyToken();
    pool
      .intercept({ path: orgPath('/accounts/acc-1'), method: 'GET' })
      .reply(429, 'Too Many Requests', { headers: { 'retry-after': '2' } });
    pool.intercept({ path: orgPath('/accounts/acc-1'), method: 'GET' }).reply(429, 'Too Many Requests', {});
    pool
      .intercept({ path: orgPath('/accounts/acc-1'), method: 'GET' })
      .reply(200, { id: 'acc-1', name: 'A', code: 'a' }, json);
    const answer = await client.fetchAccount('acc-1');
    expect(answer.ok).toBe(true);
    expect(sleeps).toEqual([2000, 500]);
  });

  it('429 is bounded: RETRYABLE with retryAfterMs; a long Retry-After is not waited for', async () => {
    replyToken();
    pool
      .intercept({ path: orgPath('/accounts/acc-1'), method: 'GET' })
      .reply(429, 'slow down', { headers: { 'retry-after': '1' } })
      .times(8);
    const answer = await client.fetchAccount('acc-1');
    expect(answer).toMatchObject({ ok: false, code: 'RETRYABLE', retryAfterMs: 1000 });
    expect(sleeps).toHaveLength(7);

    sleeps = [];
    pool
      .intercept({ path: orgPath('/accounts/acc-2'), method: 'GET' })
      .reply(429, '', { headers: { 'retry-after': '120' } });
    const long = await client.fetchAccount('acc-2');
    expect(long).toMatchObject({ ok: false, code: 'RETRYABLE', retryAfterMs: 120_000 });
    expect(sleeps).toEqual([]);
  });

  it('5xx and dropped connections are retried with backoff, up to 3 attempts', async () => {
    replyToken();
    pool
      .intercept({ path: orgPath('/accounts/acc-1'), method: 'GET' })
      .reply(502, '<html>bad gateway</html>');
    pool
      .intercept({ path: orgPath('/accounts/acc-1'), method: 'GET' })
      .replyWithError(new Error('socket hang up'));
    pool
      .intercept({ path: orgPath('/accounts/acc-1'), method: 'GET' })
      .reply(200, { id: 'acc-1', name: 'A', code: 'a' }, json);
    expect((await client.fetchAccount('acc-1')).ok).toBe(true);
    expect(sleeps).toEqual([250, 500]);

    pool
      .intercept({ path: orgPath('/accounts/acc-2'), method: 'GET' })
      .reply(500, { message: 'boom' }, json)
      .times(3);
    const failed = await client.fetchAccount('acc-2');
    expect(failed).toMatchObject({ ok: false, code: 'RETRYABLE', message: expect.stringContaining('boom') });
    expect(failed.exchanges.filter((e) => e.status === 500)).toHaveLength(3);
  });

  it('404 is null; 400 is REJECTED', async () => {
    replyToken();
    pool
      .intercept({ path: orgPath(`/bills/${BILL_ID}`), method: 'GET' })
      .reply(404, { message: 'Not found' }, json);
    expect(await client.fetchBill(BILL_ID)).toMatchObject({ ok: true, value: null });
    pool
      .intercept({ path: orgPath('/accounts/x'), method: 'GET' })
      .reply(400, { message: 'Invalid id' }, json);
    expect(await client.fetchAccount('x')).toMatchObject({
      ok: false,
      code: 'REJECTED',
      message: expect.stringContaining('Invalid id'),
    });
  });

  it('a bill without lineItems gets every page of /lineitems', async () => {
    replyToken();
    const { lineItems: _omit, ...bill } = JSON.parse(MODEL_EXAMPLE_BILL);
    replyBill(bill, 2);
    const items = Array.from({ length: 250 }, (_, i) => pagedLineItem(BILL_ID, i + 1));
    const seen: string[] = [];
    pool
      .intercept({ path: orgPath(`/bills/${BILL_ID}/lineitems`), method: 'GET' })
      .reply(
        200,
        (options) => {
          const query = new URL(String(options.path), API).searchParams;
          seen.push(query.toString());
          const offset = Number(query.get('nextToken') ?? 0);
          const next = offset + 100 < items.length ? String(offset + 100) : undefined;
          return { data: items.slice(offset, offset + 100), nextToken: next };
        },
        json,
      )
      .times(3);
    const answer = await client.fetchBill(BILL_ID);
    expect(answer.ok).toBe(true);
    const value = (answer.ok ? answer.value : null) as { lineItems: { id: string }[] };
    expect(value.lineItems.map((item) => item.id)).toEqual(items.map((item) => item['id']));
    expect(seen).toEqual(['pageSize=100', 'pageSize=100&nextToken=100', 'pageSize=100&nextToken=200']);
  });

  it('a bill regenerated while its line items were read is read again, never returned torn', async () => {
    replyToken();
    const { lineItems: _omit, ...bill } = JSON.parse(MODEL_EXAMPLE_BILL);
    replyBill(bill);
    replyBill({ ...bill, version: 4 }, 2);
    pool
      .intercept({ path: orgPath(`/bills/${BILL_ID}/lineitems`), method: 'GET' })
      .reply(200, { data: [pagedLineItem(BILL_ID, 1)] }, json);
    pool
      .intercept({ path: orgPath(`/bills/${BILL_ID}/lineitems`), method: 'GET' })
      .reply(200, { data: [pagedLineItem(BILL_ID, 7), pagedLineItem(BILL_ID, 8)] }, json);
    const answer = await client.fetchBill(BILL_ID);
    expect(answer).toMatchObject({
      ok: true,
      value: { version: 4, lineItems: [{ id: 'li-7' }, { id: 'li-8' }] },
    });
  });

  it('a bill that never holds still is RETRYABLE after 3 reads', async () => {
    replyToken();
    const { lineItems: _omit, ...bill } = JSON.parse(MODEL_EXAMPLE_BILL);
    for (let version = 1; version <= 4; version += 1) replyBill({ ...bill, version });
    pool
      .intercept({ path: orgPath(`/bills/${BILL_ID}/lineitems`), method: 'GET' })
      .reply(200, { data: [pagedLineItem(BILL_ID, 1)] }, json)
      .times(3);
    const answer = await client.fetchBill(BILL_ID);
    expect(answer).toMatchObject({
      ok: false,
      code: 'RETRYABLE',
      message: expect.stringContaining('changed while'),
    });
  });

  it('listBills asks m3ter for bill ids by date, without line items, page by page', async () => {
    replyToken();
    let query: URLSearchParams | undefined;
    pool.intercept({ path: orgPath('/bills'), method: 'GET' }).reply(
      200,
      (options) => {
        query = new URL(String(options.path), API).searchParams;
        return { data: [{ id: 'b-1' }, { id: 'b-2' }], nextToken: 'tok-2' };
      },
      json,
    );
    const answer = await client.listBills(
      { billDateStart: '2026-11-01', billDateEnd: '2026-12-01', status: 'APPROVED' },
      'tok-1',
    );
    expect(answer).toMatchObject({ ok: true, value: { billIds: ['b-1', 'b-2'], nextPageToken: 'tok-2' } });
    expect(Object.fromEntries(query!)).toEqual({
      billDateStart: '2026-11-01',
      billDateEnd: '2026-12-01',
      status: 'APPROVED',
      excludeLineItems: 'true',
      pageSize: '100',
      nextToken: 'tok-1',
    });
  });

  it('listExternalMappings keeps the asked-for systems, in core shape', async () => {
    replyToken();
    pool.intercept({ path: orgPath('/externalmappings'), method: 'GET' }).reply(
      200,
      {
        data: [
          {
            id: 'm1',
            m3terEntity: 'Account',
            m3terId: 'a1',
            externalSystem: 'AzureMarketplace',
            externalTable: 'Subscription',
            externalId: 's1',
          },
          {
            id: 'm2',
            m3terEntity: 'Account',
            m3terId: 'a2',
            externalSystem: 'Stripe',
            externalTable: 'Customer',
            externalId: 'cus_1',
          },
        ],
      },
      json,
    );
    const answer = await client.listExternalMappings(['AzureMarketplace'], null);
    expect(answer).toMatchObject({
      ok: true,
      value: {
        nextPageToken: null,
        mappings: [{ m3terId: 'a1', externalId: 's1', metadata: { source: 'm3ter', m3terMappingId: 'm1' } }],
      },
    });
  });

  it('listChanges: null cursor reads the newest event of each stream; then changes oldest first', async () => {
    replyToken();
    const events: Record<string, unknown[]> = {
      'billing.bill.created': [
        {
          id: 'e1',
          eventName: 'billing.bill.created',
          eventTime: '2026-12-01T09:00:00.000Z',
          m3terEvent: { eventData: { newDto: { id: 'b-1' } } },
        },
      ],
      'billing.bill.updated': [],
      'billing.bill.deleted': [],
    };
    pool
      .intercept({ path: orgPath('/events'), method: 'GET' })
      .reply(
        200,
        (options) => {
          const query = new URL(String(options.path), API).searchParams;
          expect(query.get('includeActioned')).toBe('true');
          return { data: events[query.get('eventName')!] ?? [] };
        },
        json,
      )
      .times(6);
    const start = await client.listChanges(null);
    expect(start).toMatchObject({ ok: true, value: { changes: [], more: false } });
    events['billing.bill.updated'] = [
      {
        id: 'e3',
        eventName: 'billing.bill.updated',
        eventTime: '2026-12-01T09:05:00.000Z',
        m3terEvent: { eventData: { newDto: { id: 'b-1' } } },
      },
      {
        id: 'e2',
        eventName: 'billing.bill.updated',
        eventTime: '2026-12-01T09:01:00.000Z',
        m3terEvent: { eventData: { newDto: { id: 'b-1' } } },
      },
    ];
    const next = await client.listChanges(start.ok ? start.value.cursor : '');
    expect(next.ok && next.value.changes.map((c) => c.changeId)).toEqual(['e2', 'e3']);
    expect(await client.listChanges('garbage')).toMatchObject({ ok: false, code: 'REJECTED' });
  });

  it('a malformed credential or setting answers without a request', async () => {
    const bad = new M3terSourceClient(
      { ...context(), credential: { accessKeyId: '', apiSecret: SECRET } },
      { dispatcher: agent },
    );
    expect(await bad.fetchBill(BILL_ID)).toMatchObject({ ok: false, code: 'AUTH_FAILED', exchanges: [] });
    const badOrg = new M3terSourceClient(
      { ...context(), settings: { organizationId: '../x' } },
      { dispatcher: agent },
    );
    expect(await badOrg.fetchBill(BILL_ID)).toMatchObject({ ok: false, code: 'REJECTED' });
  });
});
