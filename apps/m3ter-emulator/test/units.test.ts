/** Exact decimal sums, cursor paging and query lists. */
import { describe, expect, it } from 'vitest';
import { paginate, QueryError } from '../src/http/paging.js';
import { list } from '../src/http/query.js';
import { addDecimals, toDecimalString } from '../src/json/decimal-string.js';

describe('decimal strings', () => {
  it('adds exactly', () => {
    expect(addDecimals('0.1', '0.2')).toBe('0.3');
    expect(addDecimals('9.1234567890123461', '10')).toBe('19.1234567890123461');
    expect(addDecimals('-1.5', '0.25')).toBe('-1.25');
    expect(addDecimals('0')).toBe('0');
  });

  it('normalises numbers and refuses what is not a decimal', () => {
    expect(toDecimalString(1e-7)).toBe('0.0000001');
    expect(toDecimalString(' 4.50 ')).toBe('4.50');
    expect(() => toDecimalString('1,5')).toThrow();
    expect(() => toDecimalString(Number.NaN)).toThrow();
  });
});

describe('paginate', () => {
  const items = [5, 4, 3, 2, 1];
  const options = { pageSize: 2, keyOf: (n: number) => n, descending: true, scope: 's' };

  it('continues after the last key served, even when items were added meanwhile', () => {
    const first = paginate(items, { ...options, nextToken: undefined });
    expect(first.data).toEqual([5, 4]);
    const second = paginate([6, ...items], { ...options, nextToken: first.nextToken });
    expect(second.data).toEqual([3, 2]);
    const third = paginate(items, { ...options, nextToken: second.nextToken });
    expect(third).toEqual({ data: [1] });
  });

  it('refuses a token of another list', () => {
    const first = paginate(items, { ...options, nextToken: undefined });
    expect(() => paginate(items, { ...options, scope: 'other', nextToken: first.nextToken })).toThrow(
      QueryError,
    );
  });
});

describe('query lists', () => {
  it('accepts repeated and comma-separated values', () => {
    expect(list({ ids: ['a', 'b,c'] }, 'ids')).toEqual(['a', 'b', 'c']);
    expect(list({ ids: '' }, 'ids')).toBeUndefined();
  });
});
