import type { ConfigData } from '../model/integration-config.js';
import type { MarketplaceClient, ResourceDescription } from './marketplace-adapter.js';

/**
 * The destination's part of `POST /v1/integrations/{id}/check`, as an adapter capability.
 *
 * The host runs the destination-independent checks (a credential is connected, Account and
 * Dimension mappings exist, allowed accounts, the account filter) and hands the adapter what they
 * found; the adapter asks its destination what only it knows (the credential is accepted, each
 * mapped customer can take usage, the dimensions exist and are priced as the integration says).
 * Checks are read-only: they never submit usage.
 *
 * @example
 * ```ts
 * prerequisites: {
 *   names: ['credential', 'subscriptions'],
 *   run: async (input) => {
 *     const credential = await credentialCheck(input, { issuer: 'Example' });
 *     const { check } = await resourcesCheck(input, { tokenOk: credential.ok });
 *     return [credential, check];
 *   },
 * },
 * ```
 */
export interface PrerequisiteChecks {
  /**
   * The names of the checks `run` returns, in order. When `run` cannot be called (no credential
   * connected) the host answers each as SKIP (`credential` as the host's own FAIL).
   */
  readonly names: readonly string[];
  /** Never throws for destination or network failures: each becomes a FAIL (or SKIP) with words. */
  run(input: PrerequisiteInput): Promise<CheckResult[]>;
}

export type CheckStatus = 'PASS' | 'FAIL' | 'SKIP';

export interface CheckResult {
  name: string;
  /** False only for FAIL: a skipped check (nothing to check, or blocked by another) is not a failure. */
  ok: boolean;
  status: CheckStatus;
  message: string;
  details: Record<string, unknown>;
}

export const pass = (name: string, message: string, details: Record<string, unknown> = {}): CheckResult => ({
  name,
  ok: true,
  status: 'PASS',
  message,
  details,
});
export const fail = (name: string, message: string, details: Record<string, unknown> = {}): CheckResult => ({
  name,
  ok: false,
  status: 'FAIL',
  message,
  details,
});
export const skip = (name: string, message: string, details: Record<string, unknown> = {}): CheckResult => ({
  name,
  ok: true,
  status: 'SKIP',
  message,
  details,
});

/** Most ids named in a message. */
const MAX_NAMED = 10;

/** "a, b, c and 4 more" */
export function nameSome(items: readonly string[], max = MAX_NAMED): string {
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}

/** One Account mapping the integration can use, as the checks see it. */
export interface CheckedAccountMapping {
  /** The m3ter account id. */
  account: string;
  mappingId: string;
  /** The mapping's `externalId`, normalised: the destination's resource (customer) id. */
  resourceId: string;
  metadata: Readonly<Record<string, unknown>> | null;
  /** Linked to this integration (`integrationConfigId` set) rather than org-wide. */
  linked: boolean;
}

/** One dimension the integration may report to, and what makes it one. */
export interface DimensionTarget {
  dimension: string;
  /** `configData.marketplaceBillDimension`, or the mappings pointing at it (`Product p1`). */
  sources: string[];
}

export interface PrerequisiteInput {
  /** A client for the integration's connected credential (built lazily; the host closes it). */
  client(): Promise<MarketplaceClient>;
  /** The connected credential: id, name and its public fields (never a secret field). */
  credential: { id: string; name: string; fields: Readonly<Record<string, unknown>> };
  /** The Account mappings a bill of this integration can use (may be empty). */
  accounts: readonly CheckedAccountMapping[];
  /** The mapping table of accounts (`Subscription`, `Customer`), for messages. */
  accountTable: string;
  /** The dimensions the integration may report to (may be empty). */
  dimensions: readonly DimensionTarget[];
  config: ConfigData;
  /**
   * The host's short-lived cache of destination answers (per credential version, about 30 s):
   * repeated checks ask the destination nothing and concurrent ones share a call. `keep` refuses
   * values that must be asked again next time (a transient failure).
   */
  cached<T>(key: string, load: () => Promise<T>, keep?: (value: T) => boolean): Promise<T>;
  /** Most distinct resources one check may look up; say so when there are more. */
  maxResources: number;
  /** How many lookups may run at once. */
  concurrency: number;
}

