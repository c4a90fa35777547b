/**
 * The options every emulator's CLI takes (`--port`, `--host`, `--seed`, `--data`, `--log`, `--help`),
 * with PORT and HOST from the environment as fallbacks. An emulator adds its own string options
 * (`--rate-limit`, `--window-hours`…) and validates their raw text itself: what they mean differs.
 */
import { parseArgs } from 'node:util';

export interface CommonCliOptions {
  port: number;
  host: string;
  seed: number | undefined;
  dataFile: string | undefined;
  logger: boolean;
  help: boolean;
}

export interface ParsedCliArgs<Extra extends string> {
  readonly common: CommonCliOptions;
  /** The raw text of each extra option given on the command line. */
  readonly extra: Partial<Record<Extra, string>>;
}

export interface CliArgsSpec<Extra extends string> {
  /** Names of the emulator's own `--name <value>` options. */
  readonly extraOptions?: readonly Extra[];
  /** Bounds of `--seed`, when the emulator sets any (its error message then names them). */
  readonly seedRange?: readonly [min: number, max: number];
}

/**
 * `raw` as an integer in [min, max], or an error naming the option; `undefined` when not given.
 * Without bounds the message only asks for an integer.
 */
export function integerOption(
  name: string,
  raw: string | undefined,
  range?: readonly [min: number, max: number],
): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (range === undefined) {
    if (!Number.isInteger(value)) throw new Error(`--${name} must be an integer, got ${raw}`);
    return value;
  }
  const [min, max] = range;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`--${name} must be an integer from ${min} to ${max}, got ${raw}`);
  }
  return value;
}

/** Parses strictly: an unknown option or a positional argument is an error. */
export function parseEmulatorCliArgs<Extra extends string = never>(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  spec: CliArgsSpec<Extra> = {},
): ParsedCliArgs<Extra> {
  const extraNames: readonly Extra[] = spec.extraOptions ?? [];
  const { values } = parseArgs({
    args: [...argv],
    options: {
      ...Object.fromEntries(extraNames.map((name) => [name, { type: 'string' as const }])),
      port: { type: 'string' },
      host: { type: 'string' },
      seed: { type: 'string' },
      data: { type: 'string' },
      log: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const extra: Partial<Record<Extra, string>> = {};
  const given: Readonly<Record<string, unknown>> = values;
  for (const name of extraNames) {
    const value = given[name];
    if (typeof value === 'string') extra[name] = value;
  }
  return {
    common: {
      port: integerOption('port', values.port ?? env.PORT, [0, 65535]) ?? 0,
      host: values.host ?? env.HOST ?? '127.0.0.1',
      seed: integerOption('seed', values.seed, spec.seedRange),
      dataFile: values.data,
      logger: values.log ?? false,
      help: values.help ?? false,
    },
    extra,
  };
}
