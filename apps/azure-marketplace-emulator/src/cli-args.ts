/** Command-line parsing for the CLI, kept apart from `cli.ts` so it can be tested without a process. */
import { parseArgs } from 'node:util';

export interface CliOptions {
  port: number;
  host: string;
  seed: number | undefined;
  dataFile: string | undefined;
  logger: boolean;
  help: boolean;
}

export const CLI_USAGE = `Usage: azure-marketplace-emulator [options]

Local stand-in for Azure Marketplace metering + SaaS fulfillment APIs and the Entra token endpoint.

Options:
  --port <n>      port to listen on (default 0: a free port; env PORT)
  --host <addr>   address to bind (default 127.0.0.1; env HOST)
  --seed <n>      seed of the fault-injection PRNG (default 1)
  --data <file>   JSON seed file: { "credentials": [...], "subscriptions": [...], "faults": {...} }
  --log           log every request
  -h, --help      show this help

Prints the base URL on stdout. Metering client base URL: <url>/api. Admin API: <url>/admin.`;

export function parseCliArgs(argv: readonly string[], env: NodeJS.ProcessEnv = {}): CliOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      seed: { type: 'string' },
      data: { type: 'string' },
      log: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const port = Number(values.port ?? env.PORT ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be an integer from 0 to 65535, got ${values.port ?? env.PORT}`);
  }
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (seed !== undefined && !Number.isInteger(seed))
    throw new Error(`--seed must be an integer, got ${values.seed}`);
  return {
    port,
    host: values.host ?? env.HOST ?? '127.0.0.1',
    seed,
    dataFile: values.data,
    logger: values.log ?? false,
    help: values.help ?? false,
  };
}
