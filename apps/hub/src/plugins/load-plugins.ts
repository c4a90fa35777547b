import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  AdapterEnvironmentError,
  isMarketplaceAdapter,
  type MarketplaceAdapter,
  parseAdapterEnvironments,
} from '@hub/core';
import { checkEnv, type Env, envError } from '../config/env.js';

/** Package names that are plugins when `HUB_PLUGINS` is unset. */
const PLUGIN_PACKAGE = /^@hub\/plugin-/;

export type AdapterRegistry = ReadonlyMap<string, MarketplaceAdapter<any>>;

/** The destinations this hub serves, and how each is configured. */
export interface LoadedPlugins {
  adapters: AdapterRegistry;
  /** Each adapter's `context.endpoints`, from its declared variables. */
  endpoints: ReadonlyMap<string, Readonly<Record<string, string | undefined>>>;
  /** The package (or module) each adapter came from, for logs and errors. */
  origins: ReadonlyMap<string, string>;
}

/**
 * The plugin packages to load: `HUB_PLUGINS` when set, else every `@hub/plugin-*` dependency of
 * this app's package.json. Adding a destination is adding a dependency; no source file changes.
 */
export function pluginNames(env: Pick<Env, 'HUB_PLUGINS'>): string[] {
  if (env.HUB_PLUGINS) {
    return [...new Set(env.HUB_PLUGINS.split(',').map((name) => name.trim()))].filter(Boolean);
  }
  // src/plugins/ and dist/plugins/ both sit two levels below the app's package.json.
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  return Object.keys(manifest.dependencies ?? {})
    .filter((name) => PLUGIN_PACKAGE.test(name))
    .sort();
}

/** A module's adapters: its default export when that is one, else its named adapter exports. */
function adaptersOf(module: Record<string, unknown>): MarketplaceAdapter<any>[] {
  if (isMarketplaceAdapter(module.default)) return [module.default];
  return Object.entries(module)
    .filter(([name, value]) => name !== 'default' && isMarketplaceAdapter(value))
    .map(([, value]) => value as MarketplaceAdapter<any>);
}

/** The import failed because `name` itself is not there (not something it imports in turn). */
function missing(error: unknown, name: string): boolean {
  const code = (error as { code?: unknown })?.code;
  if (
    code !== 'ERR_MODULE_NOT_FOUND' &&
    code !== 'MODULE_NOT_FOUND' &&
    code !== 'ERR_PACKAGE_PATH_NOT_EXPORTED'
  )
    return false;
  const message = String((error as Error).message);
  // Node names a missing file by its path, not by the file URL it was asked for.
  const path = name.startsWith('file:') ? fileURLToPath(name) : name;
  return message.includes(name) || message.includes(path);
}

/**
 * Imports the named plugin packages and collects their adapters. Returns every problem rather than
 * stopping at the first: a package that is not installed, one that exports no adapter made with
 * `defineAdapter`, one that fails to import, two adapters with one id.
 */
export async function importPlugins(
  names: readonly string[],
): Promise<{ adapters: MarketplaceAdapter<any>[]; origins: Map<string, string>; problems: string[] }> {
  const adapters: MarketplaceAdapter<any>[] = [];
  const origins = new Map<string, string>();
  const problems: string[] = [];
  for (const name of names) {
    let module: Record<string, unknown>;
    try {
      module = (await import(name)) as Record<string, unknown>;
    } catch (error) {
      problems.push(
        missing(error, name)
          ? `HUB_PLUGINS: plugin ${name} is not installed (add it as a dependency of the hub, or remove it from HUB_PLUGINS)`
          : `HUB_PLUGINS: plugin ${name} failed to load: ${error instanceof Error ? error.message : String(error)}`,
      );
      continue;
    }
    const found = adaptersOf(module);
    if (found.length === 0) {
      problems.push(
        `HUB_PLUGINS: plugin ${name} exports no adapter (export one made with defineAdapter from @hub/core, as default or by name)`,
      );
      continue;
    }
    for (const adapter of found) {
      const other = origins.get(adapter.id);
      if (other !== undefined) {
        problems.push(`HUB_PLUGINS: plugins ${other} and ${name} both define the destination ${adapter.id}`);
        continue;
      }
      origins.set(adapter.id, name);
      adapters.push(adapter);
    }
  }
  return { adapters, origins, problems };
}

/** Parses each adapter's declared variables; the problems, or each adapter's endpoints. */
function adapterEndpoints(
  adapters: readonly MarketplaceAdapter<any>[],
  source: Readonly<Record<string, string>>,
):
  | { ok: true; endpoints: Map<string, Readonly<Record<string, string | undefined>>> }
  | { ok: false; problems: string[] } {
  try {
    return { ok: true, endpoints: parseAdapterEnvironments(adapters, source) };
  } catch (error) {
    if (error instanceof AdapterEnvironmentError) return { ok: false, problems: [...error.problems] };
    throw error;
  }
}

function registry(adapters: readonly MarketplaceAdapter<any>[]): Map<string, MarketplaceAdapter<any>> {
  return new Map(adapters.map((adapter) => [adapter.id, adapter]));
}

/**
 * The plugins for a parsed environment: imported (or given, in tests) and configured. Throws an
 * EnvError listing every problem.
 */
export async function loadPlugins(
  env: Pick<Env, 'HUB_PLUGINS' | 'source'>,
  options: { adapters?: readonly MarketplaceAdapter<any>[] } = {},
): Promise<LoadedPlugins> {
  const imported = options.adapters
    ? { adapters: [...options.adapters], origins: new Map<string, string>(), problems: [] }
    : await importPlugins(pluginNames(env));
  if (options.adapters) {
    for (const adapter of options.adapters) {
      if (imported.origins.has(adapter.id)) imported.problems.push(`two adapters share the id ${adapter.id}`);
      imported.origins.set(adapter.id, '(given)');
    }
  }
  const configured = adapterEndpoints(imported.adapters, env.source);
  const problems = [...imported.problems, ...(configured.ok ? [] : configured.problems)];
  if (problems.length > 0 || !configured.ok) throw envError(problems);
  return {
    adapters: registry(imported.adapters),
    endpoints: configured.endpoints,
    origins: imported.origins,
  };
}

/**
 * Start-up configuration in one step: the hub's variables, its plugins, and their variables, with
 * one list of everything wrong (an EnvError) rather than one problem per attempt.
 */
export async function loadConfig(
  source: NodeJS.ProcessEnv = process.env,
): Promise<{ env: Env; plugins: LoadedPlugins }> {
  const checked = checkEnv(source);
  const names = checked.ok
    ? pluginNames(checked.env)
    : pluginNames({ HUB_PLUGINS: source.HUB_PLUGINS?.trim() || undefined });
  const imported = await importPlugins(names);
  const cleaned = checked.ok
    ? checked.env.source
    : Object.fromEntries(
        Object.entries(source).filter(
          (entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '',
        ),
      );
  const configured = adapterEndpoints(imported.adapters, cleaned);
  const problems = [
    ...(checked.ok ? [] : checked.problems),
    ...imported.problems,
    ...(configured.ok ? [] : configured.problems),
  ];
  if (!checked.ok || !configured.ok || problems.length > 0) throw envError(problems);
  return {
    env: checked.env,
    plugins: {
      adapters: registry(imported.adapters),
      endpoints: configured.endpoints,
      origins: imported.origins,
    },
  };
}
