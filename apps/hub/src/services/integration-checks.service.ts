import type { MarketplaceClient, ResourceDescription, VerifyResult } from '@hub/core';
import { AzureMarketplaceClient, type LookupResult } from '@hub/plugin-azure-marketplace';
import { destinationEndpoints } from '../destinations/destination-endpoints.js';
import { conflict, notFound } from '../http/errors.js';
import { loadCredentialWithSecrets } from '../repositories/credentials.repository.js';
import { findIntegration, type StoredIntegration } from '../repositories/integrations.repository.js';
import type { HubServices } from '../services.js';
import {
  type AvailablePlan,
  azureTokenHint,
  dimensionPricesCheck,
  planDimensionsCheck,
  type SubscriptionPlan,
} from './azure-plan-checks.js';
import { CheckCache } from './check-cache.js';
import {
  accountFilterCheck,
  accountMappingsCheck,
  allowedAccountsCheck,
  type CheckContext,
  type CheckResult,
  credentialConnectedCheck,
  credentialDetails,
  dimensionMappingsCheck,
  fail,
  loadCheckContext,
  nameSome,
  offlineChecks,
  pass,
  skip,
} from './offline-checks.js';

/**
 * `POST /v1/integrations/{id}/check`: read-only prerequisite checks of one integration against its
 * destination, and the cheap (no network) subset that integration saves answer as `warnings`.
 *
 * Generic through the adapter registry: the credential check uses `verifyCredential()`, the
 * subscription check `describeResource()` when the client has it. The plan and price checks are
 * Azure's (`listAvailablePlans`) and are skipped for other destinations.
 *
 * What the destination says is cached in memory for a short while (30 s), per credential and
 * resource, so repeated checks do not hammer the destination; the database is read afresh every
 * time (a mapping just added counts at once). Nothing is ever written: no run, no exchange, no event.
 */

export const CHECK_TTL_MS = 30_000;
/** Most distinct subscriptions looked up in one check. */
export const MAX_RESOURCES_CHECKED = 200;
const CONCURRENCY = 8;
const AZURE = 'AZURE_MARKETPLACE';

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

type Described = { ok: true; planId: string | null; active: boolean; status: string } | FailedLookup;
type FailedLookup = { ok: false; code: string; message: string };
type Plans = { ok: true; plans: AvailablePlan[] } | FailedLookup;

/** A client that threw (it should answer instead): reported, and asked again next time. */
const unexpected = (error: unknown): FailedLookup => ({
  ok: false,
  code: 'RETRYABLE',
  message: error instanceof Error ? error.message : 'the lookup failed',
});

/** Keeps definite answers; a transient failure is asked again by the next check. */
const definite = (value: Described | Plans | null) =>
  value === null || value.ok || value.code !== 'RETRYABLE';

/** The description without its exchanges (the check stores none, and the cache keeps it small). */
function described(value: ResourceDescription): Described {
  return value.ok
    ? { ok: true, planId: value.planId, active: value.active, status: value.status }
    : { ok: false, code: value.code, message: value.message };
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
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
      endpoints: destinationEndpoints(services.env, ctx.adapter.id),
      now: services.now,
    });
    return { client, secrets };
  }

  async close(): Promise<void> {
    const opened = await this.#client?.catch(() => null);
    await opened?.client.close().catch(() => {});
  }
}

