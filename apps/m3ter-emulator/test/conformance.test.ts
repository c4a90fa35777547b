/**
 * Conformance with m3ter's OpenAPI document, read in place from the shared fixtures folder (never
 * copied into this repository): every property the emulator answers with must be one the document
 * defines for that schema. Skipped with a message when the document is absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACCESS_KEY_ID,
  ACCOUNT_ID,
  API_SECRET,
  basic,
  callApi,
  type Harness,
  ORG_ID,
  startHarness,
} from './helpers.js';

const OPENAPI = fileURLToPath(
  new URL('../../../../shared/fixtures/m3ter/m3ter-openapi.yml', import.meta.url),
);
const present = existsSync(OPENAPI);
if (!present) console.warn(`conformance tests skipped: m3ter's OpenAPI document not found at ${OPENAPI}`);

interface Schema {
  $ref?: string;
  allOf?: Schema[];
  properties?: Record<string, Schema>;
  enum?: string[];
}
interface OpenApi {
  components: {
    schemas: Record<string, Schema>;
    responses: Record<string, { content: Record<string, { schema: Schema }> }>;
  };
}

let document: OpenApi;

function resolve(schema: Schema): Schema {
  return schema.$ref
    ? (document.components.schemas[schema.$ref.split('/').pop() as string] as Schema)
    : schema;
}

/** Every property name of a schema, through `$ref` and `allOf`. */
function propertyNames(name: string): Set<string> {
  const names = new Set<string>();
  const walk = (schema: Schema | undefined) => {
    if (!schema) return;
    const target = resolve(schema);
    for (const part of target.allOf ?? []) walk(part);
    for (const key of Object.keys(target.properties ?? {})) names.add(key);
  };
  walk(document.components.schemas[name]);
  if (names.size === 0) throw new Error(`schema ${name} has no properties in the document`);
  return names;
}

function expectOnlyDefined(body: Record<string, unknown>, schema: string): void {
  const allowed = propertyNames(schema);
  const unknown = Object.keys(body).filter((key) => !allowed.has(key));
  expect(unknown, `properties of ${schema} not in the OpenAPI document`).toEqual([]);
}

describe.skipIf(!present)('conformance with m3ter’s OpenAPI document', () => {
  let harness: Harness;
  let billId: string;

  beforeAll(async () => {
    document = JSON.parse(readFileSync(OPENAPI, 'utf8')) as OpenApi;
    harness = await startHarness();
    harness.emulator.createExternalMapping({
      orgId: ORG_ID,
      m3terEntity: 'Account',
      m3terId: ACCOUNT_ID,
      externalSystem: 'Azure',
      externalTable: 'Subscription',
      externalId: 'sub-1',
      integrationConfigId: 'config-1',
    });
    const bill = harness.emulator.createBill({
      orgId: ORG_ID,
      accountId: ACCOUNT_ID,
      purchaseOrderNumber: 'PO-1',
      lineItems: [
        {
          lineItemType: 'USAGE',
          description: 'Storage',
          productId: 'p',
          productName: 'Product',
          productCode: 'prod',
          accountingProductId: 'ap',
          aggregationId: 'a',
          compoundAggregationId: 'ca',
          meterId: 'm',
          planId: 'pl',
          pricingId: 'pr',
          commitmentId: 'c',
          contractId: 'ct',
          quantity: 400,
          units: 400,
          unit: 'GB',
          averageUnitPrice: '0.01',
          subtotal: '4.00',
          conversionRate: 1,
          convertedSubtotal: '4.00',
          servicePeriodStartDate: '2026-02-01T00:00:00Z',
          servicePeriodEndDate: '2026-03-01T00:00:00Z',
        },
      ],
    });
    billId = harness.emulator.approveBill(ORG_ID, bill.id).id;
  });
  afterAll(async () => {
    await harness?.emulator.close();
  });

  it('the token answer uses BearerAccessTokenResponse’s properties', async () => {
    const response = await fetch(`${harness.emulator.url}/oauth/token`, {
      method: 'POST',
      headers: { authorization: basic(ACCESS_KEY_ID, API_SECRET), 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials' }),
    });
    expectOnlyDefined((await response.json()) as Record<string, unknown>, 'BearerAccessTokenResponse');
  });

  it('a bill uses BillResponse’s properties, its line items BillLineItem’s, its enums the document’s', async () => {
    const { json } = await callApi(harness, `/bills/${billId}`);
    expectOnlyDefined(json, 'BillResponse');
    for (const item of json.lineItems) expectOnlyDefined(item, 'BillLineItem');
    const schemas = document.components.schemas;
    expect(schemas.BillStatus?.enum).toContain(json.status);
    expect(schemas.BillingFrequency?.enum).toContain(json.billingFrequency);
    expect(schemas.LineItemType?.enum).toContain(json.lineItems[0].lineItemType);
  });

  it('list answers use the paginated envelopes', async () => {
    const bills = await callApi(harness, '/bills', { query: { pageSize: '1', includeBillTotal: 'true' } });
    expectOnlyDefined(bills.json, 'PaginatedBillResponseData');
    for (const bill of bills.json.data) expectOnlyDefined(bill, 'BillResponse');
  });

  it('/lineitems items use BillLineItemResponse’s properties', async () => {
    const { json } = await callApi(harness, `/bills/${billId}/lineitems`);
    expectOnlyDefined(json, 'PaginatedBillLineItemResponseData');
    for (const item of json.data) expectOnlyDefined(item, 'BillLineItemResponse');
  });

  it('an account uses AccountResponse’s properties and its address Address’s', async () => {
    const { json } = await callApi(harness, `/accounts/${ACCOUNT_ID}`);
    expectOnlyDefined(json, 'AccountResponse');
    expectOnlyDefined(json.address, 'Address');
  });

  it('events use EventResponse’s properties; bill dtos BillResponse’s; account dtos AccountResponse’s', async () => {
    const { json } = await callApi(harness, '/events');
    expectOnlyDefined(json, 'PaginatedEventResponseData');
    for (const event of json.data) {
      expectOnlyDefined(event, 'EventResponse');
      const { newDto, oldDto } = event.m3terEvent.eventData;
      const schema = event.eventName.startsWith('billing.bill.') ? 'BillResponse' : 'AccountResponse';
      for (const dto of [newDto, oldDto]) if (dto) expectOnlyDefined(dto, schema);
    }
  });

  it('external mappings use ExternalMappingResponse’s properties', async () => {
    const { json } = await callApi(harness, '/externalmappings');
    expectOnlyDefined(json, 'PaginatedExternalMappingResponseData');
    for (const mapping of json.data) expectOnlyDefined(mapping, 'ExternalMappingResponse');
  });

  it('error bodies use the shared Error response’s properties', async () => {
    const allowed = Object.keys(
      resolve(document.components.responses.Error?.content['application/json']?.schema as Schema)
        .properties ?? {},
    );
    const { json } = await callApi(harness, '/bills/nope');
    expect(Object.keys(json).filter((key) => !allowed.includes(key))).toEqual([]);
  });
});
