import {
  type Account,
  type AccountFilterPredicate,
  type CheckResult,
  compileAccountFilter,
  type DimensionTarget,
  fail,
  type MappingEntity,
  MappingIndex,
  type MappingTarget,
  nameSome,
  pass,
  skip,
} from '@hub/core';
import type { AdapterRegistry } from '../plugins/load-plugins.js';
import { findCredential, type PublicCredential } from '../repositories/credentials.repository.js';
import {
  listMappingsForSystem,
  type StoredExternalMapping,
} from '../repositories/external-mappings.repository.js';
import type { StoredIntegration } from '../repositories/integrations.repository.js';
import type { HubServices } from '../services.js';

/**
 * The prerequisite checks that need no network: they read the integration, its mappings, the org's
 * known accounts and the connected credential's public fields. They run on every save (as
 * warnings) and are the first half of `POST /v1/integrations/{id}/check`. Read-only.
 */

/** An adapter as the registry holds it. */
export type RegisteredAdapter = NonNullable<ReturnType<AdapterRegistry['get']>>;

// The check result type and its helpers are core's: adapters return the same shape.
export {
  type CheckResult,
  type CheckStatus,
  type DimensionTarget,
  fail,
  nameSome,
  pass,
  skip,
} from '@hub/core';

/** Most known accounts read for the account checks (the rest are not looked at, and that is said). */
export const MAX_ACCOUNTS = 10_000;
/** Most ids listed in a `details` array. */
const MAX_LISTED = 1000;
/** Most ids named in a message. */
const MAX_NAMED = 10;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export interface CheckContext {
  orgId: string;
  integration: StoredIntegration;
  adapter: RegisteredAdapter;
  accountTarget: MappingTarget;
  dimensionTarget: MappingTarget;
  /** The org's known accounts (at most MAX_ACCOUNTS). */
  accounts: Account[];
  accountsTruncated: boolean;
  accountById: ReadonlyMap<string, Account>;
  accountByCode: ReadonlyMap<string, Account>;
  filter: AccountFilterPredicate | null;
  /** The Account mappings a bill of this integration can use, by core's linking rules, for accounts it may bill. */
  accountMappings: StoredExternalMapping[];
  /** Account mappings of the destination this integration never uses (other integration's, shadowed, not allowed). */
  unusedAccountMappings: number;
  /** Unlinked Account mappings ignored because `enforceExternalMappingsForConfig` is on. */
  unlinkedIgnored: number;
  dimensions: DimensionTarget[];
  mappingIndex: MappingIndex;
  /** The connected credential's public record; null when none is connected or it is gone. */
  credential: PublicCredential | null;
}

/** Reads what the checks look at. Only SELECTs. */
export async function loadCheckContext(
  services: HubServices,
  orgId: string,
  integration: StoredIntegration,
  adapter: RegisteredAdapter,
): Promise<CheckContext> {
  const { db } = services;
  const config = integration.configData;
  const [mappings, rows, credential] = await Promise.all([
    listMappingsForSystem(db, orgId, adapter.externalSystem),
    db
      .selectFrom('accounts')
      .selectAll()
      .where('org_id', '=', orgId)
      .orderBy('id')
      .limit(MAX_ACCOUNTS + 1)
      .execute(),
    integration.credentialId ? findCredential(db, orgId, integration.credentialId) : Promise.resolve(null),
  ]);
  const accounts: Account[] = rows.slice(0, MAX_ACCOUNTS).map((row) => ({
    id: row.id,
    name: row.name,
    code: row.code,
    currency: row.currency,
    address: row.address,
    customFields: row.custom_fields,
    parentAccountId: row.parent_account_id,
  }));
  const accountById = new Map(accounts.map((account) => [account.id, account]));
  const accountByCode = new Map<string, Account>();
  for (const account of accounts)
    if (!accountByCode.has(account.code)) accountByCode.set(account.code, account);

  let filter: AccountFilterPredicate | null = null;
  if (config.accountFilter) {
    try {
      const compiled = compileAccountFilter(config.accountFilter);
      filter = (account) => {
        try {
          return compiled(account);
        } catch {
          return false;
        }
      };
    } catch {
      // Validated on save; an expression stored by an older version that no longer parses matches nothing.
      filter = () => false;
    }
  }

  const accountTarget = {
    externalSystem: adapter.externalSystem,
    externalTable: adapter.mappings.account.externalTable,
  };
  const dimensionTarget = {
    externalSystem: adapter.externalSystem,
    externalTable: adapter.mappings.dimension.externalTable,
  };
  const mappingIndex = new MappingIndex(mappings, integration.id, config);
  const used = (mapping: StoredExternalMapping, target: MappingTarget) =>
    mapping.externalTable === target.externalTable &&
    mappingIndex.find(target, { m3terEntity: mapping.m3terEntity, m3terId: mapping.m3terId }) === mapping;

  const allowed = new Set(integration.accountIds);
  const restricted = new Set(integration.restrictedAccountIds);
  /** Whether a bill of the account behind an Account mapping key can reach the mapping lookup. */
  const mayBill = (key: string): boolean => {
    const account = config.useExternalMappingAccountCode ? accountByCode.get(key) : accountById.get(key);
    const id = config.useExternalMappingAccountCode ? account?.id : key;
    if (id !== undefined) {
      if (restricted.has(id)) return false;
      if (allowed.size > 0 && !allowed.has(id)) return false;
    }
    // An unknown account (code mode) cannot be ruled out: it is checked.
    return !(account && filter && !filter(account));
  };

  const accountRows = mappings.filter(
    (m) => m.m3terEntity === 'Account' && m.externalTable === accountTarget.externalTable,
  );
  const accountMappings = accountRows.filter((m) => used(m, accountTarget) && mayBill(m.m3terId));
  const unlinkedIgnored = config.enforceExternalMappingsForConfig
    ? accountRows.filter((m) => m.integrationConfigId == null).length
    : 0;

  return {
    orgId,
    integration,
    adapter,
    accountTarget,
    dimensionTarget,
    accounts,
    accountsTruncated: rows.length > MAX_ACCOUNTS,
    accountById,
    accountByCode,
    filter,
    accountMappings,
    unusedAccountMappings: accountRows.length - accountMappings.length,
    unlinkedIgnored,
    dimensions: dimensionTargets(integration, mappings, dimensionTarget, (m) => used(m, dimensionTarget)),
    mappingIndex,
    credential,
  };
}

