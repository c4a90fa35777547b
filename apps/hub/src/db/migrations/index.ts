import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './2026-11-25T00-00_initial.js';
import * as lookupIndexes from './2026-11-25T01-00_lookup-indexes.js';
import * as oneCreditPool from './2026-12-03T01-00_one-credit-pool.js';
import * as apiKeyRoles from './2026-12-03T02-00_api-key-roles.js';
import * as unclearEvents from './2026-12-03T03-00_unclear-events.js';
import * as sources from './2026-12-03T04-00_sources.js';
import * as latestRunIndex from './2026-12-03T06-00_latest-run-index.js';

/**
 * Every migration, by its dated name. A static list (not a folder scan) so migrations work the same
 * from `src/` under vitest and from `dist/` in production.
 */
const MIGRATIONS: Record<string, Migration> = {
  '2026-11-25T00-00_initial': initial,
  '2026-11-25T01-00_lookup-indexes': lookupIndexes,
  '2026-12-03T01-00_one-credit-pool': oneCreditPool,
  '2026-12-03T02-00_api-key-roles': apiKeyRoles,
  '2026-12-03T03-00_unclear-events': unclearEvents,
  '2026-12-03T04-00_sources': sources,
  '2026-12-03T06-00_latest-run-index': latestRunIndex,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
