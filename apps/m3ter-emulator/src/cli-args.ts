/** Command-line parsing for the CLI, kept apart from `cli.ts` so it can be tested without a process. */
import { type CommonCliOptions, integerOption, parseEmulatorCliArgs } from '@hub/emulator-kit';

export interface CliOptions extends CommonCliOptions {
  rateLimitPerSecond: number | undefined;
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

export function parseCliArgs(argv: readonly string[], env: NodeJS.ProcessEnv = {}): CliOptions {
  const { common, extra } = parseEmulatorCliArgs(argv, env, {
    extraOptions: ['rate-limit'],
    // Bounded to what fits 32 bits, the part of a seed mulberry32 keeps (as this CLI always did).
    seedRange: [-(2 ** 31), 2 ** 32 - 1],
  });
  return {
    ...common,
    rateLimitPerSecond: integerOption('rate-limit', extra['rate-limit'], [0, 1_000_000]),
  };
}
