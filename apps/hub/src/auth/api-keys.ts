import { createHash, randomBytes } from 'node:crypto';

/** API keys are shown once and stored as a SHA-256 hash (they are long random strings, so no salt/KDF is needed). */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function generateApiKey(): string {
  return `hub_${randomBytes(24).toString('base64url')}`;
}
