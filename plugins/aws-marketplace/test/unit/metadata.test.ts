import { describe, expect, it } from 'vitest';
import {
  awsEventPlanId,
  decodeCustomerRef,
  LICENSE_ARN_PATTERN,
  validateAwsMetadata,
} from '../../src/index.js';

const LICENSE = 'arn:aws:license-manager::123456789012:license:l-0123456789abcdef0123456789abcdef';

describe('account mapping metadata', () => {
  it('takes a well-formed license ARN', () => {
    expect(validateAwsMetadata({ licenseArn: LICENSE })).toEqual([]);
    expect(
      validateAwsMetadata({ licenseArn: 'arn:aws-cn:license-manager:cn-north-1:123456789012:license:l-1' }),
    ).toEqual([]);
  });

  it('requires a license ARN unless a legacy customerIdentifier is given', () => {
    for (const metadata of [null, {}, { planId: 'x' }]) {
      const issues = validateAwsMetadata(metadata);
      expect(issues).toHaveLength(1);
      expect(issues[0]?.path).toEqual(['licenseArn']);
      expect(issues[0]?.message).toContain('required');
    }
    expect(validateAwsMetadata({ customerIdentifier: 'cust-abc' })).toEqual([]);
  });

  it.each([
    ['not-an-arn'],
    ['arn:aws:'],
    ['arn:azure:license-manager::123456789012:license:l-1'],
    [` ${LICENSE}`],
  ])('refuses the license ARN %j', (licenseArn) => {
    const issues = validateAwsMetadata({ licenseArn });
    expect(issues.map((issue) => issue.path)).toEqual([['licenseArn']]);
  });

  it('refuses a license ARN that is not text', () => {
    expect(validateAwsMetadata({ licenseArn: 42 })[0]?.path).toEqual(['licenseArn']);
  });

  it('refuses both styles in one mapping, naming customerIdentifier', () => {
    const issues = validateAwsMetadata({ licenseArn: LICENSE, customerIdentifier: 'cust-abc' });
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toEqual(['customerIdentifier']);
    expect(issues[0]?.message).toContain('not both');
  });

  it('refuses a legacy customerIdentifier that is empty, too long or not text', () => {
    for (const customerIdentifier of ['', 'x'.repeat(256), 7, ' padded ']) {
      expect(validateAwsMetadata({ customerIdentifier })[0]?.path).toEqual(['customerIdentifier']);
    }
    expect(validateAwsMetadata({ customerIdentifier: 'x'.repeat(255) })).toEqual([]);
  });

  it('uses the SDK model pattern (arn:aws…:service:region:account:resource)', () => {
    expect(LICENSE_ARN_PATTERN.test(LICENSE)).toBe(true);
    expect(LICENSE_ARN_PATTERN.test('arn:aws:license-manager::123456789012:')).toBe(false);
  });
});

describe('event plan id', () => {
  it('is the license ARN, or a prefixed customer identifier, and decodes back', () => {
    expect(awsEventPlanId({ licenseArn: LICENSE })).toBe(LICENSE);
    expect(decodeCustomerRef(LICENSE)).toEqual({ kind: 'license', licenseArn: LICENSE });
    const legacy = awsEventPlanId({ customerIdentifier: 'cust-abc' });
    expect(legacy).toBe('customer-identifier:cust-abc');
    expect(decodeCustomerRef(legacy)).toEqual({ kind: 'legacy', customerIdentifier: 'cust-abc' });
  });

  it('is null without either', () => {
    expect(awsEventPlanId(null)).toBeNull();
    expect(awsEventPlanId({})).toBeNull();
    expect(decodeCustomerRef(null)).toBeNull();
    expect(decodeCustomerRef('customer-identifier:')).toBeNull();
  });
});
