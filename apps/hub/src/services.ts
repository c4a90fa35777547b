import type { Kysely } from 'kysely';
import type { AdapterRegistry } from './adapters.js';
import type { Env } from './config/env.js';
import type { SecretBox } from './crypto/secret-box.js';
import type { Database } from './db/database.js';

/**
 * Everything the API and the workers share, built once in main.ts (or a test) and passed down:
 * no module opens a connection on import.
 */
export interface HubServices {
  env: Env;
  db: Kysely<Database>;
  dbKind: 'postgres' | 'pglite';
  secretBox: SecretBox;
  adapters: AdapterRegistry;
  /** Wakes the outbox relay after a commit that wrote outbox rows (it also polls). */
  notifyOutbox: () => void;
  /** Health of the dependencies, for /readyz. */
  checkRedis: () => Promise<void>;
  now: () => Date;
}
