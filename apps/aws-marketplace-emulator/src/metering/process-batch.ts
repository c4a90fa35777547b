/**
 * BatchMeterUsage once the caller is known and the shape is valid. First every call-level rule is
 * checked for every record (any failure refuses the whole call, nothing recorded), in this order:
 * product code / license (`InvalidProductCodeException`, `InvalidLicenseException`), legacy customer
 * identifier (`InvalidCustomerIdentifierException`), dimension (`InvalidUsageDimensionException`),
 * timestamp window (`TimestampOutOfBoundsException`). Then each record gets its status:
 * unprocessed (injected), `CustomerNotSubscribed`, `Success` (new or identical replay) or
 * `DuplicateRecord` (first quantity wins per customer, dimension and UTC hour). An identical replay
 * of an honoured record is checked first, so it keeps its answer even after the customer left.
 */
import { randomUUID } from 'node:crypto';
import { UNSUBSCRIBE_PENDING_GRACE_MS } from '../constants.js';
import { AwsApiError } from '../http/aws-error.js';
import {
  type AwsEmulatorState,
  countStat,
  customerKey,
  type RecordedMeteringRecord,
  type SeededCustomer,
  type SeededProduct,
  type UsageRecordStatus,
} from '../state/emulator-state.js';
import { floorToUtcHour, timestampProblem } from './time-window.js';
import type { ParsedBatch, ParsedUsageRecord } from './validate-batch.js';

export interface BatchCaller {
  readonly accountId: string;
  readonly region: string;
}

export interface UsageRecordResult {
  UsageRecord: Record<string, unknown>;
  MeteringRecordId?: string;
  Status: UsageRecordStatus;
}

export interface BatchMeterUsageResult {
  Results: UsageRecordResult[];
  UnprocessedRecords: Record<string, unknown>[];
}

interface ResolvedRecord {
  readonly record: ParsedUsageRecord;
  readonly product: SeededProduct;
  /** undefined: the account is not a customer of the product (→ CustomerNotSubscribed). */
  readonly customer: SeededCustomer | undefined;
}

const INVALID_PRODUCT =
  'The product code passed does not match the product code used for publishing the product.';

function productOfCaller(state: AwsEmulatorState, productCode: string, caller: BatchCaller): SeededProduct {
  const product = state.products.get(productCode);
  if (!product || product.sellerAccountId !== caller.accountId) {
    throw new AwsApiError('InvalidProductCodeException', 400, INVALID_PRODUCT);
  }
  return product;
}

function resolveRecord(
  state: AwsEmulatorState,
  batch: ParsedBatch,
  record: ParsedUsageRecord,
  caller: BatchCaller,
): ResolvedRecord {
  const requestProduct =
    batch.productCode === undefined ? undefined : productOfCaller(state, batch.productCode, caller);
  let product: SeededProduct;
  let customer: SeededCustomer | undefined;
  if (record.licenseArn !== undefined) {
    const owner = [...state.customers.values()].find((c) => c.licenseArn === record.licenseArn);
    const ownerProduct = owner ? state.products.get(owner.productCode) : undefined;
    const matches =
      owner !== undefined &&
      ownerProduct !== undefined &&
      ownerProduct.sellerAccountId === caller.accountId &&
      (requestProduct === undefined || requestProduct.productCode === ownerProduct.productCode) &&
      (record.customerAwsAccountId === undefined ||
        record.customerAwsAccountId === owner.customerAwsAccountId);
    if (!matches || !owner || !ownerProduct) {
      throw new AwsApiError(
        'InvalidLicenseException',
        400,
        `The LicenseArn ${record.licenseArn} is not valid. Ensure the LicenseArn is valid, matches the customer, and usage is within the license activation period.`,
      );
    }
    product = ownerProduct;
    customer = owner;
  } else {
    if (requestProduct === undefined) {
      // (chosen) Without a LicenseArn the record's product can only come from ProductCode.
      throw new AwsApiError('InvalidProductCodeException', 400, INVALID_PRODUCT);
    }
    product = requestProduct;
    if (record.customerIdentifier !== undefined) {
      customer = [...state.customers.values()].find(
        (c) => c.productCode === product.productCode && c.customerIdentifier === record.customerIdentifier,
      );
      if (!customer) {
        throw new AwsApiError(
          'InvalidCustomerIdentifierException',
          400,
          `Invalid CustomerIdentifier: ${record.customerIdentifier}`,
        );
      }
    } else {
      customer = state.customers.get(customerKey(product.productCode, record.customerAwsAccountId ?? ''));
    }
  }
  if (!product.dimensions.includes(record.dimension)) {
    throw new AwsApiError(
      'InvalidUsageDimensionException',
      400,
      `The usage dimension does not match one of the UsageDimensions associated with products: ${record.dimension}`,
    );
  }
  return { record, product, customer };
}

