/**
 * Seeding and changing organizations, service users, accounts and external mappings. Inputs are
 * checked with zod; a bad input is an `EmulatorInputError` (400, or 404 for an unknown entity).
 */
import type { z } from 'zod';
import type { EventEmitter } from '../events/event-log.js';
import { accountBody } from '../m3ter/entity-responses.js';
import { newId } from '../random/ids.js';
import {
  type Account,
  type EmulatorState,
  type ExternalMapping,
  entityKey,
  nextSequence,
  type ServiceUser,
} from './emulator-state.js';
import {
  type AccountInput,
  type AccountPatch,
  accountInputSchema,
  accountPatchSchema,
  type ExternalMappingInput,
  externalMappingInputSchema,
  type OrganizationInput,
  organizationInputSchema,
  type ServiceUserInput,
  serviceUserInputSchema,
} from './seed-schemas.js';

/** The id m3ter puts in `createdBy`/`lastModifiedBy` for changes made through the emulator. **(chosen)** */
export const EMULATOR_USER_ID = 'USER_m3ter-emulator';

export class EmulatorInputError extends Error {
  constructor(
    message: string,
    readonly statusCode: 400 | 404 | 409 = 400,
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

export function seedOrganization(state: EmulatorState, input: OrganizationInput): void {
  const { orgId } = parseInput(organizationInputSchema, input, 'organization');
  if (!state.organizations.has(orgId)) state.organizations.set(orgId, { orgId });
}

/** Seeds a service user (and its organization when new); a second call with the same key replaces it. */
export function seedServiceUser(state: EmulatorState, input: ServiceUserInput): ServiceUser {
  const user = parseInput(serviceUserInputSchema, input, 'service user');
  seedOrganization(state, { orgId: user.orgId });
  state.serviceUsers.set(user.accessKeyId, { ...user });
  return { ...user };
}

/** Seeding anything into an organization seeds the organization too. */
export function ensureOrganization(state: EmulatorState, orgId: string): void {
  if (!state.organizations.has(orgId)) state.organizations.set(orgId, { orgId });
}

export function findAccount(state: EmulatorState, orgId: string, id: string): Account {
  const account = state.accounts.get(entityKey(orgId, id));
  if (!account) throw new EmulatorInputError(`account ${id} not found in organization ${orgId}`, 404);
  return account;
}

export function createAccount(
  state: EmulatorState,
  input: AccountInput,
  now: Date,
  emit: EventEmitter,
): Account {
  const data = parseInput(accountInputSchema, input, 'account');
  ensureOrganization(state, data.orgId);
  const id = data.id ?? newId();
  if (state.accounts.has(entityKey(data.orgId, id))) {
    throw new EmulatorInputError(`account ${id} already exists`, 409);
  }
  for (const other of state.accounts.values()) {
    if (other.orgId === data.orgId && other.code === data.code) {
      throw new EmulatorInputError(`an account with code ${data.code} already exists`, 409);
    }
  }
  const stamp = now.toISOString();
  const account: Account = {
    ...data,
    id,
    version: 1,
    customFields: { ...(data.customFields ?? {}) },
    dtCreated: stamp,
    dtLastModified: stamp,
    createdBy: EMULATOR_USER_ID,
    lastModifiedBy: EMULATOR_USER_ID,
    sequence: nextSequence(state),
  };
  state.accounts.set(entityKey(data.orgId, id), account);
  emit(data.orgId, 'configuration.account.created', { newDto: accountBody(account) });
  return structuredClone(account);
}

/** Applies a patch (customFields and address are replaced as a whole), version + 1. */
export function updateAccount(
  state: EmulatorState,
  orgId: string,
  id: string,
  patch: AccountPatch,
  now: Date,
  emit: EventEmitter,
): Account {
  const data = parseInput(accountPatchSchema, patch, 'account patch');
  const account = findAccount(state, orgId, id);
  const before = accountBody(account);
  Object.assign(account, data, {
    version: account.version + 1,
    dtLastModified: now.toISOString(),
    lastModifiedBy: EMULATOR_USER_ID,
  });
  emit(orgId, 'configuration.account.updated', { newDto: accountBody(account), oldDto: before });
  return structuredClone(account);
}

export function createExternalMapping(
  state: EmulatorState,
  input: ExternalMappingInput,
  now: Date,
): ExternalMapping {
  const data = parseInput(externalMappingInputSchema, input, 'external mapping');
  ensureOrganization(state, data.orgId);
  const id = data.id ?? newId();
  if (state.externalMappings.has(entityKey(data.orgId, id))) {
    throw new EmulatorInputError(`external mapping ${id} already exists`, 409);
  }
  const stamp = now.toISOString();
  const mapping: ExternalMapping = {
    ...data,
    id,
    version: 1,
    dtCreated: stamp,
    dtLastModified: stamp,
    createdBy: EMULATOR_USER_ID,
    lastModifiedBy: EMULATOR_USER_ID,
    sequence: nextSequence(state),
  };
  state.externalMappings.set(entityKey(data.orgId, id), mapping);
  return { ...mapping };
}
