import { describe, expect, it } from 'vitest';
import { dimensionPricesCheck } from '../../src/prerequisites/plan-checks.js';

describe('dimensionPricesCheck', () => {
  const plan = (pricePerUnit: string, currency = 'USD') => ({
    subscriptionId: 'sub-1',
    planId: 'gold',
    plan: {
      planId: 'gold',
      planComponents: { meteringDimensions: [{ id: 'usage', pricePerUnit, currency }] },
    },
  });
  const targets = [{ dimension: 'usage', sources: ['configData.marketplaceBillDimension'] }];

  it('compares prices as decimals, not as text or floats', () => {
    const config = { unitPrice: '0.01', currency: 'USD' };
    expect(dimensionPricesCheck(targets, [plan('0.0100')], config).status).toBe('PASS');
    expect(dimensionPricesCheck(targets, [plan('1e-2')], config).status).toBe('PASS');
    expect(dimensionPricesCheck(targets, [plan('0.0100000000000000000001')], config).status).toBe('FAIL');
    const tiny = { unitPrice: '0.0000000000000000000001', currency: 'USD' };
    expect(dimensionPricesCheck(targets, [plan('1e-22')], tiny).status).toBe('PASS');
    expect(dimensionPricesCheck(targets, [plan('0')], config).message).toContain(
      'would not be billed at all',
    );
  });
});