const scrub = (text: string, secrets: readonly string[]) =>
  secrets.reduce((out, secret) => out.split(secret).join('[REDACTED]'), text);

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
      const credential = await this.#credentialCheck(ctx, session);
      const accountMappings = accountMappingsCheck(ctx);
      const { check: subscriptions, plans } = await this.#subscriptionsCheck(
        ctx,
        session,
        credential.ok,
        accountMappings.ok,
      );
      const dimensionMappings = dimensionMappingsCheck(ctx);
      const [planDimensions, dimensionPrices] = await this.#planChecks(ctx, session, credential.ok, plans);
      const checks = [
        credential,
        accountMappings,
        subscriptions,
        dimensionMappings,
        planDimensions,
        dimensionPrices,
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

  /** Cache keys are per credential version: a replaced credential is asked afresh. */
  #key(ctx: CheckContext, ...parts: string[]): string {
    const credential = ctx.credential!;
    return [ctx.orgId, credential.id, credential.dtLastModified.toISOString(), ...parts].join('\u0000');
  }

  async #credentialCheck(ctx: CheckContext, session: DestinationSession): Promise<CheckResult> {
    const connected = credentialConnectedCheck(ctx);
    if (!connected.ok || !ctx.credential) return connected;
    const credential = ctx.credential;
    const result = await this.#cache.get<VerifyResult>(this.#key(ctx, 'token'), async () => {
      let secrets: string[] = [];
      try {
        const opened = await session.client();
        secrets = opened.secrets;
        const verified = await opened.client.verifyCredential();
        if (verified.ok) return verified;
        return {
          ok: false,
          error: {
            code: scrub(verified.error.code, secrets),
            message: scrub(verified.error.message, secrets),
          },
        };
      } catch (error) {
        const message = error instanceof Error ? error.message : 'the credential could not be tried';
        return { ok: false, error: { code: 'VERIFY_FAILED', message: scrub(message, secrets) } };
      }
    });
    const details = { credential: credentialDetails(credential, ctx.adapter) };
    const named = `credential ${credential.id} (${credential.name})`;
    const issuer = ctx.adapter.id === AZURE ? 'Microsoft Entra' : ctx.adapter.displayName;
    if (result.ok)
      return pass('credential', `${named} is connected and ${issuer} issued a token for it`, details);
    const hint = azureTokenHint(result.error.code);
    const message = result.error.message.includes(result.error.code)
      ? result.error.message
      : `${result.error.code}: ${result.error.message}`;
    return fail(
      'credential',
      `${issuer} refused a token for ${named}: ` +
        `${message}${hint ? ` (${hint})` : ''}. Runs would end AUTH_FAILED`,
      { ...details, code: result.error.code },
    );
  }

  async #subscriptionsCheck(
    ctx: CheckContext,
    session: DestinationSession,
    tokenOk: boolean,
    mappingsOk: boolean,
  ): Promise<{ check: CheckResult; plans: { subscriptionId: string; planId: string }[] }> {
    const name = 'subscriptions';
    const none = { plans: [] };
    if (!mappingsOk)
      return { check: skip(name, 'no Account mapping to check (see accountMappings)'), ...none };
    if (!tokenOk) return { check: skip(name, 'not checked: no token (see credential)'), ...none };

    const mappings = ctx.accountMappings;
    const resources = [...new Set(mappings.map((mapping) => mapping.externalId))];
    const looked = resources.slice(0, MAX_RESOURCES_CHECKED);
    const answers = new Map<string, Described | null>();
    await mapLimit(looked, CONCURRENCY, async (resourceId) => {
      const answer = await this.#cache.get<Described | null>(
        this.#key(ctx, 'describe', resourceId),
        async () => {
          const { client } = await session.client();
          if (!client.describeResource) return null;
          try {
            return described(await client.describeResource(resourceId));
          } catch (error) {
            return unexpected(error);
          }
        },
        definite,
      );
      answers.set(resourceId, answer);
    });
    if ([...answers.values()].some((answer) => answer === null)) {
      return {
        check: skip(name, `${ctx.adapter.displayName} cannot describe its resources; not checked`),
        ...none,
      };
    }

    const subscribed = ctx.adapter.id === AZURE ? 'Subscribed' : 'active';
    const table = ctx.accountTarget.externalTable.toLowerCase();
    const problems: string[] = [];
    const entries = mappings
      .filter((mapping) => answers.has(mapping.externalId))
      .map((mapping) => {
        const answer = answers.get(mapping.externalId)!;
        const resourceId = mapping.externalId;
        const mappingPlanId = typeof mapping.metadata?.planId === 'string' ? mapping.metadata.planId : null;
        const of = `${table} ${resourceId} (account ${mapping.m3terId})`;
        let problem: string | null = null;
        if (!answer.ok) {
          problem =
            answer.code === 'REJECTED'
              ? `${of} was not found: ${answer.message}`
              : answer.code === 'AUTH_FAILED'
                ? `${ctx.adapter.displayName} refused to show ${of}: ${answer.message}; is it a ${table} of an offer whose technical configuration names this credential's tenant and application?`
                : `${of} could not be read right now: ${answer.message}; run the check again`;
        } else if (!answer.active) {
          problem = `${of} is ${answer.status}, not ${subscribed}: usage for it would be refused`;
        } else if (mappingPlanId && answer.planId && mappingPlanId !== answer.planId) {
          problem =
            `the Account mapping of account ${mapping.m3terId} says planId ${mappingPlanId}, but ${table} ${resourceId} ` +
            `is on plan ${answer.planId}: usage would be refused; correct or remove metadata.planId`;
        }
        if (problem) problems.push(problem);
        return {
          account: mapping.m3terId,
          mappingId: mapping.id,
          linked: mapping.integrationConfigId != null,
          subscriptionId: resourceId,
          status: answer.ok ? answer.status : null,
          planId: answer.ok ? answer.planId : null,
          mappingPlanId,
          ok: problem === null,
          ...(problem ? { problem } : {}),
        };
      });
    const plans: { subscriptionId: string; planId: string }[] = [];
    const seen = new Set<string>();
    for (const entry of entries) {
      if (entry.ok && entry.planId && !seen.has(entry.subscriptionId)) {
        seen.add(entry.subscriptionId);
        plans.push({ subscriptionId: entry.subscriptionId, planId: entry.planId });
      }
    }
    const truncated = resources.length > looked.length;
    const details = {
      checked: looked.length,
      ...(truncated ? { notChecked: resources.length - looked.length } : {}),
      subscriptions: entries,
    };
    const more = truncated
      ? ` (${resources.length - looked.length} more ${table}s were not looked up: at most ${MAX_RESOURCES_CHECKED} per check)`
      : '';
    if (problems.length > 0) {
      const bad = entries.filter((entry) => !entry.ok).length;
      return {
        check: fail(
          name,
          `${bad} of ${entries.length} Account mappings cannot take usage: ${problems.slice(0, 5).join('; ')}` +
            `${problems.length > 5 ? `; and ${problems.length - 5} more` : ''}${more}`,
          details,
        ),
        plans,
      };
    }
    const planIds = [...new Set(plans.map((plan) => plan.planId))];
    return {
      check: pass(
        name,
        `${looked.length === 1 ? `the ${table} exists and is` : `all ${looked.length} ${table}s exist and are`} ${subscribed}` +
          `${planIds.length > 0 ? ` (plan${planIds.length === 1 ? '' : 's'} ${nameSome(planIds)})` : ''}${more}`,
        details,
      ),
      plans,
    };
  }

  async #planChecks(
    ctx: CheckContext,
    session: DestinationSession,
    tokenOk: boolean,
    subscriptions: readonly { subscriptionId: string; planId: string }[],
  ): Promise<[CheckResult, CheckResult]> {
    const both = (message: string): [CheckResult, CheckResult] => [
      skip('planDimensions', message),
      skip('dimensionPrices', message),
    ];
    if (ctx.adapter.id !== AZURE) return both(`plans and prices are checked for Azure Marketplace only`);
    if (ctx.dimensions.length === 0) return both('no dimension to check (see dimensionMappings)');
    if (!tokenOk) return both('not checked: no token (see credential)');
    if (subscriptions.length === 0) {
      return both('no Subscribed subscription to read a plan from (see subscriptions)');
    }

    const plans = await mapLimit(subscriptions, CONCURRENCY, async ({ subscriptionId, planId }) => {
      const answer = await this.#cache.get<Plans | null>(
        this.#key(ctx, 'plans', subscriptionId),
        async () => {
          const { client } = await session.client();
          if (!(client instanceof AzureMarketplaceClient)) return null;
          let listed: LookupResult<AvailablePlan[]>;
          try {
            listed = await client.listAvailablePlans(subscriptionId);
          } catch (error) {
            return unexpected(error);
          }
          return listed.ok
            ? { ok: true, plans: listed.value }
            : { ok: false, code: listed.code, message: listed.message };
        },
        definite,
      );
      const entry: SubscriptionPlan = { subscriptionId, planId, plan: null };
      if (answer === null) entry.problem = 'the client cannot list plans';
      else if (!answer.ok) entry.problem = `the plan list could not be read: ${answer.message}`;
      else {
        entry.plan = answer.plans.find((plan) => plan.planId === planId) ?? null;
        if (!entry.plan) {
          entry.problem = `not among the subscription's available plans (${nameSome(answer.plans.map((p) => p.planId))})`;
        }
      }
      return entry;
    });
    return [
      planDimensionsCheck(ctx.dimensions, plans),
      dimensionPricesCheck(ctx.dimensions, plans, ctx.integration.configData),
    ];
  }
}
