/** Command-line parsing for the CLI, kept apart from `cli.ts` so it can be tested without a process. */
import { parseArgs } from 'node:util';
import { DEFAULT_RATE_LIMIT_PER_SECOND } from './constants.js';

export interface CliOptions {
  port: number;
  host: string;
  seed: number | undefined;
  dataFile: string | undefined;
  windowHours: 6 | 24 | undefined;
  rateLimitPerSecond: number;
  logger: boolean;
  help: boolean;
}

export const CLI_USAGE = `Usage: aws-marketplace-emulator [options]

Local stand-in for the AWS Marketplace Metering Service (BatchMeterUsage) and AWS STS
(AssumeRole, GetCallerIdentity).

Options:
  --port <n>           port to listen on (default 0: a free port; env PORT)
  --host <addr>        address to bind (default 127.0.0.1; env HOST)
  --seed <n>           seed of the fault-injection PRNG (default 1)
  --data <file>        JSON seed file: { "accessKeys", "roles", "products", "customers", "faults", "windowHours" }
  --window-hours <h>   acceptance window, 24 (default) or 6
  --rate-limit <n>     BatchMeterUsage calls per second per account and region (default ${DEFAULT_RATE_LIMIT_PER_SECOND}; 0 = off)
  --log                log every request
  -h, --help           show this help

Prints the base URL on stdout: the endpoint for MarketplaceMeteringClient and STSClient. Admin API: <url>/admin.`;

export function parseCliArgs(argv: readonly string[], env: NodeJS.ProcessEnv = {}): CliOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      seed: { type: 'string' },
      data: { type: 'string' },
      'window-hours': { type: 'string' },
      'rate-limit': { type: 'string' },
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
  const windowText = values['window-hours'];
  if (windowText !== undefined && windowText !== '6' && windowText !== '24') {
    throw new Error(`--window-hours must be 6 or 24, got ${windowText}`);
  }
  const rateLimit = Number(values['rate-limit'] ?? DEFAULT_RATE_LIMIT_PER_SECOND);
  if (!Number.isFinite(rateLimit) || rateLimit < 0) {
    throw new Error(`--rate-limit must be a number ≥ 0, got ${values['rate-limit']}`);
  }
  return {
    port,
    host: values.host ?? env.HOST ?? '127.0.0.1',
    seed,
    dataFile: values.data,
    windowHours: windowText === undefined ? undefined : windowText === '6' ? 6 : 24,
    rateLimitPerSecond: rateLimit,
    logger: values.log ?? false,
    help: values.help ?? false,
  };
}
