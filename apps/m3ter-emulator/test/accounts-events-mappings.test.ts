/** `GET /accounts/{id}`, `GET /events` (newest first, eventName filters, paging), `GET /externalmappings`. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNT_ID, callApi, type Harness, lineItems, ORG_ID, readAll, startHarness } from './helpers.js';

let harness: Harness;
beforeEach(async () => {
  harness = await startHarness();
});
afterEach(async () => {
  await harness.emulator.close();
});

describe('GET /accounts/{id}', () => {
  it('answers AccountResponse with customFields, address, code and name', async () => {
    const response = await callApi(harness, `/accounts/${ACCOUNT_ID}`);
    expect(response.status).toBe(200);
    expect(response.json).toEqual({
      id: ACCOUNT_ID,
      version: 1,
      name: 'Acme Corp',
      code: 'acme',
      currency: 'USD',
      customFields: { region: 'emea', seats: 12 },
      address: { addressLine1: '1 Main St', locality: 'London', country: 'UK' },
      dtCreated: '2026-03-10T10:30:00.000Z',
      dtLastModified: '2026-03-10T10:30:00.000Z',
      createdBy: expect.any(String),
      lastModifiedBy: expect.any(String),
    });
  });

  it('updateAccount bumps the version and emits configuration.account.updated', async () => {
    harness.emulator.updateAccount(ORG_ID, ACCOUNT_ID, { customFields: { region: 'us' } });
    const response = await callApi(harness, `/accounts/${ACCOUNT_ID}`);
    expect(response.json).toMatchObject({ version: 2, customFields: { region: 'us' } });
    const [latest] = harness.emulator.events(ORG_ID);
    expect(latest?.eventName).toBe('configuration.account.updated');
    expect(latest?.m3terEvent.eventData.oldDto).toMatchObject({ version: 1 });
  });

  it('answers 404 for an unknown account', async () => {
    const response = await callApi(harness, '/accounts/nope');
    expect(response.status).toBe(404);
    expect(response.json).toEqual({ message: expect.any(String) });
  });
});

describe('GET /events', () => {
  it('lists events newest first in m3ter’s EventResponse shape', async () => {
    const bill = harness.emulator.createBill({
      orgId: ORG_ID,
      accountId: ACCOUNT_ID,
      lineItems: lineItems(1),
    });
    harness.emulator.approveBill(ORG_ID, bill.id);
    harness.emulator.deleteBill(ORG_ID, bill.id);
    const response = await callApi(harness, '/events');
    expect(response.status).toBe(200);
    expect(response.json.data.map((event: { eventName: string }) => event.eventName)).toEqual([
      'billing.bill.deleted',
      'billing.bill.updated',
      'billing.bill.created',
      'configuration.account.created',
    ]);
    const [deleted, updated, created] = response.json.data;
    expect(created).toEqual({
      id: expect.any(String),
      eventName: 'billing.bill.created',
      eventTime: '2026-03-10T10:30:00.000Z',
      dtActioned: null,
      m3terEvent: {
        eventData: {
          newDto: expect.objectContaining({
            id: bill.id,
            version: 1,
            accountId: ACCOUNT_ID,
            status: 'PENDING',
          }),
        },
      },
    });
    expect(updated.m3terEvent.eventData).toEqual({
      newDto: expect.objectContaining({ id: bill.id, version: 2, status: 'APPROVED' }),
      oldDto: expect.objectContaining({ id: bill.id, version: 1, status: 'PENDING' }),
    });
    expect(deleted.m3terEvent.eventData).toEqual({
      oldDto: expect.objectContaining({ id: bill.id, version: 2 }),
    });
    expect(harness.emulator.events(ORG_ID)).toEqual(response.json.data);
  });

  it('filters by one or several event names (repeated or comma-separated) and pages', async () => {
    for (let index = 0; index < 3; index++) {
      const bill = harness.emulator.createBill({ orgId: ORG_ID, accountId: ACCOUNT_ID, lineItems: [] });
      harness.emulator.approveBill(ORG_ID, bill.id);
    }
    const names = async (query: Record<string, string | string[]>) =>
      (await readAll(harness, '/events', query)).items.map((event) => event.eventName);
    expect(await names({ eventName: 'billing.bill.updated' })).toEqual(Array(3).fill('billing.bill.updated'));
    expect(await names({ eventName: ['billing.bill.created', 'billing.bill.updated'] })).toHaveLength(6);
    expect(await names({ eventName: 'billing.bill.created,billing.bill.updated' })).toHaveLength(6);
    const paged = await readAll(harness, '/events', { pageSize: '2' });
    expect(paged.pages).toBe(4);
    expect(paged.items.map((event) => event.id)).toEqual(
      harness.emulator.events(ORG_ID).map((event) => event.id),
    );
  });
});

describe('GET /externalmappings', () => {
  it('pages mappings newest first and filters by externalSystemId', async () => {
    for (let index = 0; index < 3; index++) {
      harness.emulator.createExternalMapping({
        orgId: ORG_ID,
        m3terEntity: 'Account',
        m3terId: ACCOUNT_ID,
        externalSystem: 'Azure',
        externalTable: 'Subscription',
        externalId: `sub-${index}`,
        integrationConfigId: 'config-1',
      });
    }
    harness.emulator.createExternalMapping({
      orgId: ORG_ID,
      m3terEntity: 'Product',
      m3terId: 'product-1',
      externalSystem: 'AWS',
      externalTable: 'Dimension',
      externalId: 'requests',
    });
    const azure = await readAll(harness, '/externalmappings', { externalSystemId: 'Azure', pageSize: '2' });
    expect(azure.pages).toBe(2);
    expect(azure.items.map((mapping) => mapping.externalId)).toEqual(['sub-2', 'sub-1', 'sub-0']);
    expect(azure.items[0]).toEqual({
      id: expect.any(String),
      version: 1,
      m3terEntity: 'Account',
      m3terId: ACCOUNT_ID,
      externalSystem: 'Azure',
      externalTable: 'Subscription',
      externalId: 'sub-2',
      integrationConfigId: 'config-1',
      dtCreated: '2026-03-10T10:30:00.000Z',
      dtLastModified: '2026-03-10T10:30:00.000Z',
      createdBy: expect.any(String),
      lastModifiedBy: expect.any(String),
    });
    expect((await readAll(harness, '/externalmappings')).items).toHaveLength(4);
  });

  it('refuses a mapping field with surrounding whitespace', () => {
    expect(() =>
      harness.emulator.createExternalMapping({
        orgId: ORG_ID,
        m3terEntity: 'Account',
        m3terId: ACCOUNT_ID,
        externalSystem: ' Azure',
        externalTable: 'Subscription',
        externalId: 'x',
      }),
    ).toThrow(/externalSystem/);
  });
});
