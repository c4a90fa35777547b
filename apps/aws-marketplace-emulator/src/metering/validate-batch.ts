/**
 * Shape rules of `BatchMeterUsageRequest` (the Smithy model's constraints), checked before anything
 * is looked up. A violation refuses the whole call:
 *  - wrong JSON types → `SerializationException`;
 *  - length/range/pattern violations → `ValidationException` (the AWS JSON wording);
 *  - allocations (count 1–2500, sum = Quantity) → `InvalidUsageAllocationsException`;
 *  - tags (1–5 per allocation, key/value length and pattern, unique keys) → `InvalidTagException`.
 */
import { MAX_BATCH_SIZE, MAX_QUANTITY, MAX_TAGS, MAX_USAGE_ALLOCATIONS } from '../constants.js';
import { AwsApiError, validationMessage } from '../http/aws-error.js';
import type { UsageAllocationRecord } from '../state/emulator-state.js';

export interface ParsedUsageRecord {
  /** The record exactly as sent (for the echo in `Results`/`UnprocessedRecords`). */
  readonly sent: Record<string, unknown>;
  readonly timestamp: Date;
  readonly customerIdentifier: string | undefined;
  readonly customerAwsAccountId: string | undefined;
  readonly licenseArn: string | undefined;
  readonly dimension: string;
  readonly quantity: number;
  readonly usageAllocations: UsageAllocationRecord[] | undefined;
}

export interface ParsedBatch {
  readonly productCode: string | undefined;
  readonly records: readonly ParsedUsageRecord[];
}

const PRODUCT_CODE = /^[-a-zA-Z0-9/=:_.@]*$/;
const ACCOUNT_ID = /^[0-9]+$/;
const LICENSE_ARN = /^arn:aws[a-zA-Z-]*:\S+$/;
/** `^[a-zA-Z0-9+ -=._:\/@]+$` from the model (note ` -=` is a range). */
const TAG_TEXT = /^[a-zA-Z0-9+ -=._:/@]+$/;

function serialization(message: string): AwsApiError {
  return new AwsApiError('SerializationException', 400, message);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalString(value: unknown, path: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw serialization(`Expected a string for ${path}`);
  return value;
}

function integerIn(value: unknown, path: string, problems: string[]): number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw serialization(`Expected a number for ${path}`);
  if (!Number.isInteger(value)) {
    problems.push(`Value '${value}' at '${path}' failed to satisfy constraint: Member must be an integer`);
  } else if (value < 0) {
    problems.push(
      `Value '${value}' at '${path}' failed to satisfy constraint: Member must have value greater than or equal to 0`,
    );
  } else if (value > MAX_QUANTITY) {
    problems.push(
      `Value '${value}' at '${path}' failed to satisfy constraint: Member must have value less than or equal to ${MAX_QUANTITY}`,
    );
  }
  return value;
}

function lengthProblem(value: string, path: string, min: number, max: number): string | undefined {
  if (value.length < min) {
    return `Value '${value}' at '${path}' failed to satisfy constraint: Member must have length greater than or equal to ${min}`;
  }
  if (value.length > max) {
    return `Value at '${path}' failed to satisfy constraint: Member must have length less than or equal to ${max}`;
  }
  return undefined;
}

function patternProblem(value: string, path: string, pattern: RegExp): string | undefined {
  return pattern.test(value)
    ? undefined
    : `Value '${value}' at '${path}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${pattern.source}`;
}

function parseAllocations(
  value: unknown,
  path: string,
  problems: string[],
): UsageAllocationRecord[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw serialization(`Expected a list for ${path}`);
  if (value.length < 1 || value.length > MAX_USAGE_ALLOCATIONS) {
    throw new AwsApiError(
      'InvalidUsageAllocationsException',
      400,
      `Usage allocations must contain between 1 and ${MAX_USAGE_ALLOCATIONS} entries (${path} has ${value.length}).`,
    );
  }
  return value.map((entry, index) => {
    const entryPath = `${path}.${index + 1}.member`;
    if (!isObject(entry)) throw serialization(`Expected a structure for ${entryPath}`);
    if (entry.AllocatedUsageQuantity === undefined || entry.AllocatedUsageQuantity === null) {
      problems.push(
        `Value null at '${entryPath}.allocatedUsageQuantity' failed to satisfy constraint: Member must not be null`,
      );
    }
    const quantity = integerIn(
      entry.AllocatedUsageQuantity ?? 0,
      `${entryPath}.allocatedUsageQuantity`,
      problems,
    );
    const allocation: UsageAllocationRecord = { AllocatedUsageQuantity: quantity };
    if (entry.Tags !== undefined && entry.Tags !== null) {
      if (!Array.isArray(entry.Tags)) throw serialization(`Expected a list for ${entryPath}.tags`);
      if (entry.Tags.length < 1 || entry.Tags.length > MAX_TAGS) {
        throw new AwsApiError(
          'InvalidTagException',
          400,
          `The number of tags must be between 1 and ${MAX_TAGS} (${entryPath}.tags has ${entry.Tags.length}).`,
        );
      }
      const keys = new Set<string>();
      allocation.Tags = entry.Tags.map((tag, tagIndex) => {
        const tagPath = `${entryPath}.tags.${tagIndex + 1}.member`;
        if (!isObject(tag)) throw serialization(`Expected a structure for ${tagPath}`);
        const key = optionalString(tag.Key, `${tagPath}.key`) ?? '';
        const tagValue = optionalString(tag.Value, `${tagPath}.value`) ?? '';
        const bad =
          key.length < 1 ||
          key.length > 100 ||
          tagValue.length < 1 ||
          tagValue.length > 256 ||
          !TAG_TEXT.test(key) ||
          !TAG_TEXT.test(tagValue);
        if (bad) throw new AwsApiError('InvalidTagException', 400, `The tag at ${tagPath} is invalid.`);
        if (keys.has(key)) {
          throw new AwsApiError('InvalidTagException', 400, `Duplicate tag key '${key}' at ${tagPath}.`);
        }
        keys.add(key);
        return { Key: key, Value: tagValue };
      });
    }
    return allocation;
  });
}

