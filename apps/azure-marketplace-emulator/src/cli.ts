#!/usr/bin/env node
/** `azure-marketplace-emulator`: starts the emulator and prints its URL; Ctrl-C stops it. */
import { runEmulatorCli } from '@hub/emulator-kit';
import { CLI_USAGE, parseCliArgs } from './cli-args.js';
import { startEmulator } from './emulator.js';

runEmulatorCli({
  usage: CLI_USAGE,
  parse: parseCliArgs,
  start: (options) =>
    startEmulator({
      port: options.port,
      host: options.host,
      logger: options.logger,
      ...(options.seed === undefined ? {} : { seed: options.seed }),
    }),
  banner: (emulator) =>
    `azure-marketplace-emulator: metering API at ${emulator.url}/api, admin API at ${emulator.url}/admin`,
});
