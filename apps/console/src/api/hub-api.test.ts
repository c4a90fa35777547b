import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_TYPES_FILE, renderApiTypes } from '../../scripts/api-types.js';

describe('the generated API client', () => {
  it("matches the hub's routes (run `pnpm --filter @hub/console generate:api` when this fails)", async () => {
    const committed = readFileSync(API_TYPES_FILE, 'utf8');
    const current = await renderApiTypes();
    // One line of context is enough to find the route that changed.
    if (committed !== current) {
      const a = committed.split('\n');
      const b = current.split('\n');
      const line = a.findIndex((text, i) => text !== b[i]);
      expect.fail(
        `src/api/hub-api.d.ts is stale from line ${line + 1}: committed ${JSON.stringify(a[line])}, the hub now gives ${JSON.stringify(b[line])}`,
      );
    }
    expect(current).toContain('"/v1/integrations"');
  }, 60_000);
});
