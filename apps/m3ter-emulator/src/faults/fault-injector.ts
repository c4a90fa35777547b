/**
 * Decides, per request, which fault (if any) to inject. One PRNG draw per targeted request picks at
 * most one outcome from the cumulative rates (see `SeededFaultInjector`), so a given seed and request
 * sequence always produce the same faults: tests can assert exact counts.
 */
import { type FaultDecision as KitFaultDecision, SeededFaultInjector } from '@hub/emulator-kit';
import type { EmulatorRouteId } from '../routes/route-ids.js';
import { EmulatorInputError } from '../state/seed-operations.js';
import { type FaultConfig, faultConfigSchema, NO_FAULTS } from './fault-config.js';

export type FaultAction = 'dropConnection' | 'status429' | 'status500' | 'status502';

export type FaultDecision = KitFaultDecision<FaultAction>;

export class FaultInjector extends SeededFaultInjector<FaultConfig> {
  constructor(initialSeed: number) {
    super({
      schema: faultConfigSchema,
      noFaults: NO_FAULTS,
      initialSeed,
      invalidInput: (message) => new EmulatorInputError(message),
    });
  }

  decide(route: EmulatorRouteId): FaultDecision | undefined {
    const config = this.current;
    if (!config.routes.includes(route)) return undefined;
    return this.pick<FaultAction>(
      [
        ['dropConnection', config.rateDropConnection],
        ['status429', config.rate429],
        ['status500', config.rate500],
        ['status502', config.rate502],
      ],
      config.latencyMs,
    );
  }

  /** True when this `GET /bills/{id}` should see the bill regenerated under it. */
  decideVersionChange(): boolean {
    const config = this.current;
    if (config.versionChangeBetweenReads <= 0 || !config.routes.includes('getBill')) return false;
    return this.draw() < config.versionChangeBetweenReads;
  }
}
