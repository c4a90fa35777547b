import type { UsageRecord } from '@aws-sdk/client-marketplace-metering';
import { HOUR_MS, type UsageEvent } from '@hub/core';
import { AWS_MAX_QUANTITY } from './constants.js';
import { type AwsCustomerRef, decodeCustomerRef } from './metadata.js';

/** One event turned into the `UsageRecord` AWS gets, with the request it belongs to. */
export interface PreparedRecord {
  /** Position of the event in the batch the host gave. */
  index: number;
  event: UsageEvent;
  record: UsageRecord;
  /** The request-level `ProductCode` (legacy records only; new-style records send none). */
  productCode: string | undefined;
  /** (customer, dimension, hour): at most one record per key in one call, so answers match back. */
  key: string;
}

/** An event that cannot become a record for a reason of configuration (not a programming error). */
export interface UnpreparedRecord {
  index: number;
  message: string;
}

/** Epoch seconds, the unit AWS's JSON protocol sends `Timestamp` in. */
export function epochSeconds(date: Date): number {
  return Math.round(date.getTime() / 1000);
}

/**
 * The slot start as a `Date`, which must be on the hour: the hub sends one record per (customer,
 * dimension, UTC hour) and AWS deduplicates identical records, so a second off would make a resend a
 * different record. A time that is not on the hour is a bug of the caller.
 */
export function hourTimestamp(effectiveStartTime: string): Date {
  const time = Date.parse(effectiveStartTime);
  if (!Number.isFinite(time))
    throw new TypeError(`effectiveStartTime ${JSON.stringify(effectiveStartTime)} is not a time`);
  if (time % HOUR_MS !== 0) {
    throw new TypeError(
      `effectiveStartTime ${effectiveStartTime} is not on the hour: AWS records are sent hour-aligned (HH:00:00Z)`,
    );
  }
  return new Date(time);
}

/** The event quantity as AWS's int32 `Quantity`; anything else is a bug of the caller. */
export function integerQuantity(quantity: string): number {
  if (!/^[0-9]+$/.test(quantity)) {
    throw new TypeError(
      `quantity ${JSON.stringify(quantity)} is not a whole number: AWS takes integers only`,
    );
  }
  const digits = quantity.replace(/^0+(?=[0-9])/, '');
  if (digits.length > 10 || Number(digits) > AWS_MAX_QUANTITY) {
    throw new RangeError(`quantity ${quantity} is above AWS's limit of ${AWS_MAX_QUANTITY} per record`);
  }
  return Number(digits);
}

/** The matching key of a record: customer (account id or identifier), dimension, epoch second. */
export function recordKey(
  record: Pick<UsageRecord, 'CustomerAWSAccountId' | 'CustomerIdentifier' | 'Dimension' | 'Timestamp'>,
): string {
  const time = record.Timestamp instanceof Date ? epochSeconds(record.Timestamp) : String(record.Timestamp);
  return [
    record.CustomerAWSAccountId || '',
    record.CustomerIdentifier || '',
    record.Dimension ?? '',
    time,
  ].join('\u0000');
}

function toRecord(event: UsageEvent, ref: AwsCustomerRef): UsageRecord {
  const base = {
    Timestamp: hourTimestamp(event.effectiveStartTime),
    Dimension: event.dimension,
    Quantity: integerQuantity(event.quantity),
  };
  return ref.kind === 'license'
    ? { ...base, CustomerAWSAccountId: event.resourceId, LicenseArn: ref.licenseArn }
    : { ...base, CustomerIdentifier: ref.customerIdentifier };
}

/**
 * The batch as records. Throws for a caller's bug (a time off the hour, a fractional or too large
 * quantity); an event the configuration leaves without a customer reference (no license ARN, a
 * legacy customer without the credential's product code) comes back unprepared, to be REJECTED.
 */
export function prepareRecords(
  events: readonly UsageEvent[],
  productCode: string | undefined,
): { prepared: PreparedRecord[]; unprepared: UnpreparedRecord[] } {
  const prepared: PreparedRecord[] = [];
  const unprepared: UnpreparedRecord[] = [];
  events.forEach((event, index) => {
    // Checked first for every event: a bug must throw even when the event would be refused anyway.
    hourTimestamp(event.effectiveStartTime);
    integerQuantity(event.quantity);
    const ref = decodeCustomerRef(event.planId);
    if (!ref) {
      unprepared.push({
        index,
        message: `the Account mapping of AWS account ${event.resourceId} has no metadata.licenseArn (or legacy customerIdentifier): AWS cannot tell which license the usage is for`,
      });
      return;
    }
    if (ref.kind === 'legacy' && !productCode) {
      unprepared.push({
        index,
        message:
          'a legacy customer (metadata.customerIdentifier) needs the credential productCode, and the credential has none',
      });
      return;
    }
    const record = toRecord(event, ref);
    prepared.push({
      index,
      event,
      record,
      productCode: ref.kind === 'legacy' ? productCode : undefined,
      key: recordKey(record),
    });
  });
  return { prepared, unprepared };
}

/**
 * The records split into calls: one request-level `ProductCode` per call (legacy records carry it,
 * new-style records must not), and never two records with one matching key in a call (AWS's answer
 * could not be told apart; the second goes in a later call). Keeps the batch order within a call.
 */
export function planCalls(records: readonly PreparedRecord[]): PreparedRecord[][] {
  const calls: { productCode: string | undefined; keys: Set<string>; records: PreparedRecord[] }[] = [];
  for (const record of records) {
    let call = calls.find(
      (candidate) => candidate.productCode === record.productCode && !candidate.keys.has(record.key),
    );
    if (!call) {
      call = { productCode: record.productCode, keys: new Set(), records: [] };
      calls.push(call);
    }
    call.keys.add(record.key);
    call.records.push(record);
  }
  return calls.map((call) => call.records);
}
