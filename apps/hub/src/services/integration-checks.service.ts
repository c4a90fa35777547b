import {
  type CheckResult,
  fail,
  type MarketplaceClient,
  type PrerequisiteInput,
  skip,
  standardPrerequisites,
} from '@hub/core';
import { destinationEndpoints } from '../destinations/destination-endpoints.js';
import { conflict, notFound } from '../http/errors.js';
import { loadCredentialWithSecrets } from '../repositories/credentials.repository.js';
import { findIntegration, type StoredIntegration } from '../repositories/integrations.repository.js';
import type { HubServices } from '../services.js';
import { CheckCache } from './check-cache.js';
import {
  accountFilterCheck,
  accountMappingsCheck,
  allowedAccountsCheck,
  type CheckContext,
  credentialConnectedCheck,
  credentialDetails,
  dimensionMappingsCheck,
  loadCheckContext,
  offlineChecks,
} from './offline-checks.js';

/**
 * `POST /v1/integrations/{id}/check`: read-only prerequisite checks of one integration against its
 * destination, and the cheap (no network) subset that integration saves answer as `warnings`.
 *
 * The host runs what needs no destination (a credential is connected, mappings, account lists, the
 * filter); the destination's part is the adapter's `prerequisites` capability (or core's
 * `standardPrerequisites`: the credential is accepted, every mapped resource accepts usage).
 * Report order: credential, accountMappings, dimensionMappings, the destination's checks, then
 * allowedAccounts and accountFilter.
 *
 * What the destination says is cached in memory for a short while (30 s), per credential and
 * resource, so repeated checks do not hammer the destination; the database is read afresh every
 * time (a mapping just added counts at once). Nothing is ever written: no run, no exchange, no event.
 */

export const CHECK_TTL_MS = 30_000;
/** Most distinct resources looked up in one check. */
export const MAX_RESOURCES_CHECKED = 200;
const CONCURRENCY = 8;

export interface CheckReport {
  ok: boolean;
  integrationId: string;
  version: number;
  destination: string;
  checkedAt: string;
  checks: CheckResult[];
}

export interface SaveWarning {
  name: string;
  message: string;
}

/**
 * The cheap checks (no network) as `warnings` for a create or update answer. Never throws: the
 * save has committed, so a failure to check is itself reported as a warning.
 */
export async function integrationWarnings(
  services: HubServices,
  orgId: string,
  integration: StoredIntegration,
): Promise<SaveWarning[]> {
  const adapter = services.adapters.get(integration.destination);
  if (!adapter) return [];
  try {
    const ctx = await loadCheckContext(services, orgId, integration, adapter);
    return offlineChecks(ctx)
      .filter((check) => !check.ok)
      .map(({ name, message }) => ({ name, message }));
  } catch {
    return [
      {
        name: 'checks',
        message: `the prerequisite checks could not run; try POST /v1/integrations/${integration.id}/check`,
      },
    ];
  }
}

/**
 * One check's access to the destination: the credential's secrets are opened and the client built
 * only when an answer is not cached, and the client is closed when the check ends.
 */
class DestinationSession {
  #client: Promise<{ client: MarketplaceClient; secrets: string[] }> | null = null;

  constructor(
    private readonly services: HubServices,
    private readonly ctx: CheckContext,
  ) {}

  client(): Promise<{ client: MarketplaceClient; secrets: string[] }> {
    this.#client ??= this.#open();
    return this.#client;
  }

  async #open(): Promise<{ client: MarketplaceClient; secrets: string[] }> {
    const { services, ctx } = this;
    const loaded = await loadCredentialWithSecrets(
      services.db,
      services.secretBox,
      ctx.orgId,
      ctx.integration.credentialId ?? '',
    );
    if (!loaded) throw new Error('the connected credential no longer exists');
    const secrets = ctx.adapter.credential.secretFields
      .map((field) => loaded.values[field])
      .filter((value): value is string => typeof value === 'string' && value.length > 0);
    const client = ctx.adapter.createClient({
      credential: loaded.values,
      endpoints: destinationEndpoints(services, ctx.adapter.id),
      now: services.now,
    });
    return { client, secrets };
  }

  /** The secret values of the credential, when the client was opened (nothing to scrub otherwise). */
  async secrets(): Promise<string[]> {
    const opened = await this.#client?.catch(() => null);
    return opened?.secrets ?? [];
  }

  async close(): Promise<void> {
    const opened = await this.#client?.catch(() => null);
    await opened?.client.close().catch(() => {});
  }
}

