import type { ConfigData, IntegrationConfigBody, ValidationDetail } from '@hub/core';
import { conflict, HttpError, notFound, validationFailed } from '../http/errors.js';
import type { AdapterRegistry } from '../plugins/load-plugins.js';
import { findCredential } from '../repositories/credentials.repository.js';
import {
  deleteIntegration,
  findIntegrationForUpdate,
  insertIntegration,
  type StoredIntegration,
  updateIntegration,
} from '../repositories/integrations.repository.js';
import { countPendingUsage, detachPendingUsage } from '../repositories/pending-usage.repository.js';
import type { HubServices } from '../services.js';
import { reactivateIntegration } from '../worker/lifecycle.js';
import { unknownDestinationDetail } from './credentials.service.js';

/**
 * Destination rules over an integration body, beyond core's schema: the destination must be a
 * registered adapter, the adapter's `validateConfig` must pass, and `quantityDecimalPlaces` must
 * fit the adapter's limits. Paths are full (`configData.marketplaceBillDimension`).
 */
export function integrationBodyIssues(
  adapters: AdapterRegistry,
  destination: string,
  config: ConfigData,
): ValidationDetail[] {
  const adapter = adapters.get(destination);
  if (!adapter) return [unknownDestinationDetail(adapters)];
  const issues: ValidationDetail[] = (adapter.validateConfig?.(config) ?? []).map((issue) => ({
    path: ['configData', ...issue.path].map(String).join('.'),
    message: issue.message,
  }));
  const places = config.quantityDecimalPlaces;
  if (!adapter.limits.fractionalQuantities && places > 0) {
    issues.push({
      path: 'configData.quantityDecimalPlaces',
      message: `must be 0: ${adapter.displayName} takes whole quantities only`,
    });
  } else if (places > adapter.limits.maxQuantityDecimalPlaces) {
    issues.push({
      path: 'configData.quantityDecimalPlaces',
      message: `must be at most ${adapter.limits.maxQuantityDecimalPlaces} for ${adapter.displayName}`,
    });
  }
  return issues;
}

function assertValidBody(adapters: AdapterRegistry, body: IntegrationConfigBody): void {
  const issues = integrationBodyIssues(adapters, body.destination, body.configData);
  if (issues.length > 0) {
    throw validationFailed(
      `invalid integration: ${issues.map((d) => `${d.path}: ${d.message}`).join('; ')}`,
      issues,
    );
  }
}

export async function createIntegration(
  services: HubServices,
  orgId: string,
  body: IntegrationConfigBody,
): Promise<StoredIntegration> {
  assertValidBody(services.adapters, body);
  return insertIntegration(services.db, orgId, body);
}

/**
 * Locks the integration, applies `decide`'s change with the version it read, and commits. When
 * `activate()` says so and the integration ends up enabled and connected, parked work is picked up
 * again in the same transaction (`reactivateIntegration`): replayed runs and the submission job
 * exist exactly when the change committed.
 */
async function changeIntegration(
  services: HubServices,
  orgId: string,
  id: string,
  decide: (
    current: StoredIntegration,
    db: Parameters<typeof updateIntegration>[0],
  ) => Promise<Parameters<typeof updateIntegration>[4] | null>,
  activate: () => boolean = () => false,
): Promise<StoredIntegration> {
  let activated = false;
  const result = await services.db.transaction().execute(async (trx) => {
    const current = await findIntegrationForUpdate(trx, orgId, id);
    if (!current) throw notFound('integration', id);
    const change = await decide(current, trx);
    let final = current;
    if (change) {
      const updated = await updateIntegration(trx, orgId, id, current.version, change);
      // The row is locked, so the version cannot have moved; null means it vanished meanwhile.
      if (!updated) throw notFound('integration', id);
      final = updated;
    }
    if (activate() && final.enabled && final.credentialId) {
      await reactivateIntegration(trx, orgId, id);
      activated = true;
    }
    return final;
  });
  if (activated) services.notifyOutbox();
  return result;
}

const RESET_FAILURES = { disabledReason: null, consecutiveAuthFailures: 0, consecutiveErrors: 0 } as const;

/**
 * `PUT`: replaces the whole body when `version` is the stored one (else 409). An omitted `enabled`
 * keeps the current value (so an edit does not silently re-enable an auto-disabled integration);
 * turning it on clears the disabled reason and the failure counters, as `enable` does.
 */
