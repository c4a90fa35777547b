import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  AdapterEnvironmentError,
  type BillSource,
  isBillSource,
  isMarketplaceAdapter,
  type MarketplaceAdapter,
  parseAdapterEnvironments,
} from '@hub/core';
import { checkEnv, type Env, envError } from '../config/env.js';

/** Package names that are plugins when `HUB_PLUGINS` is unset. */
const PLUGIN_PACKAGE = /^@hub\/plugin-/;

export type AdapterRegistry = ReadonlyMap<string, MarketplaceAdapter<any>>;
export type SourceRegistry = ReadonlyMap<string, BillSource<any, any>>;

/** The destinations and sources this hub serves, and how each is configured. */
export interface LoadedPlugins {
  adapters: AdapterRegistry;
  /** The billing platforms bills can be fetched from, by source id. */
  sources: SourceRegistry;
  /** Each adapter's and source's `context.endpoints`, from its declared variables, by id. */
  endpoints: ReadonlyMap<string, Readonly<Record<string, string | undefined>>>;
  /** The package (or module) each adapter or source came from, for logs and errors. */
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

type Plugin = MarketplaceAdapter<any> | BillSource<any, any>;
const isPlugin = (value: unknown): value is Plugin => isMarketplaceAdapter(value) || isBillSource(value);

/** A module's adapters and sources: its default export when that is one, else its named ones. */
function pluginsOf(module: Record<string, unknown>): Plugin[] {
  if (isPlugin(module.default)) return [module.default];
  return Object.entries(module)
    .filter(([name, value]) => name !== 'default' && isPlugin(value))
    .map(([, value]) => value as Plugin);
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
export async function importPlugins(names: readonly string[]): Promise<{
  adapters: MarketplaceAdapter<any>[];
  sources: BillSource<any, any>[];
  origins: Map<string, string>;
  problems: string[];
}> {
  const adapters: MarketplaceAdapter<any>[] = [];
  const sources: BillSource<any, any>[] = [];
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
    const found = pluginsOf(module);
    if (found.length === 0) {
      problems.push(
        `HUB_PLUGINS: plugin ${name} exports no adapter (export one made with defineAdapter or defineBillSource from @hub/core, as default or by name)`,
      );
      continue;
    }
    for (const plugin of found) {
      const other = origins.get(plugin.id);
      if (other !== undefined) {
        const what = isBillSource(plugin) ? 'source' : 'destination';
        problems.push(`HUB_PLUGINS: plugins ${other} and ${name} both define the ${what} ${plugin.id}`);
        continue;
      }
      origins.set(plugin.id, name);
      if (isBillSource(plugin)) sources.push(plugin);
      else adapters.push(plugin as MarketplaceAdapter<any>);
    }
  }
  return { adapters, sources, origins, problems };
}

/** Parses each plugin's declared variables; the problems, or each plugin's endpoints. */
function adapterEndpoints(
  adapters: readonly Pick<MarketplaceAdapter<any>, 'id' | 'environment'>[],
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

function registry<T extends { id: string }>(plugins: readonly T[]): Map<string, T> {
  return new Map(plugins.map((plugin) => [plugin.id, plugin]));
}

/**
 * The plugins for a parsed environment: imported (or given, in tests) and configured. Throws an
 * EnvError listing every problem.
 */
export async function loadPlugins(
  env: Pick<Env, 'HUB_PLUGINS' | 'source'>,
  options: { adapters?: readonly MarketplaceAdapter<any>[]; sources?: readonly BillSource<any, any>[] } = {},
): Promise<LoadedPlugins> {
  const imported = options.adapters
    ? {
        adapters: [...options.adapters],
        sources: [...(options.sources ?? [])],
        origins: new Map<string, string>(),
        problems: [] as string[],
      }
    : await importPlugins(pluginNames(env));
  if (!options.adapters && options.sources) {
    // Given sources (tests) beside the installed plugins.
    for (const source of options.sources) {
      if (imported.origins.has(source.id)) imported.problems.push(`two plugins share the id ${source.id}`);
      imported.origins.set(source.id, '(given)');
      imported.sources.push(source);
    }
  }
  if (options.adapters) {
    for (const adapter of options.adapters) {
      if (imported.origins.has(adapter.id)) imported.problems.push(`two adapters share the id ${adapter.id}`);
      imported.origins.set(adapter.id, '(given)');
    }
  }
  const configured = adapterEndpoints([...imported.adapters, ...imported.sources], env.source);
  const problems = [...imported.problems, ...(configured.ok ? [] : configured.problems)];
  if (problems.length > 0 || !configured.ok) throw envError(problems);
  return {
    adapters: registry(imported.adapters),
    sources: registry(imported.sources),
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
  const configured = adapterEndpoints([...imported.adapters, ...imported.sources], cleaned);
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
      sources: registry(imported.sources),
      endpoints: configured.endpoints,
      origins: imported.origins,
    },
  };
}
