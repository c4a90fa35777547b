/** Command-line parsing for the CLI, kept apart from `cli.ts` so it can be tested without a process. */
import { parseArgs } from 'node:util';

export interface CliOptions {
  port: number;
  host: string;
  seed: number | undefined;
  dataFile: string | undefined;
  rateLimitPerSecond: number | undefined;
  logger: boolean;
  help: boolean;
}

export const CLI_USAGE = `Usage: m3ter-emulator [options]

Local stand-in for the m3ter Config API (OAuth token, bills, line items, accounts, events, external mappings).

Options:
  --port <n>         port to listen on (default 0: a free port; env PORT)
  --host <addr>      address to bind (default 127.0.0.1; env HOST)
  --seed <n>         seed of the fault-injection PRNG (default 1)
  --data <file>      JSON seed file: { "organizations", "serviceUsers", "accounts", "bills",
                     "externalMappings": [...], "webhook": {...}, "faults": {...} }
  --rate-limit <n>   requests per second per organization (default 50; 0 turns the limit off)
  --log              log every request
  -h, --help         show this help

Prints the base URL on stdout: token at <url>/oauth/token, API at <url>/organizations/<orgId>, admin at <url>/admin.`;

function integer(name: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`--${name} must be an integer from ${min} to ${max}, got ${raw}`);
  }
  return value;
}

export function parseCliArgs(argv: readonly string[], env: NodeJS.ProcessEnv = {}): CliOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      seed: { type: 'string' },
      data: { type: 'string' },
      'rate-limit': { type: 'string' },
      log: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  return {
    port: integer('port', values.port ?? env.PORT, 0, 65535) ?? 0,
    host: values.host ?? env.HOST ?? '127.0.0.1',
    seed: integer('seed', values.seed, -(2 ** 31), 2 ** 32 - 1),
    dataFile: values.data,
    rateLimitPerSecond: integer('rate-limit', values['rate-limit'], 0, 1_000_000),
    logger: values.log ?? false,
    help: values.help ?? false,
  };
}
