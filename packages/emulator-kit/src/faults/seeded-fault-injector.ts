/**
 * The part of fault injection every emulator shares: a validated configuration that replaces the
 * previous one whole, a seeded PRNG (re-seeded by the configuration's `seed`, back to the start
 * seed on reset), and the pick of at most one outcome from cumulative rates with a single draw.
 * One draw per targeted request means a given seed and request sequence always produce the same
 * faults, so tests can assert exact counts.
 *
 * Which requests are targeted, the fault kinds, their answers on the wire and the per-kind counters
 * stay with each emulator: a subclass adds its own `decide(…)` built on `pick` and `draw`.
 */
import { createSeededRandom } from '../random/seeded-random.js';

/** What a zod schema's `safeParse` returns, structurally (the kit needs no zod of its own). */
export type SafeParseResult<Config> =
  | { readonly success: true; readonly data: Config }
  | {
      readonly success: false;
      readonly error: {
        readonly issues: ReadonlyArray<{
          readonly path: ReadonlyArray<PropertyKey>;
          readonly message: string;
        }>;
      };
    };

export interface FaultConfigSchema<Config> {
  safeParse(input: unknown): SafeParseResult<Config>;
}

export interface SeededFaultInjectorOptions<Config> {
  readonly schema: FaultConfigSchema<Config>;
  /** The configuration at start and after `reset()`. */
  readonly noFaults: Config;
  /** The PRNG's seed at start and after `reset()`. */
  readonly initialSeed: number;
  /** Builds the emulator's own input error (answered as its 400) from the message. */
  readonly invalidInput: (message: string) => Error;
}

export interface FaultDecision<Action extends string> {
  readonly latencyMs: number;
  readonly action: Action | undefined;
}

/** Exclusive outcomes of one draw, in the order their probabilities are stacked. */
export type FaultOutcomes<Action extends string> = ReadonlyArray<readonly [Action, number]>;

export class SeededFaultInjector<Config extends { readonly seed?: number | undefined }> {
  #config: Config;
  #random: () => number;

  constructor(private readonly options: SeededFaultInjectorOptions<Config>) {
    this.#config = options.noFaults;
    this.#random = createSeededRandom(options.initialSeed);
  }

  /** A copy: callers cannot change the live configuration by mutating it. */
  get config(): Config {
    return structuredClone(this.#config);
  }

  /** The live configuration, for subclasses' decisions (no copy per request). */
  protected get current(): Config {
    return this.#config;
  }

  /** For decisions that change the configuration as they go (a countdown of failing calls). */
  protected set current(config: Config) {
    this.#config = config;
  }

  /** Replaces the whole configuration (unset fields fall back to "no fault"). */
  configure(input: unknown): Config {
    const parsed = this.options.schema.safeParse(input ?? {});
    if (!parsed.success) {
      const issues = parsed.error.issues.map(
        (issue) => `${issue.path.map(String).join('.') || '(body)'}: ${issue.message}`,
      );
      throw this.options.invalidInput(`invalid fault configuration: ${issues.join('; ')}`);
    }
    this.#config = parsed.data;
    if (parsed.data.seed !== undefined) this.#random = createSeededRandom(parsed.data.seed);
    return this.config;
  }

  /** Back to no faults and the seed the emulator started with. */
  reset(): void {
    this.#config = this.options.noFaults;
    this.#random = createSeededRandom(this.options.initialSeed);
  }

  /** One value in [0, 1) from the PRNG, for draws of their own (a record left unprocessed…). */
  protected draw(): number {
    return this.#random();
  }

  /**
   * At most one outcome from one draw against the cumulative rates; `undefined` when no rate is set
   * and there is no latency (no draw is made then, so an idle configuration does not move the PRNG).
   */
  protected pick<Action extends string>(
    outcomes: FaultOutcomes<Action>,
    latencyMs: number,
  ): FaultDecision<Action> | undefined {
    const anyRate = outcomes.some(([, probability]) => probability > 0);
    if (!anyRate && latencyMs === 0) return undefined;
    let action: Action | undefined;
    if (anyRate) {
      const draw = this.#random();
      let threshold = 0;
      for (const [candidate, probability] of outcomes) {
        threshold += probability;
        if (draw < threshold) {
          action = candidate;
          break;
        }
      }
    }
    return { latencyMs, action };
  }
}
