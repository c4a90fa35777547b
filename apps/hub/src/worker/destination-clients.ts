import type { MarketplaceAdapter, MarketplaceClient, ResourceDescription } from '@hub/core';
import { destinationEndpoints } from '../destinations/destination-endpoints.js';
import { loadCredentialWithSecrets } from '../repositories/credentials.repository.js';
import type { HubServices } from '../services.js';

interface CachedClient {
  adapter: MarketplaceAdapter<any>;
  client: MarketplaceClient;
}

const RESOURCE_TTL_MS = 10 * 60_000;

/**
 * One destination client per credential per worker process (MSAL's token cache and undici's pool
 * live in it), and a short-lived cache of what the fulfillment API said about each resource.
 * Secrets are decrypted here, in memory, and never leave it.
 */
export class DestinationClients {
  private readonly clients = new Map<string, CachedClient>();
  private readonly resources = new Map<string, { description: ResourceDescription; until: number }>();

  constructor(private readonly services: HubServices) {}

  async forCredential(orgId: string, credentialId: string): Promise<CachedClient | null> {
    const cached = this.clients.get(credentialId);
    if (cached) return cached;
    const loaded = await loadCredentialWithSecrets(
      this.services.db,
      this.services.secretBox,
      orgId,
      credentialId,
    );
    if (!loaded) return null;
    const adapter = this.services.adapters.get(loaded.credential.destination);
    if (!adapter) return null;
    const parsed = adapter.credential.schema.parse(loaded.values);
    const client = adapter.createClient({
      credential: parsed,
      endpoints: destinationEndpoints(this.services, adapter.id),
      now: this.services.now,
    });
    const entry = { adapter, client };
    this.clients.set(credentialId, entry);
    return entry;
  }

  /** The resource's plan and status, cached for ten minutes when the answer was definite. */
  async describe(client: MarketplaceClient, resourceId: string): Promise<ResourceDescription | null> {
    if (!client.describeResource) return null;
    const hit = this.resources.get(resourceId);
    if (hit && hit.until > Date.now()) return { ...hit.description, exchanges: [] };
    const description = await client.describeResource(resourceId);
    if (description.ok) this.resources.set(resourceId, { description, until: Date.now() + RESOURCE_TTL_MS });
    return description;
  }

  /** Forgets a credential's client (after an auth failure, so a fixed secret is picked up). */
  async evict(credentialId: string): Promise<void> {
    const cached = this.clients.get(credentialId);
    this.clients.delete(credentialId);
    await cached?.client.close();
  }

  async closeAll(): Promise<void> {
    const all = [...this.clients.values()];
    this.clients.clear();
    await Promise.all(all.map((c) => c.client.close()));
  }
}
