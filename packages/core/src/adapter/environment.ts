import { z } from 'zod';
import type { MarketplaceAdapter } from './marketplace-adapter.js';

/**
 * The environment variables one plugin reads. The host never names them: it collects every loaded
 * adapter's declaration, parses them together with its own variables at start-up (so one message
 * lists everything wrong), and hands each adapter its values as `context.endpoints`.
 *
 * @example
 * ```ts
 * environment: {
 *   variables: {
 *     EXAMPLE_API_URL: {
 *       endpoint: 'apiUrl',
 *       schema: z.url().default('https://api.example.com'),
 *       description: 'Base URL of the metering API',
 *     },
 *   },
 * },
 * ```
 */
export interface AdapterEnvironment {
  /** By environment variable name (upper case, e.g. `AWS_REGION`). */
  readonly variables: Readonly<Record<string, AdapterVariable>>;
}

export interface AdapterVariable {
  /** The key of `context.endpoints` this variable fills (e.g. `apiUrl`). */
  readonly endpoint: string;
  /** Parses the raw value (a string, or `undefined` when unset); give it a default when one exists. */
  readonly schema: z.ZodType<string | undefined, string | undefined>;
  /** One line for the configuration docs and the start-up error. */
  readonly description: string;
}

/** What `parseAdapterEnvironments` found wrong: one line per variable. */
export class AdapterEnvironmentError extends Error {
  override readonly name = 'AdapterEnvironmentError';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid plugin environment:\n${problems.map((line) => `  - ${line}`).join('\n')}`);
  }
}

const VARIABLE_NAME = /^[A-Z][A-Z0-9_]*$/;

/**
 * Parses every adapter's variables from `source` and returns each adapter's `context.endpoints`,
 * by adapter id. Collects every problem before failing: a malformed value, a badly named variable,
 * one variable declared by two plugins, two variables filling one endpoint key.
 * Empty strings count as unset, as in most `.env` tooling.
 */
export function parseAdapterEnvironments(
  adapters: readonly Pick<MarketplaceAdapter, 'id' | 'environment'>[],
  source: Readonly<Record<string, string | undefined>>,
): Map<string, Readonly<Record<string, string | undefined>>> {
  const problems: string[] = [];
  const owners = new Map<string, string>();
  const result = new Map<string, Readonly<Record<string, string | undefined>>>();
  for (const adapter of adapters) {
    const endpoints: Record<string, string | undefined> = {};
    const filled = new Map<string, string>();
    for (const [name, variable] of Object.entries(adapter.environment?.variables ?? {})) {
      if (!VARIABLE_NAME.test(name)) {
        problems.push(
          `${name} (plugin ${adapter.id}): a variable name must be upper case letters, digits and "_"`,
        );
        continue;
      }
      const owner = owners.get(name);
      if (owner !== undefined) {
        problems.push(`${name}: declared by two plugins (${owner} and ${adapter.id})`);
        continue;
      }
      owners.set(name, adapter.id);
      const other = filled.get(variable.endpoint);
      if (other !== undefined) {
        problems.push(
          `${name} (plugin ${adapter.id}): fills endpoint "${variable.endpoint}", as ${other} does`,
        );
        continue;
      }
      filled.set(variable.endpoint, name);
      const raw = source[name];
      const parsed = variable.schema.safeParse(raw === '' ? undefined : raw);
      if (parsed.success) endpoints[variable.endpoint] = parsed.data;
      else problems.push(`${name}: ${parsed.error.issues.map((issue) => issue.message).join('; ')}`);
    }
    result.set(adapter.id, Object.freeze(endpoints));
  }
  if (problems.length > 0) throw new AdapterEnvironmentError(problems);
  return result;
}

/** A URL variable with a default: the common case. */
export function urlVariable(endpoint: string, defaultUrl: string, description: string): AdapterVariable {
  return { endpoint, schema: z.url({ error: 'must be a URL' }).default(defaultUrl), description };
}
