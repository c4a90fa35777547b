/**
 * Decides, per call, which fault (if any) to inject. One PRNG draw per targeted call picks at most
 * one outcome from the cumulative rates, and one draw per record decides `rateUnprocessed`, so a
 * given seed and call sequence always produce the same faults: reliability tests can assert counts.
 */
import type { ApiProtocol } from '../auth/authenticate.js';
import { createSeededRandom } from '../random/seeded-random.js';
import { EmulatorInputError } from '../state/seed-operations.js';
import { type AwsFaultConfig, faultConfigSchema, NO_FAULTS } from './fault-config.js';

export type FaultAction = 'dropConnection' | 'status500' | 'throttle' | 'lostResponse' | 'failNext';

export interface FaultDecision {
  readonly latencyMs: number;
  readonly action: FaultAction | undefined;
}

export class FaultInjector {
  #config: AwsFaultConfig = NO_FAULTS;
  #random: () => number;

  constructor(private readonly initialSeed: number) {
    this.#random = createSeededRandom(initialSeed);
  }

  get config(): AwsFaultConfig {
    return structuredClone(this.#config);
  }

  /** Replaces the whole configuration (unset fields fall back to "no fault"). */
  configure(input: unknown): AwsFaultConfig {
    const parsed = faultConfigSchema.safeParse(input ?? {});
    if (!parsed.success) {
      const issues = parsed.error.issues.map(
        (issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`,
      );
      throw new EmulatorInputError(`invalid fault configuration: ${issues.join('; ')}`);
    }
    this.#config = parsed.data;
    if (parsed.data.seed !== undefined) this.#random = createSeededRandom(parsed.data.seed);
    return this.config;
  }

  /** Back to no faults and the seed the emulator started with. */
  reset(): void {
    this.#config = NO_FAULTS;
    this.#random = createSeededRandom(this.initialSeed);
  }

  #targets(api: ApiProtocol): boolean {
    return this.#config.only === undefined || this.#config.only === api;
  }

  decide(api: ApiProtocol): FaultDecision | undefined {
    const config = this.#config;
    if (!this.#targets(api)) return undefined;
    if (config.failNextCalls > 0) {
      this.#config = { ...config, failNextCalls: config.failNextCalls - 1 };
      return { latencyMs: config.latencyMs, action: 'failNext' };
    }
    const outcomes: ReadonlyArray<[FaultAction, number]> = [
      ['dropConnection', config.rateDropConnection],
      ['status500', config.rate500],
      ['throttle', config.rateThrottle],
      ['lostResponse', config.rateLostResponse],
    ];
    const anyRate = outcomes.some(([, probability]) => probability > 0);
    if (!anyRate && config.latencyMs === 0) return undefined;
    let action: FaultAction | undefined;
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
    return { latencyMs: config.latencyMs, action };
  }

  /** Per record of an accepted metering call: true = leave it unprocessed. */
  unprocessed(): boolean {
    const rate = this.#config.rateUnprocessed;
    if (rate === 0 || !this.#targets('metering')) return false;
    return this.#random() < rate;
  }
}