function parseRecord(value: unknown, index: number, problems: string[]): ParsedUsageRecord {
  const path = `usageRecords.${index + 1}.member`;
  if (!isObject(value)) throw serialization(`Expected a structure for ${path}`);
  let timestamp = new Date(Number.NaN);
  if (value.Timestamp === undefined || value.Timestamp === null) {
    problems.push(`Value null at '${path}.timestamp' failed to satisfy constraint: Member must not be null`);
  } else if (typeof value.Timestamp !== 'number' || !Number.isFinite(value.Timestamp)) {
    throw serialization(`Expected epoch seconds (a number) for ${path}.timestamp`);
  } else {
    timestamp = new Date(value.Timestamp * 1000);
  }
  const customerIdentifier = optionalString(value.CustomerIdentifier, `${path}.customerIdentifier`);
  const customerAwsAccountId = optionalString(value.CustomerAWSAccountId, `${path}.customerAWSAccountId`);
  const licenseArn = optionalString(value.LicenseArn, `${path}.licenseArn`);
  const dimension = optionalString(value.Dimension, `${path}.dimension`);
  if (dimension === undefined) {
    problems.push(`Value null at '${path}.dimension' failed to satisfy constraint: Member must not be null`);
  } else {
    const problem = lengthProblem(dimension, `${path}.dimension`, 1, 255);
    if (problem) problems.push(problem);
  }
  if (customerIdentifier !== undefined) {
    const problem = lengthProblem(customerIdentifier, `${path}.customerIdentifier`, 0, 255);
    if (problem) problems.push(problem);
  }
  if (customerAwsAccountId !== undefined) {
    const problem =
      lengthProblem(customerAwsAccountId, `${path}.customerAWSAccountId`, 1, 255) ??
      patternProblem(customerAwsAccountId, `${path}.customerAWSAccountId`, ACCOUNT_ID);
    if (problem) problems.push(problem);
  }
  if (licenseArn !== undefined) {
    const problem =
      lengthProblem(licenseArn, `${path}.licenseArn`, 1, 2048) ??
      patternProblem(licenseArn, `${path}.licenseArn`, LICENSE_ARN);
    if (problem) problems.push(problem);
  }
  const quantity = integerIn(value.Quantity ?? 0, `${path}.quantity`, problems);
  // (chosen) The CLI reference calls the two customer fields mutually exclusive.
  const hasIdentifier = customerIdentifier !== undefined && customerIdentifier !== '';
  if (hasIdentifier && customerAwsAccountId !== undefined) {
    problems.push(`${path}: CustomerIdentifier and CustomerAWSAccountId are mutually exclusive`);
  }
  if (!hasIdentifier && customerAwsAccountId === undefined && licenseArn === undefined) {
    problems.push(`${path}: one of CustomerIdentifier, CustomerAWSAccountId or LicenseArn is required`);
  }
  const usageAllocations = parseAllocations(value.UsageAllocations, `${path}.usageAllocations`, problems);
  if (usageAllocations && problems.length === 0) {
    const sum = usageAllocations.reduce((total, allocation) => total + allocation.AllocatedUsageQuantity, 0);
    if (sum !== quantity) {
      throw new AwsApiError(
        'InvalidUsageAllocationsException',
        400,
        `Sum of allocated usage quantities is not equal to the usage quantity (${path}: ${sum} ≠ ${quantity}).`,
      );
    }
  }
  return {
    sent: value,
    timestamp,
    customerIdentifier: hasIdentifier ? customerIdentifier : undefined,
    customerAwsAccountId,
    licenseArn,
    dimension: dimension ?? '',
    quantity,
    usageAllocations,
  };
}

/** The parsed JSON body → a checked batch, or throws the error AWS would answer. */
export function validateBatch(body: unknown): ParsedBatch {
  if (!isObject(body)) throw serialization('Expected a JSON object as the request body');
  const problems: string[] = [];
  const productCode = optionalString(body.ProductCode, 'productCode');
  if (productCode !== undefined) {
    const problem =
      lengthProblem(productCode, 'productCode', 0, 255) ??
      patternProblem(productCode, 'productCode', PRODUCT_CODE);
    if (problem) problems.push(problem);
  }
  const list = body.UsageRecords;
  if (list === undefined || list === null) {
    problems.push(`Value null at 'usageRecords' failed to satisfy constraint: Member must not be null`);
    throw new AwsApiError('ValidationException', 400, validationMessage(problems));
  }
  if (!Array.isArray(list)) throw serialization('Expected a list for usageRecords');
  if (list.length < 1) {
    // (chosen) The model allows 0; the brief and the hub treat an empty batch as invalid.
    problems.push(
      `Value '[]' at 'usageRecords' failed to satisfy constraint: Member must have length greater than or equal to 1`,
    );
  } else if (list.length > MAX_BATCH_SIZE) {
    problems.push(
      `Value at 'usageRecords' failed to satisfy constraint: Member must have length less than or equal to ${MAX_BATCH_SIZE}`,
    );
  }
  if (problems.length > 0) throw new AwsApiError('ValidationException', 400, validationMessage(problems));
  const records = list.map((record, index) => parseRecord(record, index, problems));
  if (problems.length > 0) throw new AwsApiError('ValidationException', 400, validationMessage(problems));
  return { productCode: productCode === '' ? undefined : productCode, records };
}
