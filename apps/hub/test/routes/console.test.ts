import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, type TestHub } from '../support/test-hub.js';

// A stand-in build: the plugin serves whatever apps/console's `vite build` wrote.
const build = mkdtempSync(join(tmpdir(), 'hub-console-'));
mkdirSync(join(build, 'assets'));
writeFileSync(
  join(build, 'index.html'),
  '<!doctype html><title>console</title><script src="/console/assets/index-AbC123.js"></script>',
);
writeFileSync(join(build, 'assets', 'index-AbC123.js'), 'console.log("app")');
writeFileSync(join(build, 'assets', 'index-AbC123.js.map'), '{}');

let hub: TestHub;
let unbuilt: TestHub;
beforeAll(async () => {
  hub = await createTestHub({ HUB_CONSOLE_DIR: build });
  unbuilt = await createTestHub({ HUB_CONSOLE_DIR: join(build, 'missing') });
});
afterAll(async () => {
  await hub?.close();
  await unbuilt?.close();
  rmSync(build, { recursive: true, force: true });
});

const get = (target: TestHub, url: string) => target.call({ method: 'GET', url, key: null });

describe('the console at /console/', () => {
  it('serves index.html uncached, with a policy that allows only this origin, and no key needed', async () => {
    const res = await get(hub, '/console/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.body).toContain('/console/assets/index-AbC123.js');
  });

  it('answers every screen URL with the page, so a screen can be opened or reloaded directly', async () => {
    for (const url of ['/console/runs', '/console/integrations/abc/check', '/console/usage?period=x']) {
      const res = await get(hub, url);
      expect(res.statusCode, url).toBe(200);
      expect(res.body).toContain('<title>console</title>');
    }
    const bare = await get(hub, '/console');
    expect(bare.statusCode).toBe(308);
    expect(bare.headers.location).toBe('/console/');
  });

  it('caches hashed assets for a year; a missing asset or a source map is a 404, never the page', async () => {
    const asset = await get(hub, '/console/assets/index-AbC123.js');
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.body).toBe('console.log("app")');
    for (const url of ['/console/assets/index-Old999.js', '/console/assets/index-AbC123.js.map']) {
      const res = await get(hub, url);
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error.code).toBe('NOT_FOUND');
    }
  });

  it('says how to build it when there is no build, and the API still works', async () => {
    const res = await get(unbuilt, '/console/');
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain('pnpm build');
    expect((await unbuilt.call({ method: 'GET', url: '/v1/integrations' })).statusCode).toBe(200);
  });
});
