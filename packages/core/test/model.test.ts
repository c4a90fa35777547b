import {
  formatIssues,
  LINE_ITEM_TYPES,
  parseJsonLossless,
  ZAccount,
  ZBill,
  ZConfigData,
  ZDecimal,
  ZExternalMappingBody,
  ZIntegrationConfigBody,
} from '@hub/core';
import { describe, expect, it } from 'vitest';

describe('Bill model', () => {
  const base = { id: 'b1', version: 2, accountId: 'a1', currency: 'USD' };

  it('accepts amounts as JSON numbers and decimal strings and returns decimal strings', () => {
    const bill = ZBill.parse({
      ...base,
      lineItems: [
        { id: 'l1', lineItemType: 'USAGE', subtotal: 0.5, convertedSubtotal: '0.40', quantity: 400 },
        { id: 'l2', lineItemType: 'CREDIT_MEMO', subtotal: '-12.345' },
      ],
    });
    expect(bill.lineItems[0]?.subtotal).toBe('0.5');
    expect(bill.lineItems[0]?.convertedSubtotal).toBe('0.4');
    expect(bill.lineItems[0]?.quantity).toBe('400');
    expect(bill.lineItems[1]?.subtotal).toBe('-12.345');
    expect(bill.status).toBe('PENDING');
    expect(bill.currencyConversions).toEqual([]);
  });

  it('keeps every digit of a number that a double cannot hold when parsed losslessly', () => {
    const text = `{"id":"b1","version":3,"accountId":"a1","currency":"USD","billTotal":12345678901234567890.123456789,
      "lineItems":[{"id":"l1","lineItemType":"USAGE","subtotal":9.1234567890123461}]}`;
    const bill = ZBill.parse(parseJsonLossless(text));
    expect(bill.version).toBe(3);
    expect(bill.lineItems[0]?.subtotal).toBe('9.1234567890123461');
    expect(bill.billTotal).toBe('12345678901234567890.123456789');
    // the plain JSON.parse path would have lost it
    expect(ZBill.parse(JSON.parse(text)).lineItems[0]?.subtotal).not.toBe('9.1234567890123461');
  });

  it('accepts all 19 line item types and rejects an unknown one naming the path', () => {
    expect(LINE_ITEM_TYPES).toHaveLength(19);
    for (const type of LINE_ITEM_TYPES) {
      expect(
        ZBill.safeParse({ ...base, lineItems: [{ id: 'l', lineItemType: type, subtotal: 1 }] }).success,
      ).toBe(true);
    }
    const result = ZBill.safeParse({ ...base, lineItems: [{ id: 'l', lineItemType: 'BOGUS', subtotal: 1 }] });
    expect(result.success).toBe(false);
    if (!result.success) {
      const [detail] = formatIssues(result.error);
      expect(detail?.path).toBe('lineItems.0.lineItemType');
      expect(detail?.message).toContain('BOGUS');
    }
  });

  it('names the field of a bad amount, version or currency', () => {
    const result = ZBill.safeParse({
      ...base,
      version: 1.5,
      currency: 'dollars!',
      lineItems: [{ id: 'l', lineItemType: 'USAGE', subtotal: '1,00' }],
    });
    expect(result.success).toBe(false);
    if (!result.success) {
      const paths = formatIssues(result.error).map((d) => d.path);
      expect(paths).toEqual(expect.arrayContaining(['version', 'currency', 'lineItems.0.subtotal']));
    }
  });

  it('keeps unknown documented-later fields', () => {
    const bill = ZBill.parse({
      ...base,
      dtApproved: '2025-01-01T00:00:00Z',
      lineItems: [{ id: 'l', lineItemType: 'USAGE', subtotal: 1, bandUsage: [] }],
    });
    expect((bill as Record<string, unknown>).dtApproved).toBe('2025-01-01T00:00:00Z');
  });

  it('refuses non-finite numbers and exotic strings as amounts', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, '', 'abc', '1.2.3', '0x10', ' ']) {
      expect(ZDecimal.safeParse(bad).success).toBe(false);
    }
    expect(ZDecimal.parse('1e-3')).toBe('0.001');
    expect(ZDecimal.parse(-0)).toBe('0');
  });
});

