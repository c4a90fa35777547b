/** The shared fault-decision core, through a small injector of the kind each emulator defines. */
import { describe, expect, it } from 'vitest';
import { type SafeParseResult, SeededFaultInjector } from '../src/index.js';

interface TestConfig {
  readonly rateA: number;
  readonly rateB: number;
  readonly latencyMs: number;
  readonly countdown: number;
  readonly seed?: number | undefined;
}

const NO_FAULTS: TestConfig = { rateA: 0, rateB: 0, latencyMs: 0, countdown: 0 };

/** Stands in for a zod schema: fills defaults, refuses anything but numbers. */
const schema = {
  safeParse(input: unknown): SafeParseResult<TestConfig> {
    const entries = Object.entries(input as Record<string, unknown>);
    const bad = entries.find(([, value]) => typeof value !== 'number');
    if (bad) {
      return { success: false, error: { issues: [{ path: [bad[0]], message: 'expected a number' }] } };
    }
    return { success: true, data: { ...NO_FAULTS, ...(input as Partial<TestConfig>) } };
  },
};

class TestInputError extends Error {}

class TestInjector extends SeededFaultInjector<TestConfig> {
  constructor(seed: number) {
    super({ schema, noFaults: NO_FAULTS, initialSeed: seed, invalidInput: (m) => new TestInputError(m) });
  }

  decide() {
    const config = this.current;
    if (config.countdown > 0) {
      this.current = { ...config, countdown: config.countdown - 1 };
      return { latencyMs: config.latencyMs, action: 'countdown' as const };
    }
    return this.pick(
      [
        ['a', config.rateA],
        ['b', config.rateB],
      ] as const,
      config.latencyMs,
    );
  }

  extraDraw(): number {
    return this.draw();
  }
}

const actions = (injector: TestInjector, n: number) =>
  Array.from({ length: n }, () => injector.decide()?.action);

describe('SeededFaultInjector', () => {
  it('repeats its decisions for a seed, and again after reset', () => {
    const injector = new TestInjector(9);
    injector.configure({ rateA: 0.3, rateB: 0.3 });
    const first = actions(injector, 50);
    expect(first).toContain('a');
    expect(first).toContain('b');
    expect(first).toContain(undefined);
    const twin = new TestInjector(9);
    twin.configure({ rateA: 0.3, rateB: 0.3 });
    expect(actions(twin, 50)).toEqual(first);
    injector.reset();
    expect(injector.config).toEqual(NO_FAULTS);
    injector.configure({ rateA: 0.3, rateB: 0.3 });
    expect(actions(injector, 50)).toEqual(first);
  });

  it('re-seeds from the configuration', () => {
    const a = new TestInjector(1);
    const b = new TestInjector(2);
    a.configure({ rateA: 0.5, seed: 42 });
    b.configure({ rateA: 0.5, seed: 42 });
    expect(actions(a, 30)).toEqual(actions(b, 30));
  });

  it('stacks the rates: a rate of 1 always wins, latency alone decides no action', () => {
    const injector = new TestInjector(1);
    expect(injector.decide()).toBeUndefined();
    injector.configure({ rateB: 1 });
    expect(actions(injector, 5)).toEqual(['b', 'b', 'b', 'b', 'b']);
    injector.configure({ latencyMs: 20 });
    expect(injector.decide()).toEqual({ latencyMs: 20, action: undefined });
  });

  it('does not draw when nothing can happen', () => {
    const idle = new TestInjector(3);
    const fresh = new TestInjector(3);
    idle.decide();
    idle.decide();
    expect(idle.extraDraw()).toBe(fresh.extraDraw());
  });

  it('lets a subclass count down in its configuration; hands out copies', () => {
    const injector = new TestInjector(1);
    injector.configure({ countdown: 2 });
    expect(actions(injector, 3)).toEqual(['countdown', 'countdown', undefined]);
    const copy = injector.config as { countdown: number };
    copy.countdown = 5;
    expect(injector.config.countdown).toBe(0);
  });

  it("refuses an invalid configuration with the emulator's own error, keeping the old one", () => {
    const injector = new TestInjector(1);
    injector.configure({ rateA: 0.5 });
    expect(() => injector.configure({ rateA: 'x' })).toThrow(TestInputError);
    expect(() => injector.configure({ rateA: 'x' })).toThrow(
      'invalid fault configuration: rateA: expected a number',
    );
    expect(injector.config.rateA).toBe(0.5);
  });
});
