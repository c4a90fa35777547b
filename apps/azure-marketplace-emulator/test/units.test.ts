/**
 * Unit tests of the small pure pieces: decimals, lossless JSON, UTC time, CLI arguments (the PRNG and
 * the exact JSON writer are tested in @hub/emulator-kit).
 */
import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../src/cli-args.js';
import { addDecimals, isPositiveDecimal, normalizeDecimal } from '../src/decimal/decimal-string.js';
import { numberSourceText, parseLosslessJson } from '../src/json/lossless-json-parser.js';
import { floorToUtcHour, formatMessageTime, parseUtcTime } from '../src/time/utc-time.js';

describe('decimal strings', () => {
  it.each([
    ['9.0000', '9'],
    ['050.50', '50.5'],
    ['1e2', '100'],
    ['1.5E-3', '0.0015'],
    ['-0.0', '0'],
    ['9.1234567890123461', '9.1234567890123461'],
    ['0', '0'],
  ])('normalizes %s to %s', (input, expected) => {
    expect(normalizeDecimal(input)).toBe(expected);
  });

  it('rejects non-numbers and absurd exponents', () => {
    expect(normalizeDecimal('abc')).toBeUndefined();
    expect(normalizeDecimal('1e9999')).toBeUndefined();
  });

  it('adds exactly and tests positivity', () => {
    expect(addDecimals('0.1', '0.2')).toBe('0.3');
    expect(addDecimals('9.1234567890123461', '0.0000000000000009')).toBe('9.123456789012347');
    expect(addDecimals('-1.5', '1.5')).toBe('0');
    expect(isPositiveDecimal('0.000001')).toBe(true);
    expect(isPositiveDecimal('0')).toBe(false);
    expect(isPositiveDecimal('-2')).toBe(false);
  });
});

describe('lossless JSON', () => {
  it('parses like JSON.parse and remembers number text', () => {
    const text =
      '{"a":[1.50,{"q":9.12345678901234567890}],"b":"x\\"y","c":null,"d":true,"__proto__":{"z":1}}';
    const value = parseLosslessJson(text) as { a: [number, { q: number }]; __proto__: unknown };
    expect(value).toEqual(JSON.parse(text));
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(numberSourceText(value.a, 0)).toBe('1.50');
    expect(numberSourceText(value.a[1], 'q')).toBe('9.12345678901234567890');
  });

  it.each(['', '{', '{"a":}', '[1,]', '01', '{"a":1}x', "{'a':1}", '"\u0001"', 'NaN'])(
    'rejects %j',
    (text) => {
      expect(() => parseLosslessJson(text)).toThrow(SyntaxError);
    },
  );

  it('rejects hostile nesting without overflowing the stack', () => {
    expect(() => parseLosslessJson('['.repeat(100_000))).toThrow(/nested too deeply/);
  });
});

describe('UTC time', () => {
  it('reads zone-less times as UTC and applies offsets', () => {
    expect(parseUtcTime('2021-12-14T01:00:00')?.toISOString()).toBe('2021-12-14T01:00:00.000Z');
    expect(parseUtcTime('2021-12-14T01:00:00+01:00')?.toISOString()).toBe('2021-12-14T00:00:00.000Z');
    expect(parseUtcTime('2020-01-12T11:03:28.14Z')?.toISOString()).toBe('2020-01-12T11:03:28.140Z');
    expect(parseUtcTime('2020-12-03')?.toISOString()).toBe('2020-12-03T00:00:00.000Z');
    expect(parseUtcTime('2020-12-03T15:00')?.toISOString()).toBe('2020-12-03T15:00:00.000Z');
    expect(parseUtcTime('2021-02-29T00:00:00Z')).toBeUndefined();
    expect(parseUtcTime('2021-12-14T24:00:00Z')).toBeUndefined();
    expect(parseUtcTime('soon')).toBeUndefined();
  });

  it('floors to the hour and formats seven fractional digits', () => {
    expect(floorToUtcHour(new Date('2021-12-14T01:59:59.999Z')).toISOString()).toBe(
      '2021-12-14T01:00:00.000Z',
    );
    expect(formatMessageTime(new Date('2021-12-14T20:29:42.017Z'))).toBe('2021-12-14T20:29:42.0170000Z');
  });
});

describe('CLI arguments', () => {
  it('parses options and falls back to PORT/HOST', () => {
    expect(
      parseCliArgs(['--port', '8123', '--host', '0.0.0.0', '--seed', '9', '--data', 'seed.json']),
    ).toEqual({
      port: 8123,
      host: '0.0.0.0',
      seed: 9,
      dataFile: 'seed.json',
      logger: false,
      help: false,
    });
    expect(parseCliArgs([], { PORT: '4000' })).toMatchObject({ port: 4000, host: '127.0.0.1' });
    expect(() => parseCliArgs(['--port', 'x'])).toThrow(/--port/);
    expect(() => parseCliArgs(['--bogus'])).toThrow();
  });
});
