#!/usr/bin/env node
/** `m3ter-emulator`: starts the emulator and prints its URL; Ctrl-C stops it. */
import { readFile } from 'node:fs/promises';
import { CLI_USAGE, parseCliArgs } from './cli-args.js';
import { startM3terEmulator } from './emulator.js';

async function main(): Promise<void> {
  let options: ReturnType<typeof parseCliArgs>;
  try {
    options = parseCliArgs(process.argv.slice(2), process.env);
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${CLI_USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (options.help) {
    console.log(CLI_USAGE);
    return;
  }
  const emulator = await startM3terEmulator({
    port: options.port,
    host: options.host,
    logger: options.logger,
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.rateLimitPerSecond === undefined ? {} : { rateLimitPerSecond: options.rateLimitPerSecond }),
  });
  if (options.dataFile) {
    emulator.load(JSON.parse(await readFile(options.dataFile, 'utf8')));
  }
  console.log(emulator.url);
  console.error(
    `m3ter-emulator: token at ${emulator.url}/oauth/token, API at ${emulator.url}/organizations/<orgId>, admin API at ${emulator.url}/admin`,
  );

  const stop = () => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