export async function replaceIntegration(
  services: HubServices,
  orgId: string,
  id: string,
  body: Omit<IntegrationConfigBody, 'enabled'> & { enabled?: boolean | undefined; version: number },
): Promise<StoredIntegration> {
  let reactivated = false;
  const updated = await changeIntegration(
    services,
    orgId,
    id,
    async (current, trx) => {
      if (current.version !== body.version) {
        throw conflict(
          `integration ${id} was changed meanwhile: version ${body.version} is stale, the current version is ${current.version}`,
        );
      }
      const { version: _version, enabled: givenEnabled, ...rest } = body;
      const enabled = givenEnabled ?? current.enabled;
      const next: IntegrationConfigBody = { ...rest, enabled };
      assertValidBody(services.adapters, next);
      if (current.credentialId && next.destination !== current.destination) {
        const credential = await findCredential(trx, orgId, current.credentialId);
        if (credential && credential.destination !== next.destination) {
          throw validationFailed(
            `the connected credential ${credential.id} is for ${credential.destination}; disconnect it before changing the destination`,
            [{ path: 'destination', message: `the connected credential is for ${credential.destination}` }],
          );
        }
      }
      reactivated = enabled && !current.enabled;
      return reactivated ? { body: next, ...RESET_FAILURES } : { body: next };
    },
    () => reactivated,
  );
  return updated;
}

/**
 * Deletes the integration. Usage it still owes goes on being sent with its credential; with no
 * credential connected nothing could ever send it, so the delete is refused (409) until one is.
 */
export async function removeIntegration(services: HubServices, orgId: string, id: string): Promise<void> {
  await services.db.transaction().execute(async (trx) => {
    const current = await findIntegrationForUpdate(trx, orgId, id);
    if (!current) throw notFound('integration', id);
    if (!current.credentialId) {
      const pending = await countPendingUsage(trx, orgId, { integrationId: id });
      if (pending > 0) {
        throw conflict(
          `integration ${id} still owes ${pending} pending usage ${pending === 1 ? 'entry' : 'entries'} and has no credential to send ${pending === 1 ? 'it' : 'them'}; connect a credential first`,
        );
      }
    }
    if (!(await deleteIntegration(trx, orgId, id))) throw notFound('integration', id);
  });
}

/**
 * Connects (or changes) the integration's credential. The credential must be one of the org's
 * (404 otherwise, like any other org's id) and be for the integration's destination (400).
 */
export async function connectCredential(
  services: HubServices,
  orgId: string,
  id: string,
  credentialId: string,
): Promise<StoredIntegration> {
  let updated: StoredIntegration;
  try {
    updated = await changeIntegration(
      services,
      orgId,
      id,
      async (current, trx) => {
        const credential = await findCredential(trx, orgId, credentialId);
        if (!credential) throw credentialNotFound(credentialId);
        if (credential.destination !== current.destination) {
          throw validationFailed(
            `credential ${credentialId} is for ${credential.destination}, the integration sends to ${current.destination}`,
            [{ path: 'credentialId', message: `must be a ${current.destination} credential` }],
          );
        }
        return current.credentialId === credential.id ? null : { credentialId: credential.id };
      },
      always,
    );
  } catch (error) {
    // The credential was deleted between the lookup and the update (foreign key violation).
    if (typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23503') {
      throw credentialNotFound(credentialId);
    }
    throw error;
  }
  return updated;
}

/** Connect and enable are explicit operator actions: they retry parked work even when nothing changed. */
const always = () => true;

function credentialNotFound(credentialId: string): HttpError {
  return new HttpError('NOT_FOUND', `credential ${credentialId} not found`, [
    { path: 'credentialId', message: 'no such credential in this organization' },
  ]);
}

export async function disconnectCredential(
  services: HubServices,
  orgId: string,
  id: string,
): Promise<StoredIntegration> {
  return changeIntegration(services, orgId, id, async (current, trx) => {
    if (current.credentialId === null) return null;
    await detachPendingUsage(trx, orgId, id);
    return { credentialId: null };
  });
}

/** Enables the integration, clearing the disabled reason and the consecutive failure counters. */
export async function enableIntegration(
  services: HubServices,
  orgId: string,
  id: string,
): Promise<StoredIntegration> {
  const updated = await changeIntegration(
    services,
    orgId,
    id,
    async (current) => {
      const unchanged =
        current.enabled &&
        current.disabledReason === null &&
        current.consecutiveAuthFailures === 0 &&
        current.consecutiveErrors === 0;
      return unchanged ? null : { enabled: true, ...RESET_FAILURES };
    },
    always,
  );
  return updated;
}

/** Disables the integration; runs for it park as DISABLED until it is enabled again. */
export async function disableIntegration(
  services: HubServices,
  orgId: string,
  id: string,
  reason: string | null = null,
): Promise<StoredIntegration> {
  return changeIntegration(services, orgId, id, async (current) => {
    if (!current.enabled && (reason === null || reason === current.disabledReason)) return null;
    return { enabled: false, disabledReason: reason };
  });
}