const scrub = (text: string, secrets: readonly string[]) =>
  secrets.reduce((out, secret) => out.split(secret).join('[REDACTED]'), text);

/** A check with every secret value cut out of its message and details. */
function scrubCheck(check: CheckResult, secrets: readonly string[]): CheckResult {
  if (secrets.length === 0) return check;
  const details = JSON.parse(scrub(JSON.stringify(check.details), secrets)) as Record<string, unknown>;
  return { ...check, message: scrub(check.message, secrets), details };
}

export class IntegrationChecker {
  readonly #cache: CheckCache;

  constructor(
    private readonly services: HubServices,
    options: { ttlMs?: number } = {},
  ) {
    this.#cache = new CheckCache(options.ttlMs ?? CHECK_TTL_MS, () => services.now().getTime());
  }

  async check(orgId: string, id: string): Promise<CheckReport> {
    const { services } = this;
    const integration = await findIntegration(services.db, orgId, id);
    if (!integration) throw notFound('integration', id);
    const adapter = services.adapters.get(integration.destination);
    if (!adapter) throw conflict(`the integration's destination ${integration.destination} is not available`);
    const ctx = await loadCheckContext(services, orgId, integration, adapter);
    const session = new DestinationSession(services, ctx);
    try {
      const destination = await this.#destinationChecks(ctx, session);
      const credential =
        destination.find((check) => check.name === 'credential') ?? credentialConnectedCheck(ctx);
      const checks = [
        credential,
        accountMappingsCheck(ctx),
        dimensionMappingsCheck(ctx),
        ...destination.filter((check) => check.name !== 'credential'),
        allowedAccountsCheck(ctx),
        accountFilterCheck(ctx),
      ];
      return {
        ok: checks.every((check) => check.ok),
        integrationId: integration.id,
        version: integration.version,
        destination: integration.destination,
        checkedAt: services.now().toISOString(),
        checks,
      };
    } finally {
      await session.close();
    }
  }

  /**
   * The adapter's checks, when a credential for its destination is connected; each one SKIP (the
   * credential the host's FAIL) when none is. A plugin that throws, or returns a message carrying
   * a secret, is contained here: the report never shows a secret and never fails with a 500.
   */
  async #destinationChecks(ctx: CheckContext, session: DestinationSession): Promise<CheckResult[]> {
    const prerequisites = ctx.adapter.prerequisites ?? standardPrerequisites(ctx.adapter.displayName);
    const connected = credentialConnectedCheck(ctx);
    if (!connected.ok || !ctx.credential) {
      return prerequisites.names.map((name) =>
        name === 'credential' ? connected : skip(name, 'not checked: no usable credential (see credential)'),
      );
    }
    const credential = ctx.credential;
    const input: PrerequisiteInput = {
      client: async () => (await session.client()).client,
      credential: {
        id: credential.id,
        name: credential.name,
        fields: credentialDetails(credential, ctx.adapter),
      },
      accounts: ctx.accountMappings.map((mapping) => ({
        account: mapping.m3terId,
        mappingId: mapping.id,
        resourceId: mapping.externalId,
        metadata: mapping.metadata ?? null,
        linked: mapping.integrationConfigId != null,
      })),
      accountTable: ctx.accountTarget.externalTable,
      dimensions: ctx.dimensions,
      config: ctx.integration.configData,
      cached: (key, load, keep) => this.#cache.get(this.#key(ctx, key), load, keep),
      maxResources: MAX_RESOURCES_CHECKED,
      concurrency: CONCURRENCY,
    };
    let results: CheckResult[];
    try {
      results = await prerequisites.run(input);
    } catch (error) {
      const message = error instanceof Error ? error.message : 'the checks failed';
      results = prerequisites.names.map((name) =>
        fail(name, `${ctx.adapter.displayName}'s checks could not run: ${message}`),
      );
    }
    const secrets = await session.secrets();
    return results.map((check) => scrubCheck(check, secrets));
  }

  /** Cache keys are per credential version: a replaced credential is asked afresh. */
  #key(ctx: CheckContext, ...parts: string[]): string {
    const credential = ctx.credential!;
    return [ctx.orgId, credential.id, credential.dtLastModified.toISOString(), ...parts].join('\u0000');
  }
}
