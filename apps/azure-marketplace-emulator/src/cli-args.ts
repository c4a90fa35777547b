/** Command-line parsing for the CLI, kept apart from `cli.ts` so it can be tested without a process. */
import { type CommonCliOptions, parseEmulatorCliArgs } from '@hub/emulator-kit';

/** Only the options every emulator takes. */
export type CliOptions = CommonCliOptions;

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
  return parseEmulatorCliArgs(argv, env).common;
}
