/**
 * Seeding and mutation of the store, shared by the admin routes and the library object. Inputs are
 * validated with the zod schemas; failures throw `EmulatorInputError` (admin API → 400/404).
 */
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import {
  type AwsEmulatorState,
  customerKey,
  type SeededAccessKey,
  type SeededCustomer,
  type SeededProduct,
  type SeededRole,
} from './emulator-state.js';
import {
  accessKeyInputSchema,
  customerInputSchema,
  customerPatchSchema,
  productInputSchema,
  ROLE_ARN_PATTERN,
  roleInputSchema,
} from './seed-schemas.js';

export class EmulatorInputError extends Error {
  constructor(
    message: string,
    readonly statusCode: 400 | 404 = 400,
  ) {
    super(message);
    this.name = 'EmulatorInputError';
  }
}

export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`,
    );
    throw new EmulatorInputError(`invalid ${what}: ${issues.join('; ')}`);
  }
  return parsed.data;
}

/** A stable IAM-style unique id (`AIDA…`, `AROA…`): prefix + 17 characters derived from `seed`. */
export function stableIamId(prefix: string, seed: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const digest = createHash('sha256').update(seed).digest();
  let id = prefix;
  for (let i = 0; i < 17; i++) id += alphabet[(digest[i] ?? 0) % alphabet.length];
  return id;
}

/** Adds or replaces an IAM user's access key (replacing = rotating the secret). */
export function seedAccessKey(state: AwsEmulatorState, input: unknown): SeededAccessKey {
  const parsed = parseInput(accessKeyInputSchema, input, 'access key');
  const key: SeededAccessKey = {
    ...parsed,
    userId: stableIamId('AIDA', `${parsed.accountId}/${parsed.userName}`),
  };
  state.accessKeys.set(key.accessKeyId, key);
  return key;
}

export function seedRole(state: AwsEmulatorState, input: unknown): SeededRole {
  const parsed = parseInput(roleInputSchema, input, 'role');
  const match = ROLE_ARN_PATTERN.exec(parsed.roleArn);
  const role: SeededRole = {
    roleArn: parsed.roleArn,
    accountId: match?.[1] ?? '',
    roleName: match?.[2] ?? '',
    roleId: stableIamId('AROA', parsed.roleArn),
    externalId: parsed.externalId,
    trustedAccountIds: parsed.trustedAccountIds,
    maxSessionDurationSeconds: parsed.maxSessionDurationSeconds,
  };
  state.roles.set(role.roleArn, role);
  return role;
}

/** Adds or replaces a product listing; `dimensions` are its dimension keys. */
export function seedProduct(state: AwsEmulatorState, input: unknown): SeededProduct {
  const parsed = parseInput(productInputSchema, input, 'product');
  const product: SeededProduct = { ...parsed, dimensions: [...new Set(parsed.dimensions)] };
  state.products.set(product.productCode, product);
  return product;
}

function assertUniqueIdentity(
  state: AwsEmulatorState,
  customer: SeededCustomer,
  field: 'licenseArn' | 'customerIdentifier',
): void {
  const value = customer[field];
  if (value === undefined) return;
  for (const other of state.customers.values()) {
    if (other === customer) continue;
    const sameKey =
      other.productCode === customer.productCode &&
      other.customerAwsAccountId === customer.customerAwsAccountId;
    if (!sameKey && other[field] === value) {
      throw new EmulatorInputError(`${field} ${value} already belongs to another customer`);
    }
  }
}

/** Adds or replaces the customer (buyer account) of a product; the product must be seeded first. */
export function seedCustomer(state: AwsEmulatorState, input: unknown, now: Date): SeededCustomer {
  const parsed = parseInput(customerInputSchema, input, 'customer');
  if (!state.products.has(parsed.productCode)) {
    throw new EmulatorInputError(`unknown product ${parsed.productCode}: seed the product first`);
  }
  const customer: SeededCustomer = {
    customerAwsAccountId: parsed.customerAwsAccountId,
    productCode: parsed.productCode,
    licenseArn: parsed.licenseArn,
    customerIdentifier: parsed.customerIdentifier,
    status: parsed.status,
    statusChangedAt: now.toISOString(),
  };
  assertUniqueIdentity(state, customer, 'licenseArn');
  assertUniqueIdentity(state, customer, 'customerIdentifier');
  state.customers.set(customerKey(customer.productCode, customer.customerAwsAccountId), customer);
  return { ...customer };
}

/** Changes status and/or license; a status change restarts the UNSUBSCRIBE_PENDING hour. */
export function updateCustomer(
  state: AwsEmulatorState,
  key: { customerAwsAccountId: string; productCode: string },
  patch: unknown,
  now: Date,
): SeededCustomer {
  const parsed = parseInput(customerPatchSchema, patch, 'customer patch');
  const customer = state.customers.get(customerKey(key.productCode, key.customerAwsAccountId));
  if (!customer) {
    throw new EmulatorInputError(
      `no customer ${key.customerAwsAccountId} for product ${key.productCode}`,
      404,
    );
  }
  if (parsed.licenseArn !== undefined && parsed.licenseArn !== customer.licenseArn) {
    const previous = customer.licenseArn;
    customer.licenseArn = parsed.licenseArn;
    try {
      assertUniqueIdentity(state, customer, 'licenseArn');
    } catch (error) {
      customer.licenseArn = previous;
      throw error;
    }
  }
  if (parsed.status !== undefined && parsed.status !== customer.status) {
    customer.status = parsed.status;
    customer.statusChangedAt = now.toISOString();
  }
  return { ...customer };
}
