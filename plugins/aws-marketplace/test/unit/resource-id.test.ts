import { normalizeResourceId } from '@hub/core';
import { describe, expect, it } from 'vitest';
import { awsMarketplaceAdapter, normalizeAwsAccountId } from '../../src/index.js';

describe('normalizeAwsAccountId', () => {
  it('keeps a 12-digit account id as it is, leading zeros included', () => {
    expect(normalizeAwsAccountId('123456789012')).toEqual({ ok: true, value: '123456789012' });
    expect(normalizeAwsAccountId('012345678901')).toEqual({ ok: true, value: '012345678901' });
  });

  it.each([
    ['', 'empty'],
    [' 123456789012', 'whitespace'],
    ['1234-5678-9012', 'groups'],
    ['1234 5678 9012', 'groups'],
    ['arn:aws:iam::123456789012:root', 'ARN'],
    ['12345678901', '11 digits'],
    ['1234567890123', '13 digits'],
    ['12345678901a', '"a"'],
  ])('refuses %j, saying what is wrong (%s)', (value, words) => {
    const result = normalizeAwsAccountId(value);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(words);
  });

  it('is applied through core, idempotently', () => {
    const first = normalizeResourceId(awsMarketplaceAdapter, '123456789012');
    expect(first).toEqual({ ok: true, value: '123456789012' });
    if (first.ok) expect(normalizeResourceId(awsMarketplaceAdapter, first.value)).toEqual(first);
    expect(normalizeResourceId(awsMarketplaceAdapter, '12').ok).toBe(false);
  });
});