const SPLIT_ENTITIES: Record<string, readonly MappingEntity[]> = {
  ITEM_PER_PRODUCT: ['Product'],
  ITEM_PER_AGGREGATION: ['Aggregation', 'CompoundAggregation'],
};

/**
 * Every dimension a bill of this integration can be reported to: `marketplaceBillDimension` for
 * ITEM_PER_BILL, else the usable Product (or Aggregation / CompoundAggregation) → Dimension
 * mappings, less the excluded products / aggregations.
 */
function dimensionTargets(
  integration: StoredIntegration,
  mappings: readonly StoredExternalMapping[],
  target: MappingTarget,
  used: (mapping: StoredExternalMapping) => boolean,
): DimensionTarget[] {
  const config = integration.configData;
  if (config.splitUsageLineItems === 'ITEM_PER_BILL') {
    return config.marketplaceBillDimension
      ? [{ dimension: config.marketplaceBillDimension, sources: ['configData.marketplaceBillDimension'] }]
      : [];
  }
  const entities = SPLIT_ENTITIES[config.splitUsageLineItems] ?? [];
  const excluded = new Set(
    config.splitUsageLineItems === 'ITEM_PER_PRODUCT'
      ? config.excludedProductIds
      : config.excludedAggregationIds,
  );
  const byDimension = new Map<string, string[]>();
  for (const mapping of mappings) {
    if (mapping.externalTable !== target.externalTable || !entities.includes(mapping.m3terEntity)) continue;
    if (excluded.has(mapping.m3terId) || !used(mapping)) continue;
    const sources = byDimension.get(mapping.externalId) ?? [];
    sources.push(`${mapping.m3terEntity} ${mapping.m3terId}`);
    byDimension.set(mapping.externalId, sources);
  }
  return [...byDimension.entries()]
    .map(([dimension, sources]) => ({ dimension, sources: sources.sort() }))
    .sort((a, b) => (a.dimension < b.dimension ? -1 : a.dimension > b.dimension ? 1 : 0));
}

// ---------------------------------------------------------------------------------------------
// The checks

/** A credential is connected, still exists and is for the integration's destination (no token tried). */
export function credentialConnectedCheck(ctx: CheckContext): CheckResult {
  const { integration } = ctx;
  if (!integration.credentialId) {
    return fail(
      'credential',
      `no credential is connected: bills wait as AWAITING_CREDENTIAL. Create one (POST /v1/integration-credentials) ` +
        `and connect it with PUT /v1/integrations/${integration.id}/credential`,
      { credentialId: null },
    );
  }
  if (!ctx.credential) {
    return fail('credential', `the connected credential ${integration.credentialId} no longer exists`, {
      credentialId: integration.credentialId,
    });
  }
  if (ctx.credential.destination !== integration.destination) {
    return fail(
      'credential',
      `the connected credential ${ctx.credential.id} is for ${ctx.credential.destination}, the integration sends to ${integration.destination}`,
      { credentialId: ctx.credential.id },
    );
  }
  return pass('credential', `credential ${ctx.credential.id} (${ctx.credential.name}) is connected`, {
    credential: credentialDetails(ctx.credential, ctx.adapter),
  });
}

