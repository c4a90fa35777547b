// Prints the hub's OpenAPI document (what `/docs/json` serves) without a database or Redis: the
// routes are only registered, never called, so the services they would use are left out. The
// console's API client is generated from this (apps/console/scripts/generate-api.mjs).
import { writeFileSync } from 'node:fs';
import { buildApp } from '../src/app.js';
import { parseEnv } from '../src/config/env.js';
import type { HubServices } from '../src/services.js';

export async function openApiDocument(): Promise<unknown> {
  const env = parseEnv({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
  const services = { env, adapters: new Map(), sources: new Map() } as unknown as HubServices;
  const app = await buildApp({ services });
  await app.ready();
  try {
    return app.swagger();
  } finally {
    await app.close();
  }
}

// Run as a script with a file to write; imported (by the console's generator) it does nothing.
const out = process.argv[1]?.endsWith('openapi.ts') ? process.argv[2] : undefined;
if (out) {
  writeFileSync(out, `${JSON.stringify(await openApiDocument(), null, 2)}\n`);
}
