/**
 * The body of every emulator's `cli.ts`: parse the arguments (usage and exit code 2 on a mistake),
 * start the emulator, load the `--data` document, print the base URL alone on stdout (scripts and
 * tests read it from there) and a human banner on stderr, then close cleanly on SIGINT or SIGTERM.
 */
import { readFile } from 'node:fs/promises';
import type { CommonCliOptions } from './cli-args.js';

export interface CliStartedEmulator {
  readonly url: string;
  /** The emulator's seed document; method syntax so each emulator's own document type fits. */
  load(document: unknown): void;
  close(): Promise<void>;
}

export interface EmulatorCli<Options extends CommonCliOptions, Started extends CliStartedEmulator> {
  readonly usage: string;
  readonly parse: (argv: readonly string[], env: NodeJS.ProcessEnv) => Options;
  readonly start: (options: Options) => Promise<Started>;
  /** One line for stderr once listening, e.g. where the API and the admin API are. */
  readonly banner: (emulator: Started) => string;
}

async function run<Options extends CommonCliOptions, Started extends CliStartedEmulator>(
  cli: EmulatorCli<Options, Started>,
): Promise<void> {
  let options: Options;
  try {
    options = cli.parse(process.argv.slice(2), process.env);
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${cli.usage}`);
    process.exitCode = 2;
    return;
  }
  if (options.help) {
    console.log(cli.usage);
    return;
  }
  const emulator = await cli.start(options);
  if (options.dataFile) {
    emulator.load(JSON.parse(await readFile(options.dataFile, 'utf8')));
  }
  console.log(emulator.url);
  console.error(cli.banner(emulator));

  const stop = () => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** Runs the CLI; a failure to start is printed and exits with 1. */
export function runEmulatorCli<Options extends CommonCliOptions, Started extends CliStartedEmulator>(
  cli: EmulatorCli<Options, Started>,
): void {
  run(cli).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