/** The credential's id, name and public fields; never a secret field. */
export function credentialDetails(
  credential: PublicCredential,
  adapter: RegisteredAdapter,
): Record<string, unknown> {
  const secret = new Set<string>(adapter.credential.secretFields);
  const fields = Object.fromEntries(Object.entries(credential.fields).filter(([key]) => !secret.has(key)));
  return { ...fields, id: credential.id, name: credential.name };
}

function mappingHint(ctx: CheckContext, entity: string, table: string, externalId: string): string {
  return (
    `POST /v1/external-mappings { "m3terEntity": "${entity}", "m3terId": "…", "externalSystem": ` +
    `"${ctx.adapter.externalSystem}", "externalTable": "${table}", "externalId": "${externalId}", ` +
    `"integrationConfigId": "${ctx.integration.id}" }`
  );
}

/** At least one Account mapping is usable by the integration. */
export function accountMappingsCheck(ctx: CheckContext): CheckResult {
  const { accountTarget } = ctx;
  const count = ctx.accountMappings.length;
  const details = {
    usable: count,
    unused: ctx.unusedAccountMappings,
    externalSystem: accountTarget.externalSystem,
    externalTable: accountTarget.externalTable,
  };
  if (count > 0) {
    return pass(
      'accountMappings',
      `${plural(count, 'Account mapping')} to ${accountTarget.externalTable} ${count === 1 ? 'is' : 'are'} usable by this integration`,
      details,
    );
  }
  const why =
    ctx.unlinkedIgnored > 0
      ? ` (enforceExternalMappingsForConfig is on, so ${plural(ctx.unlinkedIgnored, 'unlinked mapping')} ${ctx.unlinkedIgnored === 1 ? 'is' : 'are'} ignored)`
      : '';
  return fail(
    'accountMappings',
    `no Account → ${accountTarget.externalTable} mapping is usable by this integration${why}: every bill would end ` +
      `ERROR / MISSING_ACCOUNT_MAPPING. Map each account to its ${ctx.adapter.displayName} ${accountTarget.externalTable.toLowerCase()} id: ` +
      mappingHint(ctx, 'Account', accountTarget.externalTable, '<subscription id>'),
    details,
  );
}

/** The integration can name a dimension for its bills. */
export function dimensionMappingsCheck(ctx: CheckContext): CheckResult {
  const config = ctx.integration.configData;
  const mode = config.splitUsageLineItems;
  const details = { splitUsageLineItems: mode, dimensions: ctx.dimensions };
  if (mode === 'ITEM_PER_BILL') {
    return ctx.dimensions.length > 0
      ? pass(
          'dimensionMappings',
          `every bill is reported to dimension ${config.marketplaceBillDimension} (marketplaceBillDimension)`,
          details,
        )
      : fail(
          'dimensionMappings',
          'splitUsageLineItems is ITEM_PER_BILL but marketplaceBillDimension is not set',
          details,
        );
  }
  const entities = (SPLIT_ENTITIES[mode] ?? []).join(' or ');
  if (ctx.dimensions.length === 0) {
    return fail(
      'dimensionMappings',
      `splitUsageLineItems is ${mode} but no ${entities} → ${ctx.dimensionTarget.externalTable} mapping is usable by ` +
        `this integration: every bill would end ERROR / MISSING_DIMENSION_MAPPING. Create one per ${entities.toLowerCase()}: ` +
        mappingHint(
          ctx,
          SPLIT_ENTITIES[mode]?.[0] ?? 'Product',
          ctx.dimensionTarget.externalTable,
          '<dimension id>',
        ),
      details,
    );
  }
  return pass(
    'dimensionMappings',
    `${entities} mappings point at ${plural(ctx.dimensions.length, 'dimension')}: ${nameSome(ctx.dimensions.map((d) => d.dimension))}`,
    details,
  );
}

