/** The options every emulator's CLI shares. */
import { describe, expect, it } from 'vitest';
import { integerOption, parseEmulatorCliArgs } from '../src/index.js';

describe('parseEmulatorCliArgs', () => {
  it('parses the common options and falls back to PORT/HOST', () => {
    expect(
      parseEmulatorCliArgs(
        ['--port', '8123', '--host', '0.0.0.0', '--seed', '9', '--data', 'seed.json', '--log'],
        {},
      ),
    ).toEqual({
      common: { port: 8123, host: '0.0.0.0', seed: 9, dataFile: 'seed.json', logger: true, help: false },
      extra: {},
    });
    expect(parseEmulatorCliArgs(['-h'], { PORT: '4000', HOST: '::1' }).common).toMatchObject({
      port: 4000,
      host: '::1',
      help: true,
    });
    expect(parseEmulatorCliArgs([], {}).common).toMatchObject({
      port: 0,
      host: '127.0.0.1',
      seed: undefined,
    });
  });

  it("hands back an emulator's own options as raw text", () => {
    const parsed = parseEmulatorCliArgs(
      ['--rate-limit', '0'],
      {},
      { extraOptions: ['rate-limit', 'window-hours'] },
    );
    expect(parsed.extra).toEqual({ 'rate-limit': '0' });
    expect(() => parseEmulatorCliArgs(['--rate-limit', '0'], {})).toThrow();
  });

  it('refuses bad ports, seeds, unknown options and positionals', () => {
    expect(() => parseEmulatorCliArgs(['--port', 'x'], {})).toThrow(
      '--port must be an integer from 0 to 65535, got x',
    );
    expect(() => parseEmulatorCliArgs([], { PORT: '70000' })).toThrow(/--port/);
    expect(() => parseEmulatorCliArgs(['--seed', '1.5'], {})).toThrow('--seed must be an integer, got 1.5');
    expect(() =>
      parseEmulatorCliArgs(['--seed=-3000000000'], {}, { seedRange: [-(2 ** 31), 2 ** 32 - 1] }),
    ).toThrow('--seed must be an integer from -2147483648 to 4294967295, got -3000000000');
    expect(() => parseEmulatorCliArgs(['--bogus'], {})).toThrow();
    expect(() => parseEmulatorCliArgs(['extra'], {})).toThrow();
  });

  it('integerOption passes undefined through', () => {
    expect(integerOption('n', undefined, [0, 1])).toBeUndefined();
    expect(integerOption('n', '1', [0, 1])).toBe(1);
  });
});