/** Runs `fn` over `items`, at most `limit` at a time, keeping the order of the results. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return results;
}

/** A lookup's answer as the checks cache it: no exchanges, definite or transient. */
export type LookupAnswer<T> = ({ ok: true } & T) | { ok: false; code: string; message: string };

/** A client that threw (it should answer instead): reported, and asked again next time. */
export const unexpectedLookup = (error: unknown): { ok: false; code: string; message: string } => ({
  ok: false,
  code: 'RETRYABLE',
  message: error instanceof Error ? error.message : 'the lookup failed',
});

/** Keeps definite answers; a transient failure is asked again by the next check. */
export const definiteLookup = (value: { ok: boolean; code?: string } | null): boolean =>
  value === null || value.ok || value.code !== 'RETRYABLE';

/**
 * The `credential` check: `verifyCredential()` answers yes (the destination issued a token, or
 * accepted the keys). `issuer` names who answered in the message (default: the adapter's display
 * name); `hint` turns the destination's error code into advice for the operator.
 */
export async function credentialCheck(
  input: PrerequisiteInput,
  options: {
    issuer: string;
    /** Default `issued a token for it`. */
    accepted?: string;
    /** Default `refused a token for`. */
    refused?: string;
    hint?: (code: string) => string | null;
  },
): Promise<CheckResult> {
  const result = await input.cached('credential', async () => {
    try {
      const client = await input.client();
      return await client.verifyCredential();
    } catch (error) {
      const message = error instanceof Error ? error.message : 'the credential could not be tried';
      return { ok: false as const, error: { code: 'VERIFY_FAILED', message } };
    }
  });
  const { credential } = input;
  const details = { credential: { ...credential.fields, id: credential.id, name: credential.name } };
  const named = `credential ${credential.id} (${credential.name})`;
  if (result.ok) {
    return pass(
      'credential',
      `${named} is connected and ${options.issuer} ${options.accepted ?? 'issued a token for it'}`,
      details,
    );
  }
  const hint = options.hint?.(result.error.code) ?? null;
  const message = result.error.message.includes(result.error.code)
    ? result.error.message
    : `${result.error.code}: ${result.error.message}`;
  return fail(
    'credential',
    `${options.issuer} ${options.refused ?? 'refused a token for'} ${named}: ${message}${hint ? ` (${hint})` : ''}. Runs would end AUTH_FAILED`,
    { ...details, code: result.error.code },
  );
}

type Described = LookupAnswer<{ planId: string | null; active: boolean; status: string }>;

function described(value: ResourceDescription): Described {
  return value.ok
    ? { ok: true, planId: value.planId, active: value.active, status: value.status }
    : { ok: false, code: value.code, message: value.message };
}

/** A resource the destination described as accepting usage, with its plan. */
export interface ActiveResource {
  resourceId: string;
  planId: string | null;
}

/**
 * The resources check (named `subscriptions` unless told otherwise): every mapped resource exists,
 * accepts usage (`describeResource`), and is on the plan its mapping names (`planIdOf`). SKIP when
 * there is no mapping, no accepted credential, or the client cannot describe resources. Returns the
 * active resources with their plans for the checks that follow (plans, prices).
 */