/** Every account the integration may bill has an Account mapping (by id, or by code when so configured). */
export function allowedAccountsCheck(ctx: CheckContext): CheckResult {
  const { integration } = ctx;
  const config = integration.configData;
  const restricted = new Set(integration.restrictedAccountIds);
  const byList = integration.accountIds.length > 0;
  const ids = byList
    ? [...new Set(integration.accountIds)].filter((id) => !restricted.has(id))
    : ctx.accounts.map((account) => account.id).filter((id) => !restricted.has(id));
  const missing: string[] = [];
  const unresolved: string[] = [];
  let filteredOut = 0;
  let checked = 0;
  for (const id of ids) {
    const account = ctx.accountById.get(id);
    if (account && ctx.filter && !ctx.filter(account)) {
      filteredOut++;
      continue;
    }
    const key = config.useExternalMappingAccountCode ? account?.code : id;
    if (!key) {
      unresolved.push(id);
      continue;
    }
    checked++;
    if (!ctx.mappingIndex.find(ctx.accountTarget, { m3terEntity: 'Account', m3terId: key })) missing.push(id);
  }
  const details: Record<string, unknown> = {
    source: byList ? 'accountIds' : 'knownAccounts',
    checked,
    withoutMapping: missing.slice(0, MAX_LISTED),
    ...(unresolved.length > 0 ? { unknownAccounts: unresolved.slice(0, MAX_LISTED) } : {}),
    ...(filteredOut > 0 ? { excludedByAccountFilter: filteredOut } : {}),
    ...(ctx.accountsTruncated && !byList ? { truncatedAt: MAX_ACCOUNTS } : {}),
  };
  const by = config.useExternalMappingAccountCode ? 'code' : 'id';
  const unknownNote =
    unresolved.length > 0
      ? ` ${plural(unresolved.length, 'allowed account')} ${unresolved.length === 1 ? 'is' : 'are'} unknown to the hub, so ${unresolved.length === 1 ? 'its code' : 'their codes'} could not be checked: ${nameSome(unresolved)}.`
      : '';
  if (missing.length > 0) {
    return fail(
      'allowedAccounts',
      `${plural(missing.length, 'account')} this integration may bill ${missing.length === 1 ? 'has' : 'have'} no Account → ` +
        `${ctx.accountTarget.externalTable} mapping (by account ${by}): ${nameSome(missing)}; their bills would end ` +
        `ERROR / MISSING_ACCOUNT_MAPPING.${unknownNote}`,
      details,
    );
  }
  if (ids.length === 0) {
    return skip(
      'allowedAccounts',
      byList
        ? 'every account in accountIds is also in restrictedAccountIds: this integration bills no account'
        : 'the hub knows no account of this organization yet (accounts arrive with bills or PUT /v1/accounts/{id}); nothing to compare',
      details,
    );
  }
  if (checked === 0) {
    return skip(
      'allowedAccounts',
      unresolved.length > 0
        ? `no account could be checked.${unknownNote}`
        : 'the account filter excludes every account this integration may bill (see accountFilter); nothing to compare',
      details,
    );
  }
  return pass(
    'allowedAccounts',
    `${checked === 1 ? 'the one account' : `all ${checked} accounts`} this integration may bill ${checked === 1 ? 'has' : 'have'} an Account mapping` +
      `${byList ? ' (from accountIds)' : ' (known accounts)'}.${unknownNote}`,
    details,
  );
}

/** The account filter lets at least one known account through. */
export function accountFilterCheck(ctx: CheckContext): CheckResult {
  const { integration } = ctx;
  const expression = integration.configData.accountFilter;
  if (!expression || !ctx.filter) return skip('accountFilter', 'no account filter is set', {});
  const restricted = new Set(integration.restrictedAccountIds);
  const allowed = new Set(integration.accountIds);
  const candidates = ctx.accounts.filter(
    (account) => !restricted.has(account.id) && (allowed.size === 0 || allowed.has(account.id)),
  );
  const matching = candidates.filter((account) => ctx.filter!(account));
  const details = {
    accountFilter: expression,
    knownAccounts: candidates.length,
    matching: matching.length,
    examples: matching.slice(0, MAX_NAMED).map((account) => account.id),
    ...(ctx.accountsTruncated ? { truncatedAt: MAX_ACCOUNTS } : {}),
  };
  if (candidates.length === 0) {
    return fail(
      'accountFilter',
      `the account filter ${JSON.stringify(expression)} cannot match: the hub knows none of the accounts this integration ` +
        `may bill, and a bill for an unknown account ends ERROR / UNKNOWN_ACCOUNT. Post accounts with ` +
        `PUT /v1/accounts/{id} (or "account" in the bill)`,
      details,
    );
  }
  if (matching.length === 0) {
    return fail(
      'accountFilter',
      `the account filter ${JSON.stringify(expression)} matches none of the ${plural(candidates.length, 'known account')} ` +
        `this integration may bill: every bill would be SKIPPED / ACCOUNT_FILTER`,
      details,
    );
  }
  return pass(
    'accountFilter',
    `the account filter matches ${matching.length} of the ${plural(candidates.length, 'known account')} this integration may bill`,
    details,
  );
}

/** Every check that needs no network, in report order. */
export function offlineChecks(ctx: CheckContext): CheckResult[] {
  return [
    credentialConnectedCheck(ctx),
    accountMappingsCheck(ctx),
    dimensionMappingsCheck(ctx),
    allowedAccountsCheck(ctx),
    accountFilterCheck(ctx),
  ];
}
