/**
 * `@hub/emulator-kit`: the infrastructure the local emulators (Azure Marketplace, AWS Marketplace,
 * m3ter) share. What differs between them (fault kinds and their answers, routes, seed documents,
 * their own CLI options) stays in each emulator.
 */
export {
  type CliArgsSpec,
  type CommonCliOptions,
  integerOption,
  type ParsedCliArgs,
  parseEmulatorCliArgs,
} from './cli/cli-args.js';
export { type CliStartedEmulator, type EmulatorCli, runEmulatorCli } from './cli/run-emulator-cli.js';
export {
  type FaultConfigSchema,
  type FaultDecision,
  type FaultOutcomes,
  type SafeParseResult,
  SeededFaultInjector,
  type SeededFaultInjectorOptions,
} from './faults/seeded-fault-injector.js';
export { type ListenableApp, type Listening, type ListenOptions, listenOn } from './http/listen.js';
export { ExactNumber, exactNumber, stringifyExactJson } from './json/exact-json-serializer.js';
export { createSeededRandom } from './random/seeded-random.js';
export { RateLimiter } from './rate-limit/rolling-window-rate-limiter.js';
