/**
 * Decides, per call, which fault (if any) to inject. One PRNG draw per targeted call picks at most
 * one outcome from the cumulative rates (see `SeededFaultInjector`), and one draw per record decides
 * `rateUnprocessed`, so a given seed and call sequence always produce the same faults: reliability
 * tests can assert counts.
 */
import { type FaultDecision as KitFaultDecision, SeededFaultInjector } from '@hub/emulator-kit';
import type { ApiProtocol } from '../auth/authenticate.js';
import { EmulatorInputError } from '../state/seed-operations.js';
import { type AwsFaultConfig, faultConfigSchema, NO_FAULTS } from './fault-config.js';

export type FaultAction = 'dropConnection' | 'status500' | 'throttle' | 'lostResponse' | 'failNext';

export type FaultDecision = KitFaultDecision<FaultAction>;

export class FaultInjector extends SeededFaultInjector<AwsFaultConfig> {
  constructor(initialSeed: number) {
    super({
      schema: faultConfigSchema,
      noFaults: NO_FAULTS,
      initialSeed,
      invalidInput: (message) => new EmulatorInputError(message),
    });
  }

  #targets(api: ApiProtocol): boolean {
    return this.current.only === undefined || this.current.only === api;
  }

  decide(api: ApiProtocol): FaultDecision | undefined {
    const config = this.current;
    if (!this.#targets(api)) return undefined;
    // Deterministic failures come before any draw, and count down in the visible configuration.
    if (config.failNextCalls > 0) {
      this.current = { ...config, failNextCalls: config.failNextCalls - 1 };
      return { latencyMs: config.latencyMs, action: 'failNext' };
    }
    return this.pick<FaultAction>(
      [
        ['dropConnection', config.rateDropConnection],
        ['status500', config.rate500],
        ['throttle', config.rateThrottle],
        ['lostResponse', config.rateLostResponse],
      ],
      config.latencyMs,
    );
  }

  /** Per record of an accepted metering call: true = leave it unprocessed. */
  unprocessed(): boolean {
    const rate = this.current.rateUnprocessed;
    if (rate === 0 || !this.#targets('metering')) return false;
    return this.draw() < rate;
  }
}
