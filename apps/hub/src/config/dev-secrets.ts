import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Development conveniences: a value generated once and kept in the data dir (mode 0600), so a dev
 * hub restarts with the same encryption key and admin key. Production must pass them in the env.
 */
export function readOrCreateDevSecret(
  dataDir: string,
  name: string,
  create: () => string,
): { value: string; created: boolean } {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, name);
  if (existsSync(file)) return { value: readFileSync(file, 'utf8').trim(), created: false };
  const value = create();
  writeFileSync(file, `${value}\n`, { mode: 0o600 });
  return { value, created: true };
}

export const newEncryptionKey = (): string => randomBytes(32).toString('base64');
export const newAdminKey = (): string => `hub_admin_${randomBytes(24).toString('base64url')}`;