/** SUBSCRIBED, or UNSUBSCRIBE_PENDING within an hour of the change of status. */
export function canBeMetered(customer: SeededCustomer | undefined, now: Date): boolean {
  if (!customer) return false;
  if (customer.status === 'SUBSCRIBED') return true;
  if (customer.status === 'UNSUBSCRIBE_PENDING') {
    return now.getTime() < Date.parse(customer.statusChangedAt) + UNSUBSCRIBE_PENDING_GRACE_MS;
  }
  return false;
}

function allocationsKey(record: ParsedUsageRecord): string {
  return JSON.stringify(record.usageAllocations ?? null);
}

export function processBatch(input: {
  state: AwsEmulatorState;
  batch: ParsedBatch;
  caller: BatchCaller;
  now: Date;
  /** Per record: true = leave it unprocessed (fault injection). */
  unprocessed: () => boolean;
  newRecordId?: () => string;
}): BatchMeterUsageResult {
  const { state, batch, caller, now } = input;
  const resolved = batch.records.map((record) => resolveRecord(state, batch, record, caller));
  resolved.forEach(({ record }, index) => {
    const problem = timestampProblem(record.timestamp, now, state.windowHours);
    if (problem) {
      throw new AwsApiError(
        'TimestampOutOfBoundsException',
        400,
        `The timestamp value passed in the UsageRecord is out of allowed range (record ${index + 1}: ${record.timestamp.toISOString()}, ${problem}).`,
      );
    }
  });

  const newRecordId = input.newRecordId ?? randomUUID;
  const result: BatchMeterUsageResult = { Results: [], UnprocessedRecords: [] };
  for (const { record, product, customer } of resolved) {
    if (input.unprocessed()) {
      result.UnprocessedRecords.push(record.sent);
      countStat(state.stats.results, 'Unprocessed');
      continue;
    }
    const slotKey = customer
      ? [
          product.productCode,
          customer.customerAwsAccountId,
          record.dimension,
          floorToUtcHour(record.timestamp),
        ].join('\u0000')
      : undefined;
    const existing = slotKey === undefined ? undefined : state.slots.get(slotKey);
    // An identical record is answered like the first time, even if the customer has since left.
    if (
      existing &&
      existing.record.quantity === record.quantity &&
      existing.allocationsKey === allocationsKey(record)
    ) {
      state.stats.duplicatesAnswered++;
      countStat(state.stats.results, 'Success');
      result.Results.push({
        UsageRecord: record.sent,
        MeteringRecordId: existing.record.meteringRecordId,
        Status: 'Success',
      });
      continue;
    }
    if (!customer || slotKey === undefined || !canBeMetered(customer, now)) {
      result.Results.push({ UsageRecord: record.sent, Status: 'CustomerNotSubscribed' });
      countStat(state.stats.results, 'CustomerNotSubscribed');
      continue;
    }
    if (existing) {
      countStat(state.stats.results, 'DuplicateRecord');
      result.Results.push({ UsageRecord: record.sent, Status: 'DuplicateRecord' });
      continue;
    }
    const recorded: RecordedMeteringRecord = {
      meteringRecordId: newRecordId(),
      productCode: product.productCode,
      customerAwsAccountId: record.customerAwsAccountId ?? null,
      customerIdentifier: record.customerIdentifier ?? null,
      licenseArn: record.licenseArn ?? null,
      dimension: record.dimension,
      timestamp: record.timestamp.toISOString(),
      quantity: record.quantity,
      ...(record.usageAllocations ? { usageAllocations: record.usageAllocations } : {}),
      recordedAt: now.toISOString(),
      callerAccountId: caller.accountId,
      region: caller.region,
    };
    state.records.push(recorded);
    state.slots.set(slotKey, { record: recorded, allocationsKey: allocationsKey(record) });
    countStat(state.stats.results, 'Success');
    result.Results.push({
      UsageRecord: record.sent,
      MeteringRecordId: recorded.meteringRecordId,
      Status: 'Success',
    });
  }
  return result;
}
