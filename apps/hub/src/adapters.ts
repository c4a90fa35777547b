import type { MarketplaceAdapter } from '@hub/core';
import { azureMarketplaceAdapter } from '@hub/plugin-azure-marketplace';

/**
 * The static adapter registry. Adding a destination means one line here (and its package in
 * package.json); nothing else in the hub knows which destinations exist.
 */
export const ADAPTERS: readonly MarketplaceAdapter<any>[] = [azureMarketplaceAdapter];

export type AdapterRegistry = ReadonlyMap<string, MarketplaceAdapter<any>>;

export function createAdapterRegistry(
  adapters: readonly MarketplaceAdapter<any>[] = ADAPTERS,
): AdapterRegistry {
  const registry = new Map<string, MarketplaceAdapter<any>>();
  for (const adapter of adapters) {
    if (registry.has(adapter.id)) throw new Error(`two adapters share the id ${adapter.id}`);
    registry.set(adapter.id, adapter);
  }
  return registry;
}
