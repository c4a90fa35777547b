#!/usr/bin/env node
/** `aws-marketplace-emulator`: starts the emulator and prints its URL; Ctrl-C stops it. */
import { runEmulatorCli } from '@hub/emulator-kit';
import { CLI_USAGE, parseCliArgs } from './cli-args.js';
import { startAwsEmulator } from './emulator.js';

runEmulatorCli({
  usage: CLI_USAGE,
  parse: parseCliArgs,
  start: (options) =>
    startAwsEmulator({
      port: options.port,
      host: options.host,
      logger: options.logger,
      rateLimitPerSecond: options.rateLimitPerSecond,
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      ...(options.windowHours === undefined ? {} : { windowHours: options.windowHours }),
    }),
  banner: (emulator) =>
    `aws-marketplace-emulator: metering + STS endpoint ${emulator.url}, admin API at ${emulator.url}/admin`,
});
