import type { Kysely } from 'kysely';
import type { Env } from './config/env.js';
import type { SecretBox } from './crypto/secret-box.js';
import type { Database } from './db/database.js';
import type { AdapterRegistry, SourceRegistry } from './plugins/load-plugins.js';

/**
 * Everything the API and the workers share, built once in main.ts (or a test) and passed down:
 * no module opens a connection on import.
 */
export interface HubServices {
  env: Env;
  db: Kysely<Database>;
  dbKind: 'postgres' | 'pglite';
  secretBox: SecretBox;
  /** The destinations this hub serves (one adapter per loaded plugin), by id. */
  adapters: AdapterRegistry;
  /** Each adapter's `context.endpoints`, parsed from the variables its plugin declares. */
  adapterEndpoints: ReadonlyMap<string, Readonly<Record<string, string | undefined>>>;
  /** The billing platforms bills are fetched from (one per loaded source plugin), by id. */
  sources: SourceRegistry;
  /** Wakes the outbox relay after a commit that wrote outbox rows (it also polls). */
  notifyOutbox: () => void;
  /** Health of the dependencies, for /readyz. */
  checkRedis: () => Promise<void>;
  now: () => Date;
}
