import {
  type AdapterEnvironment,
  AdapterEnvironmentError,
  type MarketplaceAdapter,
  parseAdapterEnvironments,
  urlVariable,
} from '@hub/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

type Declared = Pick<MarketplaceAdapter, 'id' | 'environment'>;

const plugin = (id: string, variables?: AdapterEnvironment['variables']): Declared => ({
  id,
  ...(variables ? { environment: { variables } } : {}),
});

const example = plugin('EXAMPLE', {
  EXAMPLE_API_URL: urlVariable('apiUrl', 'https://api.example.com/', 'Base URL of the metering API'),
  EXAMPLE_REGION: {
    endpoint: 'region',
    schema: z.enum(['us-east-1', 'eu-west-1']).default('us-east-1'),
    description: 'Default region',
  },
  EXAMPLE_TENANT: {
    endpoint: 'tenant',
    schema: z
      .string()
      .transform((value) => value.trim().toLowerCase())
      .optional(),
    description: 'Tenant, case-insensitive; no default',
  },
});

/** The problems `parseAdapterEnvironments` throws for this input (fails the test if it returns). */
function problemsOf(adapters: readonly Declared[], source: Record<string, string | undefined>): string[] {
  try {
    parseAdapterEnvironments(adapters, source);
  } catch (error) {
    expect(error).toBeInstanceOf(AdapterEnvironmentError);
    return [...(error as AdapterEnvironmentError).problems];
  }
  throw new Error('expected an AdapterEnvironmentError');
}

describe('parseAdapterEnvironments', () => {
  it('applies each declared default when the variable is unset', () => {
    const endpoints = parseAdapterEnvironments([example], {});
    expect(endpoints.get('EXAMPLE')).toEqual({
      apiUrl: 'https://api.example.com/',
      region: 'us-east-1',
      tenant: undefined,
    });
  });

  it("parses each set variable with its schema into the adapter's endpoint key", () => {
    const endpoints = parseAdapterEnvironments([example], {
      EXAMPLE_API_URL: 'http://127.0.0.1:8080/metering',
      EXAMPLE_REGION: 'eu-west-1',
      EXAMPLE_TENANT: '  Contoso ',
      UNRELATED: 'ignored',
    });
    expect(endpoints.get('EXAMPLE')).toEqual({
      apiUrl: 'http://127.0.0.1:8080/metering',
      region: 'eu-west-1',
      tenant: 'contoso',
    });
  });

  it('treats an empty string as unset (the default applies, no error)', () => {
    const endpoints = parseAdapterEnvironments([example], {
      EXAMPLE_API_URL: '',
      EXAMPLE_REGION: '',
      EXAMPLE_TENANT: '',
    });
    expect(endpoints.get('EXAMPLE')).toEqual({
      apiUrl: 'https://api.example.com/',
      region: 'us-east-1',
      tenant: undefined,
    });
  });

  it('gives every adapter an entry, a frozen empty one when it declares nothing', () => {
    const endpoints = parseAdapterEnvironments([plugin('PLAIN'), example], {});
    expect([...endpoints.keys()]).toEqual(['PLAIN', 'EXAMPLE']);
    expect(endpoints.get('PLAIN')).toEqual({});
    expect(Object.isFrozen(endpoints.get('PLAIN'))).toBe(true);
    expect(Object.isFrozen(endpoints.get('EXAMPLE'))).toBe(true);
  });

  it('names the variable whose value is not a URL', () => {
    const problems = problemsOf([example], { EXAMPLE_API_URL: 'not-a-url' });
    expect(problems).toEqual(['EXAMPLE_API_URL: must be a URL']);
  });

  it('refuses one variable declared by two plugins, naming both', () => {
    const shared = urlVariable('apiUrl', 'https://shared.example.com/', 'shared');
    const problems = problemsOf(
      [plugin('FIRST', { SHARED_API_URL: shared }), plugin('SECOND', { SHARED_API_URL: shared })],
      {},
    );
    expect(problems).toEqual(['SHARED_API_URL: declared by two plugins (FIRST and SECOND)']);
  });

  it('refuses a variable name that is not upper case letters, digits and "_"', () => {
    for (const name of ['example_api_url', 'EXAMPLE-API-URL', '1EXAMPLE', 'Example_Url', '']) {
      const problems = problemsOf(
        [plugin('EXAMPLE', { [name]: urlVariable('apiUrl', 'https://api.example.com/', 'x') })],
        {},
      );
      expect(problems).toHaveLength(1);
      expect(problems[0]).toContain(`${name} (plugin EXAMPLE)`);
      expect(problems[0]).toContain('upper case');
    }
  });

  it('refuses two variables of one plugin filling one endpoint key', () => {
    const problems = problemsOf(
      [
        plugin('EXAMPLE', {
          EXAMPLE_API_URL: urlVariable('apiUrl', 'https://api.example.com/', 'x'),
          EXAMPLE_BASE_URL: urlVariable('apiUrl', 'https://base.example.com/', 'y'),
        }),
      ],
      {},
    );
    expect(problems).toEqual([
      'EXAMPLE_BASE_URL (plugin EXAMPLE): fills endpoint "apiUrl", as EXAMPLE_API_URL does',
    ]);
  });

  it('lets two plugins use the same endpoint key: each has its own endpoints', () => {
    const endpoints = parseAdapterEnvironments(
      [
        plugin('FIRST', { FIRST_API_URL: urlVariable('apiUrl', 'https://first.example.com/', 'x') }),
        plugin('SECOND', { SECOND_API_URL: urlVariable('apiUrl', 'https://second.example.com/', 'y') }),
      ],
      { SECOND_API_URL: 'http://localhost:1/' },
    );
    expect(endpoints.get('FIRST')).toEqual({ apiUrl: 'https://first.example.com/' });
    expect(endpoints.get('SECOND')).toEqual({ apiUrl: 'http://localhost:1/' });
  });

  it('lists every problem of every plugin in one AdapterEnvironmentError', () => {
    const adapters = [
      plugin('FIRST', {
        FIRST_API_URL: urlVariable('apiUrl', 'https://first.example.com/', 'x'),
        first_login_url: urlVariable('loginUrl', 'https://login.example.com/', 'y'),
        FIRST_OTHER_URL: urlVariable('apiUrl', 'https://other.example.com/', 'z'),
        SHARED_REGION: { endpoint: 'region', schema: z.string().optional(), description: 'r' },
      }),
      plugin('SECOND', {
        SHARED_REGION: { endpoint: 'region', schema: z.string().optional(), description: 'r' },
        SECOND_API_URL: urlVariable('apiUrl', 'https://second.example.com/', 'x'),
      }),
    ];
    let thrown: unknown;
    try {
      parseAdapterEnvironments(adapters, { FIRST_API_URL: 'nope', SECOND_API_URL: 'also nope' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AdapterEnvironmentError);
    const error = thrown as AdapterEnvironmentError;
    expect(error.name).toBe('AdapterEnvironmentError');
    expect(error.problems).toEqual([
      'FIRST_API_URL: must be a URL',
      'first_login_url (plugin FIRST): a variable name must be upper case letters, digits and "_"',
      'FIRST_OTHER_URL (plugin FIRST): fills endpoint "apiUrl", as FIRST_API_URL does',
      'SHARED_REGION: declared by two plugins (FIRST and SECOND)',
      'SECOND_API_URL: must be a URL',
    ]);
    expect(error.message.split('\n')).toEqual([
      'Invalid plugin environment:',
      ...error.problems.map((line) => `  - ${line}`),
    ]);
  });
});