export async function resourcesCheck(
  input: PrerequisiteInput,
  options: {
    tokenOk: boolean;
    name?: string;
    /** The destination's word for "accepts usage" (Azure: `Subscribed`). Default `active`. */
    activeWord?: string;
    /** The plan a mapping names, when its metadata can name one (Azure: `metadata.planId`). */
    planIdOf?: (metadata: Readonly<Record<string, unknown>> | null) => string | null;
    /** What to suggest when the destination refuses to show a resource (AUTH_FAILED). */
    refusedHint?: string;
    displayName: string;
  },
): Promise<{ check: CheckResult; active: ActiveResource[] }> {
  const name = options.name ?? 'subscriptions';
  const none: ActiveResource[] = [];
  if (input.accounts.length === 0)
    return { check: skip(name, 'no Account mapping to check (see accountMappings)'), active: none };
  if (!options.tokenOk) return { check: skip(name, 'not checked: no token (see credential)'), active: none };

  const resources = [...new Set(input.accounts.map((mapping) => mapping.resourceId))];
  const looked = resources.slice(0, input.maxResources);
  const answers = new Map<string, Described | null>();
  await mapLimit(looked, input.concurrency, async (resourceId) => {
    const answer = await input.cached<Described | null>(
      `describe\u0000${resourceId}`,
      async () => {
        const client = await input.client();
        if (!client.describeResource) return null;
        try {
          return described(await client.describeResource(resourceId));
        } catch (error) {
          return unexpectedLookup(error);
        }
      },
      definiteLookup,
    );
    answers.set(resourceId, answer);
  });
  if ([...answers.values()].some((answer) => answer === null)) {
    return {
      check: skip(name, `${options.displayName} cannot describe its resources; not checked`),
      active: none,
    };
  }

  const subscribed = options.activeWord ?? 'active';
  const table = input.accountTable.toLowerCase();
  const problems: string[] = [];
  const entries = input.accounts
    .filter((mapping) => answers.has(mapping.resourceId))
    .map((mapping) => {
      const answer = answers.get(mapping.resourceId)!;
      const { resourceId } = mapping;
      const mappingPlanId = options.planIdOf?.(mapping.metadata) ?? null;
      const of = `${table} ${resourceId} (account ${mapping.account})`;
      let problem: string | null = null;
      if (!answer.ok) {
        problem =
          answer.code === 'REJECTED'
            ? `${of} was not found: ${answer.message}`
            : answer.code === 'AUTH_FAILED'
              ? `${options.displayName} refused to show ${of}: ${answer.message}${options.refusedHint ? `; ${options.refusedHint}` : ''}`
              : `${of} could not be read right now: ${answer.message}; run the check again`;
      } else if (!answer.active) {
        problem = `${of} is ${answer.status}, not ${subscribed}: usage for it would be refused`;
      } else if (mappingPlanId && answer.planId && mappingPlanId !== answer.planId) {
        problem =
          `the Account mapping of account ${mapping.account} says planId ${mappingPlanId}, but ${table} ${resourceId} ` +
          `is on plan ${answer.planId}: usage would be refused; correct or remove metadata.planId`;
      }
      if (problem) problems.push(problem);
      return {
        account: mapping.account,
        mappingId: mapping.mappingId,
        linked: mapping.linked,
        subscriptionId: resourceId,
        status: answer.ok ? answer.status : null,
        planId: answer.ok ? answer.planId : null,
        mappingPlanId,
        ok: problem === null,
        ...(problem ? { problem } : {}),
      };
    });
  const active: ActiveResource[] = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    if (entry.ok && entry.planId && !seen.has(entry.subscriptionId)) {
      seen.add(entry.subscriptionId);
      active.push({ resourceId: entry.subscriptionId, planId: entry.planId });
    }
  }
  const truncated = resources.length > looked.length;
  const details = {
    checked: looked.length,
    ...(truncated ? { notChecked: resources.length - looked.length } : {}),
    subscriptions: entries,
  };
  const more = truncated
    ? ` (${resources.length - looked.length} more ${table}s were not looked up: at most ${input.maxResources} per check)`
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
      active,
    };
  }
  const planIds = [...new Set(active.map((plan) => plan.planId ?? ''))].filter(Boolean);
  return {
    check: pass(
      name,
      `${looked.length === 1 ? `the ${table} exists and is` : `all ${looked.length} ${table}s exist and are`} ${subscribed}` +
        `${planIds.length > 0 ? ` (plan${planIds.length === 1 ? '' : 's'} ${nameSome(planIds)})` : ''}${more}`,
      details,
    ),
    active,
  };
}

/**
 * What the host runs for an adapter that declares no `prerequisites`: the credential is accepted,
 * and every mapped resource accepts usage where the client can describe resources.
 */
export function standardPrerequisites(displayName: string): PrerequisiteChecks {
  return {
    names: ['credential', 'subscriptions'],
    run: async (input) => {
      const credential = await credentialCheck(input, { issuer: displayName });
      const { check } = await resourcesCheck(input, { tokenOk: credential.ok, displayName });
      return [credential, check];
    },
  };
}
