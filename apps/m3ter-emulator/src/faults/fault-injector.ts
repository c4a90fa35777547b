/**
 * Decides, per request, which fault (if any) to inject. One PRNG draw per targeted request picks at
 * most one outcome from the cumulative rates, so a given seed and request sequence always produce
 * the same faults: tests can assert exact counts.
 */
import { createSeededRandom } from '../random/seeded-random.js';
import type { EmulatorRouteId } from '../routes/route-ids.js';
import { EmulatorInputError } from '../state/seed-operations.js';
import { type FaultConfig, faultConfigSchema, NO_FAULTS } from './fault-config.js';

export type FaultAction = 'dropConnection' | 'status429' | 'status500' | 'status502';

export interface FaultDecision {
  readonly latencyMs: number;
  readonly action: FaultAction | undefined;
}

export class FaultInjector {
  #config: FaultConfig = NO_FAULTS;
  #random: () => number;

  constructor(private readonly initialSeed: number) {
    this.#random = createSeededRandom(initialSeed);
  }

  get config(): FaultConfig {
    return structuredClone(this.#config);
  }

  /** Replaces the whole configuration (unset fields fall back to "no fault"). */
  configure(input: unknown): FaultConfig {
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

  decide(route: EmulatorRouteId): FaultDecision | undefined {
    const config = this.#config;
    if (!config.routes.includes(route)) return undefined;
    const outcomes: ReadonlyArray<[FaultAction, number]> = [
      ['dropConnection', config.rateDropConnection],
      ['status429', config.rate429],
      ['status500', config.rate500],
      ['status502', config.rate502],
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

  /** True when this `GET /bills/{id}` should see the bill regenerated under it. */
  decideVersionChange(): boolean {
    const config = this.#config;
    if (config.versionChangeBetweenReads <= 0 || !config.routes.includes('getBill')) return false;
    return this.#random() < config.versionChangeBetweenReads;
  }
}
