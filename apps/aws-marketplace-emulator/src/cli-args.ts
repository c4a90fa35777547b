/** Command-line parsing for the CLI, kept apart from `cli.ts` so it can be tested without a process. */
import { type CommonCliOptions, parseEmulatorCliArgs } from '@hub/emulator-kit';
import { DEFAULT_RATE_LIMIT_PER_SECOND } from './constants.js';

export interface CliOptions extends CommonCliOptions {
  windowHours: 6 | 24 | undefined;
  rateLimitPerSecond: number;
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
  const { common, extra } = parseEmulatorCliArgs(argv, env, {
    extraOptions: ['window-hours', 'rate-limit'],
  });
  const windowText = extra['window-hours'];
  if (windowText !== undefined && windowText !== '6' && windowText !== '24') {
    throw new Error(`--window-hours must be 6 or 24, got ${windowText}`);
  }
  const rateLimit = Number(extra['rate-limit'] ?? DEFAULT_RATE_LIMIT_PER_SECOND);
  if (!Number.isFinite(rateLimit) || rateLimit < 0) {
    throw new Error(`--rate-limit must be a number ≥ 0, got ${extra['rate-limit']}`);
  }
  return {
    ...common,
    windowHours: windowText === undefined ? undefined : windowText === '6' ? 6 : 24,
    rateLimitPerSecond: rateLimit,
  };
}
