import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { spawnManaged } from '@hub/test-services';
import { afterAll, describe, expect, it } from 'vitest';

const APP_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dataDir = mkdtempSync(join(tmpdir(), 'hub-plugin-startup-'));

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/**
 * Runs `hub serve` from the sources (as test/support/hub-processes.ts does) until it exits. The
 * plugins are loaded and checked before the hub connects to anything, so no database is needed.
 */
async function serveUntilExit(
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !name.startsWith('AZURE_') && !name.startsWith('AWS_') && name !== 'HUB_PLUGINS',
    ),
  );
  const proc = spawnManaged(
    process.execPath,
    ['--conditions=@hub/source', '--import', 'tsx', 'src/main.ts', 'serve'],
    {
      cwd: APP_DIR,
      env: {
        ...inherited,
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        HUB_ROLE: 'all',
        HOST: '127.0.0.1',
        PORT: '0',
        HUB_DATA_DIR: dataDir,
        // Nothing listens here: the hub must stop before it tries.
        REDIS_URL: 'redis://127.0.0.1:1',
        DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  proc.child.stdout?.on('data', (chunk) => {
    stdout += chunk;
  });
  proc.child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  try {
    const code = await Promise.race([
      proc.exited,
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`hub did not exit:\n${stdout}\n${stderr}`)), 60_000).unref(),
      ),
    ]);
    // Let the pipes drain.
    await new Promise((resolve) => setImmediate(resolve));
    return { code, stdout, stderr };
  } finally {
    await proc.kill();
  }
}

/** What start-up must look like when the configuration is wrong: exit 1, the list, no stack. */
function expectCleanConfigFailure(result: { code: number | null; stdout: string; stderr: string }) {
  expect(result.code, result.stderr).toBe(1);
  expect(result.stderr.startsWith('Invalid environment:\n'), result.stderr).toBe(true);
  // An EnvError is printed as its message only: no stack trace, no error class, no other crash.
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(result.stderr).not.toMatch(/EnvError|Unhandled|ERR_|TypeError|ReferenceError/);
  expect(result.stdout).not.toContain('running');
}

describe('hub serve with a bad plugin configuration', () => {
  it('stops at once, naming a plugin that is not installed', async () => {
    const result = await serveUntilExit({ HUB_PLUGINS: '@hub/plugin-does-not-exist' });
    expectCleanConfigFailure(result);
    expect(result.stderr.trim().split('\n')).toEqual([
      'Invalid environment:',
      '  - HUB_PLUGINS: plugin @hub/plugin-does-not-exist is not installed (add it as a dependency of the hub, or remove it from HUB_PLUGINS)',
    ]);
  });

  it("stops at once, naming a plugin's bad variable", async () => {
    const result = await serveUntilExit({
      HUB_PLUGINS: '@hub/plugin-azure-marketplace',
      AZURE_LOGIN_URL: 'not-a-url',
    });
    expectCleanConfigFailure(result);
    expect(result.stderr.trim().split('\n')).toEqual([
      'Invalid environment:',
      '  - AZURE_LOGIN_URL: must be a URL',
    ]);
  });

  it("lists the hub's, the loader's and the plugins' problems together, one plugin module failing on import among them", async () => {
    const throwing = pathToFileURL(join(APP_DIR, 'test', 'fixtures', 'plugins', 'throws-on-import.ts')).href;
    const result = await serveUntilExit({
      PORT: 'abc',
      HUB_PLUGINS: `@hub/plugin-azure-marketplace,@hub/plugin-does-not-exist,${throwing}`,
      AZURE_MARKETPLACE_API_URL: 'nope',
    });
    expectCleanConfigFailure(result);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[1]).toMatch(/^ {2}- PORT: /);
    expect(lines[2]).toContain('@hub/plugin-does-not-exist is not installed');
    expect(lines[3]).toContain(`plugin ${throwing} failed to load: fixture plugin exploded on import`);
    expect(lines[4]).toBe('  - AZURE_MARKETPLACE_API_URL: must be a URL');
  });
});
