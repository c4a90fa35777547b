import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_FILTER_SCAN_LIMIT } from '../../src/http/routes/account-filter.route.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';

let hub: TestHub;
let otherKey: string;

const validate = (payload: unknown, key?: string) =>
  hub.call({
    method: 'POST',
    url: '/v1/account-filter/validate',
    payload: payload as object,
    ...(key ? { key } : {}),
  });

beforeAll(async () => {
  hub = await createTestHub();
  otherKey = (
    await hub.call({ method: 'POST', url: '/v1/api-keys', payload: { orgId: 'other-org', name: 'o' } })
  ).json().key;
  const accounts = [
    { id: 'acc-1', name: 'Acme', code: 'ACME', currency: 'USD', customFields: { tier: 'gold', seats: 10 } },
    { id: 'acc-2', name: 'Globex', code: 'GLOBEX', currency: 'EUR', customFields: { tier: 'silver' } },
    { id: 'acc-3', name: 'Initech', code: 'INIT', currency: 'USD' },
  ];
  for (const { id, ...body } of accounts) {
    const res = await hub.call({ method: 'PUT', url: `/v1/accounts/${id}`, payload: body });
    expect(res.statusCode).toBe(200);
  }
  await hub.call({
    method: 'PUT',
    url: '/v1/accounts/theirs',
    key: otherKey,
    payload: { name: 'Theirs', code: 'T', currency: 'USD' },
  });
});
afterAll(async () => hub?.close());

describe('POST /v1/account-filter/validate', () => {
  it('counts the known accounts a valid filter matches', async () => {
    const cases: [string, number][] = [
      ['currency == "USD"', 2],
      ['customFields.tier IN (gold, silver)', 2],
      ['customFields.seats >= 10 AND accountCode == ACME', 1],
      ['NOT (currency == "USD")', 1],
      ['name == "Nobody"', 0],
    ];
    for (const [filter, matching] of cases) {
      const res = await validate({ filter });
      expect(res.statusCode, filter).toBe(200);
      expect(res.json(), filter).toEqual({
        valid: true,
        matchingAccounts: matching,
        knownAccounts: 3,
        scannedAccounts: 3,
        truncated: false,
      });
    }
  });

  it('an empty filter is valid and matches every known account', async () => {
    for (const filter of ['', '   ']) {
      const res = await validate({ filter });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ valid: true, matchingAccounts: 3, knownAccounts: 3 });
    }
  });

  it('an invalid filter is answered with the parser’s message and position', async () => {
    const res = await validate({ filter: 'currency = "USD"' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.valid).toBe(false);
    expect(body.error).toEqual({ message: expect.any(String), position: 9 });
    expect(body.error.message).toContain('position 9');
    const unclosed = (await validate({ filter: '(currency == "USD"' })).json();
    expect(unclosed).toMatchObject({ valid: false, error: { position: expect.any(Number) } });
  });

  it('counts only the organization’s own accounts', async () => {
    const res = await validate({ filter: '' }, otherKey);
    expect(res.json()).toMatchObject({ valid: true, matchingAccounts: 1, knownAccounts: 1 });
  });

  it('refuses a body without a string filter, naming the field', async () => {
    for (const payload of [{ filter: 5 }, { filter: null }, {}, { filter: 'x'.repeat(2001) }]) {
      const res = await validate(payload);
      expect(res.statusCode, JSON.stringify(payload).slice(0, 40)).toBe(400);
      const { error } = res.json();
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.details.map((d: { path: string }) => d.path)).toEqual(['filter']);
    }
    const text = await hub.call({
      method: 'POST',
      url: '/v1/account-filter/validate',
      payload: 'not json',
      headers: { 'content-type': 'application/json' },
    });
    expect(text.statusCode).toBe(400);
  });

  it('requires a key', async () => {
    const res = await hub.call({
      method: 'POST',
      url: '/v1/account-filter/validate',
      payload: { filter: '' },
      key: null,
    });
    expect(res.statusCode).toBe(401);
  });

  it('scans a bounded number of accounts and says when it stopped short', async () => {
    const db = hub.runtime.services.db;
    const total = ACCOUNT_FILTER_SCAN_LIMIT + 5;
    const rows = Array.from({ length: total }, (_, i) => ({
      org_id: 'big-org',
      id: `a-${String(i).padStart(6, '0')}`,
      name: `Account ${i}`,
      code: `C${i}`,
      currency: i % 2 === 0 ? 'USD' : 'EUR',
    }));
    for (let i = 0; i < rows.length; i += 2000) {
      await db
        .insertInto('accounts')
        .values(rows.slice(i, i + 2000))
        .execute();
    }
    const bigKey = (
      await hub.call({ method: 'POST', url: '/v1/api-keys', payload: { orgId: 'big-org', name: 'b' } })
    ).json().key;
    const res = await validate({ filter: 'currency == USD' }, bigKey);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      valid: true,
      matchingAccounts: ACCOUNT_FILTER_SCAN_LIMIT / 2,
      knownAccounts: total,
      scannedAccounts: ACCOUNT_FILTER_SCAN_LIMIT,
      truncated: true,
    });
  });
});
