import type { ExternalMapping, MappingEntity } from '../model/external-mapping.js';
import type { ConfigData } from '../model/integration-config.js';

/** Where one kind of mapping lives in the destination (declared by each adapter). */
export interface MappingTarget {
  externalSystem: string;
  externalTable: string;
}

export interface MappingKey {
  m3terEntity: MappingEntity;
  m3terId: string;
}

/**
 * Looks up mappings for one integration with the linking rules of domain.md:
 * - a mapping linked to *another* integration is never used;
 * - `enforceExternalMappingsForConfig`: only mappings linked to this integration count;
 * - otherwise a linked mapping wins over an unlinked one.
 *
 * Built once per (integration, mapping set), then queried per bill in O(1).
 */
export class MappingIndex {
  private readonly byKey = new Map<string, ExternalMapping>();

  constructor(
    mappings: Iterable<ExternalMapping>,
    integrationId: string,
    config: Pick<ConfigData, 'enforceExternalMappingsForConfig'>,
  ) {
    for (const mapping of mappings) {
      const linked = mapping.integrationConfigId != null;
      if (linked && mapping.integrationConfigId !== integrationId) continue;
      if (!linked && config.enforceExternalMappingsForConfig) continue;
      const key = indexKey(
        mapping.externalSystem,
        mapping.externalTable,
        mapping.m3terEntity,
        mapping.m3terId,
      );
      const current = this.byKey.get(key);
      // Linked beats unlinked; two of the same kind cannot exist (unique key in storage).
      if (!current || (linked && current.integrationConfigId == null)) this.byKey.set(key, mapping);
    }
  }

  find(target: MappingTarget, key: MappingKey): ExternalMapping | undefined {
    return this.byKey.get(
      indexKey(target.externalSystem, target.externalTable, key.m3terEntity, key.m3terId),
    );
  }
}

function indexKey(system: string, table: string, entity: string, id: string): string {
  return `${system}\u0000${table}\u0000${entity}\u0000${id}`;
}

export type AccountMappingResult =
  | { ok: true; mapping: ExternalMapping; key: string }
  | { ok: false; reason: 'MISSING_ACCOUNT_MAPPING'; message: string; missing: MappingKey[] };

/**
 * Step 9: the account's mapping, keyed by the account id, or by its code when
 * `useExternalMappingAccountCode` is set (operators may map before ids exist).
 */
export function resolveAccountMapping(
  index: MappingIndex,
  target: MappingTarget,
  bill: { accountId: string; accountCode?: string | null | undefined },
  config: Pick<ConfigData, 'useExternalMappingAccountCode'>,
  accountCode?: string | null,
): AccountMappingResult {
  const key = config.useExternalMappingAccountCode
    ? (bill.accountCode ?? accountCode ?? null)
    : bill.accountId;
  if (key) {
    const mapping = index.find(target, { m3terEntity: 'Account', m3terId: key });
    if (mapping) return { ok: true, mapping, key };
  }
  const by = config.useExternalMappingAccountCode ? 'code' : 'id';
  return {
    ok: false,
    reason: 'MISSING_ACCOUNT_MAPPING',
    message: key
      ? `no ${target.externalSystem} ${target.externalTable} mapping for account ${by} ${key}`
      : `the bill has no account code to look up (useExternalMappingAccountCode is set)`,
    missing: key ? [{ m3terEntity: 'Account', m3terId: key }] : [],
  };
}
