/** Exact JSON numbers (moved from the Azure emulator's unit tests). */
import { describe, expect, it } from 'vitest';
import { exactNumber, stringifyExactJson } from '../src/index.js';

describe('exact JSON', () => {
  it('writes exact numbers verbatim', () => {
    expect(stringifyExactJson({ q: exactNumber('0.10000000000000000001'), s: 'a', n: [1, undefined] })).toBe(
      '{"q":0.10000000000000000001,"s":"a","n":[1,null]}',
    );
  });

  it('otherwise writes what JSON.stringify writes', () => {
    const value = { d: new Date('2026-03-10T12:00:00Z'), u: undefined, nested: [{ a: null, b: true }] };
    expect(stringifyExactJson(value)).toBe(JSON.stringify(value));
    expect(stringifyExactJson(undefined)).toBe('null');
    expect(JSON.stringify({ q: exactNumber('1.50') })).toBe('{"q":1.5}');
  });
});