describe('IntegrationConfig configData', () => {
  it('fills in the defaults', () => {
    expect(ZConfigData.parse({ marketplaceBillDimension: 'd' })).toEqual({
      sendBillOnApprovalOnly: false,
      useExternalMappingAccountCode: false,
      excludedLineItemTypes: [],
      accountFilter: null,
      enforceExternalMappingsForConfig: false,
      excludedProductIds: [],
      excludedAggregationIds: [],
      splitUsageLineItems: 'ITEM_PER_BILL',
      marketplaceBillDimension: 'd',
      unitPrice: '0.01',
      currency: 'USD',
      quantityDecimalPlaces: 0,
      overReportPolicy: 'CARRY_FORWARD',
    });
  });

  const pathsOf = (input: unknown) => {
    const result = ZIntegrationConfigBody.safeParse(input);
    return result.success ? [] : formatIssues(result.error).map((d) => `${d.path}: ${d.message}`);
  };
  const body = (configData: unknown) => ({ name: 'x', destination: 'AZURE_MARKETPLACE', configData });

  it('needs marketplaceBillDimension for ITEM_PER_BILL only', () => {
    expect(pathsOf(body({}))[0]).toMatch(/^configData\.marketplaceBillDimension: is required/);
    expect(pathsOf(body({ splitUsageLineItems: 'ITEM_PER_PRODUCT' }))).toEqual([]);
  });

  it('needs unitPrice > 0 and decimal places 0 to 6', () => {
    expect(pathsOf(body({ marketplaceBillDimension: 'd', unitPrice: '0' }))[0]).toMatch(
      /^configData\.unitPrice/,
    );
    expect(pathsOf(body({ marketplaceBillDimension: 'd', unitPrice: -1 }))[0]).toMatch(
      /^configData\.unitPrice/,
    );
    expect(pathsOf(body({ marketplaceBillDimension: 'd', quantityDecimalPlaces: 7 }))[0]).toMatch(
      /^configData\.quantityDecimalPlaces/,
    );
    expect(pathsOf(body({ marketplaceBillDimension: 'd', quantityDecimalPlaces: 1.5 }))[0]).toMatch(
      /^configData\.quantityDecimalPlaces/,
    );
    expect(
      pathsOf(body({ marketplaceBillDimension: 'd', quantityDecimalPlaces: 6, unitPrice: 0.001 })),
    ).toEqual([]);
  });

  it('rejects an unknown line item type, an unknown key and a bad account filter with the path', () => {
    expect(
      pathsOf(body({ marketplaceBillDimension: 'd', excludedLineItemTypes: ['USAGE', 'NOPE'] }))[0],
    ).toMatch(/^configData\.excludedLineItemTypes\.1/);
    expect(pathsOf(body({ marketplaceBillDimension: 'd', surprise: true }))[0]).toMatch(/^configData/);
    const filter = pathsOf(body({ marketplaceBillDimension: 'd', accountFilter: 'address.country == ' }));
    expect(filter[0]).toMatch(/^configData\.accountFilter: .*position/i);
  });

  it('accepts the billing platform filter examples verbatim', () => {
    expect(
      pathsOf(
        body({
          marketplaceBillDimension: 'd',
          accountFilter: 'customFields != null AND customFields.country = = UK',
        }),
      ),
    ).toEqual([]);
    expect(pathsOf(body({ marketplaceBillDimension: 'd', accountFilter: 'address.country == US' }))).toEqual(
      [],
    );
  });

  it('validates emails, names and mappings', () => {
    expect(
      pathsOf({
        ...body({ marketplaceBillDimension: 'd' }),
        name: '',
        disabledNotificationEmails: ['ops@example.com', 'nope'],
      }),
    ).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^name/),
        expect.stringMatching(/^disabledNotificationEmails\.1/),
      ]),
    );
    expect(
      ZExternalMappingBody.safeParse({
        m3terEntity: 'Meter',
        m3terId: 'x',
        externalSystem: 'A',
        externalTable: 'B',
        externalId: 'c',
      }).success,
    ).toBe(false);
  });
});

describe('Account model', () => {
  it('keeps custom field decimals exact', () => {
    const parsed = ZAccount.parse(
      parseJsonLossless(
        '{"id":"a","name":"A","code":"a","customFields":{"rate":0.10000000000000000001,"tier":3,"c":"UK"}}',
      ),
    );
    expect(parsed.customFields).toEqual({ rate: '0.10000000000000000001', tier: 3, c: 'UK' });
  });
});
