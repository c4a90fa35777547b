import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isMarketplaceAdapter } from '@hub/core';
import { describe, expect, it } from 'vitest';
import { EnvError } from '../../src/config/env.js';
import { importPlugins, loadConfig, loadPlugins, pluginNames } from '../../src/plugins/load-plugins.js';

const APP_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const FIXTURES = join(APP_DIR, 'test', 'fixtures', 'plugins');
/** A fixture plugin module as HUB_PLUGINS may name it: a file URL. */
const fixture = (name: string) => pathToFileURL(join(FIXTURES, name)).href;

const DEFAULT = fixture('default-adapter.ts');
const TWO = fixture('two-adapters.ts');
const NONE = fixture('no-adapter.ts');
const THROWS = fixture('throws-on-import.ts');
const DUPLICATE = fixture('duplicate-id.ts');
const MISSING = '@hub/plugin-does-not-exist';

/** The `@hub/plugin-*` dependencies of the app, read from its package.json. */
function pluginDependencies(): string[] {
  const manifest = JSON.parse(readFileSync(join(APP_DIR, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  return Object.keys(manifest.dependencies ?? {})
    .filter((name) => name.startsWith('@hub/plugin-'))
    .sort();
}

/** The message of the EnvError `promise` rejects with (fails the test otherwise). */
async function envErrorOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(EnvError);
  return (error as EnvError).message;
}

describe('pluginNames', () => {
  it("defaults to the app's @hub/plugin-* dependencies", () => {
    const dependencies = pluginDependencies();
    expect(dependencies).toContain('@hub/plugin-azure-marketplace');
    expect(pluginNames({ HUB_PLUGINS: undefined })).toEqual(dependencies);
    expect(pluginNames({ HUB_PLUGINS: '' })).toEqual(dependencies);
  });

  it('takes HUB_PLUGINS when set: trimmed, duplicates dropped, order kept', () => {
    expect(pluginNames({ HUB_PLUGINS: '@hub/plugin-b' })).toEqual(['@hub/plugin-b']);
    expect(
      pluginNames({ HUB_PLUGINS: ' @hub/plugin-b , @hub/plugin-a,@hub/plugin-b ,, @hub/plugin-a ' }),
    ).toEqual(['@hub/plugin-b', '@hub/plugin-a']);
    expect(pluginNames({ HUB_PLUGINS: `${DEFAULT}, ${TWO}` })).toEqual([DEFAULT, TWO]);
  });
});

describe('importPlugins', () => {
  it('accepts file URLs of plugin modules (import() of a pathToFileURL href)', async () => {
    const module = (await import(DEFAULT)) as { default: unknown };
    expect(isMarketplaceAdapter(module.default)).toBe(true);
  });

  it("takes a module's default export when it is an adapter", async () => {
    const { adapters, origins, problems } = await importPlugins([DEFAULT]);
    expect(problems).toEqual([]);
    expect(adapters.map((adapter) => adapter.id)).toEqual(['FIXTURE_DEFAULT']);
    expect(origins.get('FIXTURE_DEFAULT')).toBe(DEFAULT);
  });

  it("takes a module's named adapter exports when its default is none", async () => {
    const { adapters, origins, problems } = await importPlugins([TWO]);
    expect(problems).toEqual([]);
    expect(adapters.map((adapter) => adapter.id).sort()).toEqual(['FIXTURE_FIRST', 'FIXTURE_SECOND']);
    expect(origins.get('FIXTURE_FIRST')).toBe(TWO);
    expect(origins.get('FIXTURE_SECOND')).toBe(TWO);
  });

  it('refuses a module that exports nothing made with defineAdapter, naming it', async () => {
    const { adapters, problems } = await importPlugins([NONE]);
    expect(adapters).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(NONE);
    expect(problems[0]).toContain('exports no adapter');
    expect(problems[0]).toContain('defineAdapter');
  });

  it('says a package that cannot be found is not installed', async () => {
    const { adapters, problems } = await importPlugins([MISSING]);
    expect(adapters).toEqual([]);
    expect(problems).toEqual([
      `HUB_PLUGINS: plugin ${MISSING} is not installed (add it as a dependency of the hub, or remove it from HUB_PLUGINS)`,
    ]);
  });

  it("reports a module that throws on import with the module's name and its error", async () => {
    const { adapters, problems } = await importPlugins([THROWS]);
    expect(adapters).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(`plugin ${THROWS} failed to load`);
    expect(problems[0]).toContain('fixture plugin exploded on import');
  });

  it('refuses two modules defining one destination id, naming both, and keeps the first', async () => {
    const { adapters, origins, problems } = await importPlugins([DEFAULT, DUPLICATE]);
    expect(problems).toEqual([
      `HUB_PLUGINS: plugins ${DEFAULT} and ${DUPLICATE} both define the destination FIXTURE_DEFAULT`,
    ]);
    expect(adapters).toHaveLength(1);
    expect(adapters[0]!.displayName).toBe('Fixture FIXTURE_DEFAULT');
    expect(origins.get('FIXTURE_DEFAULT')).toBe(DEFAULT);
  });

  it('collects every problem of every module in one pass, keeping the good adapters', async () => {
    const { adapters, problems } = await importPlugins([DEFAULT, MISSING, NONE, THROWS, TWO, DUPLICATE]);
    expect(adapters.map((adapter) => adapter.id).sort()).toEqual([
      'FIXTURE_DEFAULT',
      'FIXTURE_FIRST',
      'FIXTURE_SECOND',
    ]);
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(
      new RegExp(['not installed', 'exports no adapter', 'failed to load', 'both define'].join('[^]*')),
    );
  });
});

describe('loadPlugins', () => {
  it('configures the plugins HUB_PLUGINS names, from their declared variables', async () => {
    const loaded = await loadPlugins({
      HUB_PLUGINS: `${DEFAULT},${TWO}`,
      source: { FIXTURE_FIRST_API_URL: 'http://127.0.0.1:9/first' },
    });
    expect([...loaded.adapters.keys()]).toEqual(['FIXTURE_DEFAULT', 'FIXTURE_FIRST', 'FIXTURE_SECOND']);
    expect(loaded.endpoints.get('FIXTURE_DEFAULT')).toEqual({
      apiUrl: 'https://fixture_default.example.com/',
    });
    expect(loaded.endpoints.get('FIXTURE_FIRST')).toEqual({ apiUrl: 'http://127.0.0.1:9/first' });
    expect(loaded.origins.get('FIXTURE_SECOND')).toBe(TWO);
  });
});

describe('loadConfig', () => {
  it('lists a bad hub variable, a missing plugin and a bad plugin variable in ONE EnvError', async () => {
    const message = await envErrorOf(
      loadConfig({
        PORT: 'abc',
        HUB_PLUGINS: `@hub/plugin-azure-marketplace,${MISSING}`,
        AZURE_LOGIN_URL: 'not-a-url',
      }),
    );
    const lines = message.split('\n');
    expect(lines[0]).toBe('Invalid environment:');
    expect(lines.slice(1)).toHaveLength(3);
    expect(lines.slice(1).every((line) => line.startsWith('  - '))).toBe(true);
    expect(message).toMatch(/^ {2}- PORT: /m);
    expect(message).toContain(`  - HUB_PLUGINS: plugin ${MISSING} is not installed`);
    expect(message).toContain('  - AZURE_LOGIN_URL: must be a URL');
  });

  it('lists the problems of plugins found by default alongside a bad hub variable', async () => {
    // HUB_PLUGINS unset: the default plugins (Azure) are still loaded and their variables checked.
    const message = await envErrorOf(
      loadConfig({ HUB_ROLE: 'everything', AZURE_MARKETPLACE_API_URL: 'nope', AZURE_LOGIN_URL: '' }),
    );
    expect(message).toContain('  - HUB_ROLE: ');
    expect(message).toContain('  - AZURE_MARKETPLACE_API_URL: must be a URL');
    expect(message).not.toContain('AZURE_LOGIN_URL');
  });

  it('returns the env, the Azure adapter and its endpoints from AZURE_MARKETPLACE_API_URL', async () => {
    const { env, plugins } = await loadConfig({
      NODE_ENV: 'test',
      PORT: '0',
      AZURE_MARKETPLACE_API_URL: 'http://127.0.0.1:4010/',
      AZURE_LOGIN_URL: '',
    });
    expect(env.PORT).toBe(0);
    expect(env.HUB_PLUGINS).toBeUndefined();
    // Every default plugin (the app's @hub/plugin-* dependencies) is loaded; Azure among them.
    expect(new Set(plugins.origins.values())).toEqual(new Set(pluginDependencies()));
    expect([...plugins.adapters.keys()]).toContain('AZURE_MARKETPLACE');
    const azure = plugins.adapters.get('AZURE_MARKETPLACE');
    expect(isMarketplaceAdapter(azure)).toBe(true);
    expect(plugins.origins.get('AZURE_MARKETPLACE')).toBe('@hub/plugin-azure-marketplace');
    const endpoints = plugins.endpoints.get('AZURE_MARKETPLACE');
    expect(endpoints?.['apiUrl']).toBe('http://127.0.0.1:4010/');
    // Unset (empty): the plugin's own default.
    expect(endpoints?.['loginUrl']).toMatch(/^https:\/\//);
  });

  it('loads fixture plugins named by HUB_PLUGINS next to nothing else', async () => {
    const { plugins } = await loadConfig({ HUB_PLUGINS: `${DEFAULT}` });
    expect([...plugins.adapters.keys()]).toEqual(['FIXTURE_DEFAULT']);
  });
});
