import { describe, expect, it } from 'vitest';
import {
  CredentialSourceError,
  classifyCallError,
  classifyResults,
  prepareRecords,
} from '../../src/index.js';

const LICENSE = 'arn:aws:license-manager::123456789012:license:l-1';
const events = ['111122223333', '444455556666', '777788889999'].map((resourceId, index) => ({
  id: `e${index}`,
  resourceId,
  dimension: 'api_calls',
  quantity: String(10 + index),
  effectiveStartTime: '2026-03-10T09:00:00.000Z',
  planId: LICENSE,
}));
const { prepared } = prepareRecords(events, undefined);
const echo = (index: number, extra = {}) => ({ ...prepared[index]!.record, ...extra });

function awsError(name: string, message: string, status: number) {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status }, $fault: 'client' });
}

describe('classifyResults', () => {
  it('matches answers to records by customer, license, dimension and hour, not by position', () => {
    const outcomes = classifyResults(prepared, {
      Results: [
        { UsageRecord: echo(2), Status: 'CustomerNotSubscribed' },
        { UsageRecord: echo(0), Status: 'Success', MeteringRecordId: 'mr-0' },
      ],
      UnprocessedRecords: [echo(1)],
    });
    expect(outcomes.map((outcome) => outcome.code)).toEqual(['ACCEPTED', 'RETRYABLE', 'REJECTED']);
    expect(outcomes[0]).toMatchObject({ receiptId: 'mr-0', destinationStatus: 'Success' });
    expect(outcomes[1]).toMatchObject({ destinationStatus: 'UnprocessedRecords', retryAfterMs: null });
    expect(outcomes[2]?.message).toContain('CustomerNotSubscribed');
  });

  it('maps DuplicateRecord to DUPLICATE_FOREIGN', () => {
    const outcomes = classifyResults(prepared.slice(0, 1), {
      Results: [{ UsageRecord: echo(0), Status: 'DuplicateRecord', MeteringRecordId: 'mr-x' }],
    });
    expect(outcomes[0]).toMatchObject({ code: 'DUPLICATE_FOREIGN', destinationStatus: 'DuplicateRecord' });
  });

  it('does not take an answer for another license or hour; a record not mentioned is RETRYABLE', () => {
    const outcomes = classifyResults(prepared.slice(0, 2), {
      Results: [
        { UsageRecord: echo(0, { LicenseArn: `${LICENSE}0` }), Status: 'Success', MeteringRecordId: 'mr' },
        { UsageRecord: echo(1, { Timestamp: new Date('2026-03-10T10:00:00.000Z') }), Status: 'Success' },
      ],
    });
    expect(outcomes.map((outcome) => [outcome.code, outcome.destinationStatus])).toEqual([
      ['RETRYABLE', 'NotInAnswer'],
      ['RETRYABLE', 'NotInAnswer'],
    ]);
  });

  it('matches an echo that leaves the license out', () => {
    const outcomes = classifyResults(prepared.slice(0, 1), {
      Results: [
        { UsageRecord: echo(0, { LicenseArn: undefined }), Status: 'Success', MeteringRecordId: 'mr' },
      ],
    });
    expect(outcomes[0]?.code).toBe('ACCEPTED');
  });

  it('answers an unknown status RETRYABLE', () => {
    const outcomes = classifyResults(prepared.slice(0, 1), {
      Results: [{ UsageRecord: echo(0), Status: 'Pending' as never }],
    });
    expect(outcomes[0]?.code).toBe('RETRYABLE');
  });
});

describe('classifyCallError', () => {
  it.each([
    ['ThrottlingException', 400],
    ['InternalServiceErrorException', 500],
  ])('%s is RETRYABLE for the whole call, without Retry-After', (name, status) => {
    expect(classifyCallError(awsError(name, 'slow down', status))).toEqual({
      kind: 'whole',
      outcome: {
        code: 'RETRYABLE',
        destinationStatus: name,
        message: `${name}: slow down`,
        retryAfterMs: null,
      },
    });
  });

  it.each([
    'UnrecognizedClientException',
    'InvalidSignatureException',
    'AccessDeniedException',
    'ExpiredTokenException',
  ])('%s is AUTH_FAILED', (name) => {
    const answer = classifyCallError(awsError(name, 'no', 400));
    expect(answer).toMatchObject({
      kind: 'whole',
      outcome: { code: 'AUTH_FAILED', destinationStatus: name },
    });
  });

  it('an STS refusal while getting credentials is AUTH_FAILED; STS unreachable is RETRYABLE', () => {
    expect(classifyCallError(new CredentialSourceError('AccessDenied', 'not authorized', 403))).toMatchObject(
      {
        kind: 'whole',
        outcome: { code: 'AUTH_FAILED', message: expect.stringContaining('AccessDenied') },
      },
    );
    expect(classifyCallError(new CredentialSourceError('ECONNREFUSED', 'refused', null, true))).toMatchObject(
      {
        kind: 'whole',
        outcome: { code: 'RETRYABLE' },
      },
    );
  });

  it('TimestampOutOfBoundsException asks for a split by time', () => {
    expect(classifyCallError(awsError('TimestampOutOfBoundsException', 'too old', 400))).toMatchObject({
      kind: 'out-of-bounds',
    });
  });

  it.each([
    'InvalidCustomerIdentifierException',
    'InvalidLicenseException',
    'InvalidUsageDimensionException',
    'InvalidProductCodeException',
    'InvalidTagException',
    'InvalidUsageAllocationsException',
    'DisabledApiException',
    'ValidationException',
  ])('%s asks for a split to find the bad records', (name) => {
    expect(classifyCallError(awsError(name, 'bad', 400))).toEqual({
      kind: 'invalid',
      code: name,
      message: `${name}: bad`,
    });
  });

  it('5xx, unknown errors and network failures are RETRYABLE', () => {
    expect(classifyCallError(awsError('ServiceUnavailableException', 'x', 503))).toMatchObject({
      outcome: { code: 'RETRYABLE' },
    });
    expect(classifyCallError(awsError('SomethingNew', 'x', 400))).toMatchObject({
      outcome: { code: 'RETRYABLE' },
    });
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    expect(classifyCallError(reset)).toMatchObject({
      outcome: { code: 'RETRYABLE', destinationStatus: 'ECONNRESET' },
    });
    const timeout = Object.assign(new Error('timed out'), { name: 'TimeoutError' });
    expect(classifyCallError(timeout)).toMatchObject({
      outcome: { code: 'RETRYABLE', destinationStatus: 'TimeoutError' },
    });
  });

  it('an unknown 401/403 is AUTH_FAILED', () => {
    expect(classifyCallError(awsError('Forbidden', 'x', 403))).toMatchObject({
      outcome: { code: 'AUTH_FAILED' },
    });
  });
});
