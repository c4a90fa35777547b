#!/usr/bin/env node
/** `m3ter-emulator`: starts the emulator and prints its URL; Ctrl-C stops it. */
import { runEmulatorCli } from '@hub/emulator-kit';
import { CLI_USAGE, parseCliArgs } from './cli-args.js';
import { startM3terEmulator } from './emulator.js';

runEmulatorCli({
  usage: CLI_USAGE,
  parse: parseCliArgs,
  start: (options) =>
    startM3terEmulator({
      port: options.port,
      host: options.host,
      logger: options.logger,
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      ...(options.rateLimitPerSecond === undefined ? {} : { rateLimitPerSecond: options.rateLimitPerSecond }),
    }),
  banner: (emulator) =>
    `m3ter-emulator: token at ${emulator.url}/oauth/token, API at ${emulator.url}/organizations/<orgId>, admin API at ${emulator.url}/admin`,
});
