/** `GET /bills` (filters, paging), `GET /bills/{id}`, `GET /bills/{billId}/lineitems` and the inline limit. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNT_ID, callApi, type Harness, lineItems, ORG_ID, readAll, startHarness } from './helpers.js';

let harness: Harness;
beforeEach(async () => {
  harness = await startHarness();
});
afterEach(async () => {
  await harness.emulator.close();
});

function createBill(overrides: Record<string, unknown> = {}) {
  return harness.emulator.createBill({
    orgId: ORG_ID,
    accountId: ACCOUNT_ID,
    lineItems: lineItems(2),
    ...overrides,
  });
}

describe('GET /bills/{id}', () => {
  it('answers m3ter’s BillResponse with line items and exact amounts', async () => {
    const bill = createBill({
      id: 'bill-1',
      billDate: '2026-03-01',
      startDate: '2026-02-01',
      endDate: '2026-03-01',
      lineItems: [
        {
          id: 'li-1',
          lineItemType: 'USAGE',
          productId: 'p1',
          aggregationId: 'agg1',
          subtotal: '9.1234567890123461',
        },
        { id: 'li-2', lineItemType: 'STANDING_CHARGE', productId: 'p2', subtotal: 10 },
      ],
    });
    expect(bill.version).toBe(1);
    const response = await callApi(harness, '/bills/bill-1');
    expect(response.status).toBe(200);
    expect(response.text).toContain('"subtotal":9.1234567890123461');
    expect(response.text).toContain('"billTotal":19.1234567890123461');
    expect(response.json).toMatchObject({
      id: 'bill-1',
      version: 1,
      accountId: ACCOUNT_ID,
      accountCode: 'acme',
      status: 'PENDING',
      locked: false,
      billDate: '2026-03-01',
      startDate: '2026-02-01',
      endDate: '2026-03-01',
      currency: 'USD',
      billingFrequency: 'MONTHLY',
      dtCreated: '2026-03-10T10:30:00.000Z',
      dtLastModified: '2026-03-10T10:30:00.000Z',
      lineItems: [
        { id: 'li-1', lineItemType: 'USAGE', productId: 'p1', aggregationId: 'agg1', currency: 'USD' },
        { id: 'li-2', lineItemType: 'STANDING_CHARGE', productId: 'p2', subtotal: 10 },
      ],
    });
  });

  it('answers 404 with m3ter’s {message} body for an unknown id', async () => {
    const response = await callApi(harness, '/bills/nope');
    expect(response.status).toBe(404);
    expect(response.json).toEqual({ message: expect.stringContaining('nope') });
  });

  it('approve and regenerate add a version each', async () => {
    const bill = createBill();
    harness.clock.advanceSeconds(60);
    expect(harness.emulator.approveBill(ORG_ID, bill.id)).toMatchObject({ version: 2, status: 'APPROVED' });
    harness.clock.advanceSeconds(60);
    const regenerated = harness.emulator.regenerateBill(ORG_ID, bill.id, [
      { lineItemType: 'USAGE', productId: 'p9', subtotal: '3.5' },
    ]);
    expect(regenerated).toMatchObject({ version: 3, status: 'APPROVED' });
    const response = await callApi(harness, `/bills/${bill.id}`);
    expect(response.json).toMatchObject({
      version: 3,
      status: 'APPROVED',
      billTotal: 3.5,
      dtLastModified: '2026-03-10T10:32:00.000Z',
      lineItems: [{ productId: 'p9', subtotal: 3.5 }],
    });
  });

  it('leaves lineItems out above the inline limit; /lineitems pages them', async () => {
    const bill = createBill({ lineItems: lineItems(51) });
    const response = await callApi(harness, `/bills/${bill.id}`);
    expect(response.status).toBe(200);
    expect(response.json).not.toHaveProperty('lineItems');
    expect(response.json.id).toBe(bill.id);
    const { items, pages } = await readAll(harness, `/bills/${bill.id}/lineitems`, { pageSize: '20' });
    expect(pages).toBe(3);
    expect(items.map((item) => item.productId)).toEqual(bill.lineItems.map((item) => item.productId));
    expect(items[0]).toMatchObject({ billId: bill.id, lineItemType: 'USAGE', subtotal: 1.25 });
    const small = createBill({ lineItems: lineItems(50) });
    expect((await callApi(harness, `/bills/${small.id}`)).json.lineItems).toHaveLength(50);
  });

  it('honours lineItemsInlineLimit', async () => {
    const other = await startHarness({ lineItemsInlineLimit: 1 });
    try {
      const bill = other.emulator.createBill({
        orgId: ORG_ID,
        accountId: ACCOUNT_ID,
        lineItems: lineItems(2),
      });
      expect((await callApi(other, `/bills/${bill.id}`)).json).not.toHaveProperty('lineItems');
    } finally {
      await other.emulator.close();
    }
  });

  it('/lineitems answers 404 for an unknown bill and 400 for a bad pageSize or token', async () => {
    const bill = createBill();
    expect((await callApi(harness, '/bills/nope/lineitems')).status).toBe(404);
    for (const pageSize of ['0', '201', 'x']) {
      const response = await callApi(harness, `/bills/${bill.id}/lineitems`, { query: { pageSize } });
      expect(response.status).toBe(400);
      expect(response.json).toEqual({ message: expect.any(String) });
    }
    expect(
      (await callApi(harness, `/bills/${bill.id}/lineitems`, { query: { nextToken: 'junk' } })).status,
    ).toBe(400);
  });
});

describe('GET /bills', () => {
  it('pages newest first with {data, nextToken}', async () => {
    const ids = Array.from({ length: 5 }, (_, index) => createBill({ id: `bill-${index}` }).id);
    const first = await callApi(harness, '/bills', { query: { pageSize: '2' } });
    expect(first.json.data.map((bill: { id: string }) => bill.id)).toEqual(['bill-4', 'bill-3']);
    expect(typeof first.json.nextToken).toBe('string');
    const { items, pages } = await readAll(harness, '/bills', { pageSize: '2' });
    expect(pages).toBe(3);
    expect(items.map((bill) => bill.id)).toEqual([...ids].reverse());
    const all = await callApi(harness, '/bills');
    expect(all.json.data).toHaveLength(5);
    expect(all.json).not.toHaveProperty('nextToken');
  });

  it('filters by ids, accountId, status and billDate range (start inclusive, end exclusive)', async () => {
    const other = harness.emulator.createAccount({ orgId: ORG_ID, name: 'Other', code: 'other' });
    createBill({ id: 'feb', billDate: '2026-02-01' });
    createBill({ id: 'mar', billDate: '2026-03-01', status: 'APPROVED' });
    createBill({ id: 'apr', billDate: '2026-04-01' });
    harness.emulator.createBill({
      orgId: ORG_ID,
      accountId: other.id,
      id: 'other',
      billDate: '2026-03-01',
      lineItems: [],
    });
    const ids = async (query: Record<string, string | string[]>) =>
      (await readAll(harness, '/bills', query)).items.map((bill) => bill.id).sort();
    expect(await ids({ ids: ['feb', 'apr'] })).toEqual(['apr', 'feb']);
    expect(await ids({ ids: 'feb,mar' })).toEqual(['feb', 'mar']);
    expect(await ids({ accountId: other.id })).toEqual(['other']);
    expect(await ids({ status: 'APPROVED' })).toEqual(['mar']);
    expect(await ids({ status: 'PENDING', accountId: ACCOUNT_ID })).toEqual(['apr', 'feb']);
    expect(await ids({ billDateStart: '2026-03-01', billDateEnd: '2026-04-01' })).toEqual(['mar', 'other']);
    expect((await callApi(harness, '/bills', { query: { status: 'DRAFT' } })).status).toBe(400);
  });

  it('excludeLineItems leaves line items out; includeBillTotal adds the total', async () => {
    createBill();
    const plain = await callApi(harness, '/bills');
    expect(plain.json.data[0].lineItems).toHaveLength(2);
    expect(plain.json.data[0]).not.toHaveProperty('billTotal');
    const slim = await callApi(harness, '/bills', {
      query: { excludeLineItems: 'true', includeBillTotal: 'true' },
    });
    expect(slim.json.data[0]).not.toHaveProperty('lineItems');
    expect(slim.json.data[0].billTotal).toBe(2.5);
  });

  it('a deleted bill is gone', async () => {
    const bill = createBill();
    harness.emulator.deleteBill(ORG_ID, bill.id);
    expect((await callApi(harness, `/bills/${bill.id}`)).status).toBe(404);
    expect((await callApi(harness, '/bills')).json.data).toEqual([]);
    expect(() => harness.emulator.deleteBill(ORG_ID, bill.id)).toThrow(/not found/);
  });
});
