import { describe, expect, it } from 'vitest';
import type { Account } from '../model/account.js';
import { type AccountFilterSubject, compileAccountFilter, evaluateAccountFilter } from './evaluate.js';
import { parseAccountFilter } from './parser.js';

const base: AccountFilterSubject = { id: 'acc-1' };
const run = (text: string, account: AccountFilterSubject = base): boolean =>
  compileAccountFilter(text)(account);
const cf = (customFields: Record<string, string | number | null> | null): AccountFilterSubject => ({
  ...base,
  customFields,
});

describe('documented examples', () => {
  const example = 'customFields != null AND customFields.country = = UK';

  it('customFields != null AND customFields.country = = UK', () => {
    expect(run(example, cf({ country: 'UK' }))).toBe(true);
    expect(run(example, cf({ country: 'US' }))).toBe(false);
    expect(run(example, cf({ country: 'uk' }))).toBe(false);
    expect(run(example, cf({ tier: 3 }))).toBe(false);
    expect(run(example, cf({}))).toBe(false);
    expect(run(example, cf(null))).toBe(false);
    expect(run(example, base)).toBe(false);
  });

  it('address.country == US', () => {
    const filter = compileAccountFilter('address.country == US');
    expect(filter({ ...base, address: { country: 'US' } })).toBe(true);
    expect(filter({ ...base, address: { country: 'UK' } })).toBe(false);
    expect(filter({ ...base, address: { country: null } })).toBe(false);
    expect(filter({ ...base, address: null })).toBe(false);
    expect(filter(base)).toBe(false);
  });
});

describe('fields', () => {
  const account: AccountFilterSubject = {
    id: 'acc-1',
    name: 'Acme',
    code: 'acme_corp',
    currency: 'USD',
    address: { addressLine1: '1 Main St', locality: 'Springfield', postCode: '12345', country: 'US' },
    customFields: { tier: 3, region: 'emea' },
  };

  it('reads every field, with accountName/accountCode and the aliases name/code reading name/code', () => {
    expect(run('id == acc-1', account)).toBe(true);
    expect(run('accountName == Acme AND name == Acme', account)).toBe(true);
    expect(run('accountCode == acme_corp AND code == "acme_corp"', account)).toBe(true);
    expect(run('currency == USD', account)).toBe(true);
    expect(run('address.addressLine1 == "1 Main St" AND address.locality == Springfield', account)).toBe(
      true,
    );
    expect(run('address.postCode == 12345 AND address.postCode == "12345"', account)).toBe(true);
    expect(run('customFields.region == emea', account)).toBe(true);
  });

  it('treats missing fields and missing containers as null', () => {
    expect(run('address.region == null', account)).toBe(true);
    expect(run('address.region != null', account)).toBe(false);
    expect(run('customFields.missing == null', account)).toBe(true);
    expect(run('name == null AND code == null AND currency == null AND address.country == null', base)).toBe(
      true,
    );
    expect(run('customFields.x == null', { ...base, customFields: null })).toBe(true);
  });

  it('reads null, {} and missing as a null customFields/address object; any own key as non-null', () => {
    expect(run('customFields == null', cf(null))).toBe(true);
    expect(run('customFields == null', cf({}))).toBe(true);
    expect(run('customFields == null', base)).toBe(true);
    expect(run('customFields != null', cf({ a: null }))).toBe(true);
    expect(run('address == null', { ...base, address: {} })).toBe(true);
    expect(run('address != null', { ...base, address: { country: 'UK' } })).toBe(true);
    // An object is only comparable with null.
    expect(run('customFields == "[object Object]"', cf({ a: 1 }))).toBe(false);
    expect(run('customFields > 0', cf({ a: 1 }))).toBe(false);
  });

  it('compares field with field', () => {
    const account2 = { ...base, address: { country: 'UK' }, customFields: { home: 'UK', n: 2, m: '10' } };
    expect(run('address.country == customFields.home', account2)).toBe(true);
    expect(run('customFields.n < customFields.m', account2)).toBe(true);
    expect(run('customFields.home == address.region', account2)).toBe(false);
  });
});

describe('comparison semantics', () => {
  it('compares numbers numerically, also against numeric strings', () => {
    expect(run('customFields.tier == 3', cf({ tier: 3 }))).toBe(true);
    expect(run('customFields.tier == 3', cf({ tier: '3' }))).toBe(true);
    expect(run('customFields.tier == 3.0', cf({ tier: '3' }))).toBe(true);
    expect(run('customFields.tier == 03', cf({ tier: 3 }))).toBe(true);
    expect(run('customFields.tier == 3', cf({ tier: 'three' }))).toBe(false);
    expect(run('customFields.tier != 3', cf({ tier: 'three' }))).toBe(true);
    expect(run('customFields.tier == -2', cf({ tier: -2 }))).toBe(true);
    expect(run('customFields.tier == 3', cf({ tier: '3e0' }))).toBe(true);
    expect(run('customFields.tier > 9', cf({ tier: 10 }))).toBe(true);
    expect(run('customFields.tier > 9', cf({ tier: '10' }))).toBe(true);
    expect(run('customFields.tier < -1.5', cf({ tier: -2 }))).toBe(true);
  });

  it('compares decimals exactly', () => {
    expect(run('customFields.rate == 0.1', cf({ rate: '0.10' }))).toBe(true);
    expect(run('customFields.rate == 0.1', cf({ rate: 0.1 }))).toBe(true);
    expect(run('customFields.rate == 0.3', cf({ rate: 0.1 + 0.2 }))).toBe(false);
    expect(run('customFields.rate == 0.30000000000000000001', cf({ rate: '0.3' }))).toBe(false);
    expect(run('customFields.rate < 0.30000000000000000001', cf({ rate: '0.3' }))).toBe(true);
    expect(run('customFields.big == 12345678901234567890.5', cf({ big: '12345678901234567890.5' }))).toBe(
      true,
    );
    expect(run('customFields.big > 12345678901234567890', cf({ big: '12345678901234567890.5' }))).toBe(true);
  });

  it('reads numbers kept as text by the lossless JSON parser exactly', () => {
    const lossless = { isLosslessNumber: true, value: '0.10000000000000000001' };
    const account = cf({ rate: lossless as unknown as string });
    expect(run('customFields.rate > 0.1', account)).toBe(true);
    expect(run('customFields.rate == 0.10000000000000000001', account)).toBe(true);
  });

  it('compares strings case-sensitively and lexicographically; numeric strings stay strings against strings', () => {
    expect(run('customFields.c == "UK"', cf({ c: 'UK' }))).toBe(true);
    expect(run('customFields.c == uk', cf({ c: 'UK' }))).toBe(false);
    expect(run('customFields.c < b', cf({ c: 'a' }))).toBe(true);
    expect(run('customFields.c < B', cf({ c: 'a' }))).toBe(false);
    expect(run('customFields.c >= abc', cf({ c: 'abc' }))).toBe(true);
    expect(run('customFields.c == "3.0"', cf({ c: '3' }))).toBe(false);
    expect(run('customFields.c < "9"', cf({ c: '10' }))).toBe(true);
  });

  it('treats null as equal only to null and never ordered', () => {
    expect(run('customFields.x == null', cf({ x: null }))).toBe(true);
    expect(run('customFields.x != null', cf({ x: null }))).toBe(false);
    expect(run('customFields.x == null', cf({ x: 0 }))).toBe(false);
    expect(run('customFields.x == null', cf({ x: '' }))).toBe(false);
    expect(run('customFields.x != null', cf({ x: '' }))).toBe(true);
    expect(run('null == null')).toBe(true);
    for (const op of ['<', '<=', '>', '>=']) {
      expect(run(`customFields.x ${op} 1`, cf({ x: null }))).toBe(false);
      expect(run(`customFields.x ${op} null`, cf({ x: 1 }))).toBe(false);
      expect(run(`null ${op} null`)).toBe(false);
    }
  });

  it('treats ordering between a number and a non-numeric string as false', () => {
    for (const op of ['<', '<=', '>', '>='])
      expect(run(`customFields.x ${op} 1`, cf({ x: 'abc' }))).toBe(false);
  });

  it('compares booleans with booleans and with the exact text true/false', () => {
    expect(run('true == TRUE')).toBe(true);
    expect(run('true != false')).toBe(true);
    expect(run('customFields.flag == true', cf({ flag: 'true' }))).toBe(true);
    expect(run('customFields.flag == false', cf({ flag: 'true' }))).toBe(false);
    expect(run('customFields.flag == true', cf({ flag: 'TRUE' }))).toBe(false);
    expect(run('customFields.flag == true', cf({ flag: 1 }))).toBe(false);
    expect(run('customFields.flag < true', cf({ flag: 'false' }))).toBe(false);
  });

  it('evaluates every operator', () => {
    const at = (n: number) => cf({ n });
    const table: Array<[string, boolean[]]> = [
      ['==', [false, true, false]],
      ['!=', [true, false, true]],
      ['<', [true, false, false]],
      ['<=', [true, true, false]],
      ['>', [false, false, true]],
      ['>=', [false, true, true]],
    ];
    for (const [op, expected] of table) {
      expect(
        [1, 2, 3].map((n) => run(`customFields.n ${op} 2`, at(n))),
        op,
      ).toEqual(expected);
    }
  });
});

describe('logic', () => {
  const t = 'id == acc-1';
  const f = 'id == other';

  it('implements AND, OR, NOT in every spelling', () => {
    for (const and of ['AND', 'and', '&&']) {
      expect([run(`${t} ${and} ${t}`), run(`${t} ${and} ${f}`), run(`${f} ${and} ${t}`)]).toEqual([
        true,
        false,
        false,
      ]);
    }
    for (const or of ['OR', 'or', '||']) {
      expect([run(`${f} ${or} ${f}`), run(`${t} ${or} ${f}`), run(`${f} ${or} ${t}`)]).toEqual([
        false,
        true,
        true,
      ]);
    }
    for (const not of ['NOT ', 'not ', '!']) {
      expect([run(`${not}${t}`), run(`${not}${f}`), run(`${not}${not}${t}`)]).toEqual([false, true, true]);
    }
  });

  it('applies precedence NOT > AND > OR and parentheses', () => {
    expect(run(`${t} OR ${t} AND ${f}`)).toBe(true);
    expect(run(`(${t} OR ${t}) AND ${f}`)).toBe(false);
    expect(run(`NOT ${f} AND ${t}`)).toBe(true);
    expect(run(`NOT (${f} OR ${t})`)).toBe(false);
    expect(run(`NOT ${f} OR ${f}`)).toBe(true);
  });

  it('implements IN and NOT IN with the equality rules', () => {
    const uk = { ...base, address: { country: 'UK' }, customFields: { tier: '3' } };
    expect(run('address.country IN (US, UK)', uk)).toBe(true);
    expect(run('address.country IN (US, DE)', uk)).toBe(false);
    expect(run('address.country NOT IN (US, DE)', uk)).toBe(true);
    expect(run('address.country not in (US, UK)', uk)).toBe(false);
    expect(run('customFields.tier IN (1, 2, 3)', uk)).toBe(true);
    expect(run('address.region IN (null)', uk)).toBe(true);
    expect(run('address.region IN (UK)', uk)).toBe(false);
    expect(run('address.region NOT IN (UK)', uk)).toBe(true);
    expect(run('address.country IN (customFields.tier, "UK")', uk)).toBe(true);
  });
});

describe('safety', () => {
  it('never reads prototype properties: toString & co. are missing, not functions', () => {
    expect(run('customFields.toString == null', cf({}))).toBe(true);
    expect(run('customFields.toString != null', cf({}))).toBe(false);
    expect(run('customFields.hasOwnProperty == null', cf({ a: 1 }))).toBe(true);
    expect(run('customFields.valueOf == null AND customFields.isPrototypeOf == null', cf({ a: 1 }))).toBe(
      true,
    );
    expect(run('address.country == null', { ...base, address: Object.create({ country: 'UK' }) })).toBe(true);
    expect(run('customFields != null', { ...base, customFields: Object.create({ inherited: 1 }) })).toBe(
      false,
    );
    expect(
      run('customFields.inherited == null', { ...base, customFields: Object.create({ inherited: 1 }) }),
    ).toBe(true);
    expect(run('currency == null', Object.create({ id: 'x', currency: 'USD' }))).toBe(true);
  });

  it('treats non-data values (functions, objects, arrays, NaN) as null and never throws on odd input', () => {
    const odd = {
      id: 'x',
      customFields: { fn: () => 1, obj: { a: 1 }, arr: [1], nan: Number.NaN, inf: Number.POSITIVE_INFINITY },
    } as unknown as AccountFilterSubject;
    expect(
      run('customFields.fn == null AND customFields.obj == null AND customFields.arr == null', odd),
    ).toBe(true);
    expect(run('customFields.nan == null AND customFields.inf == null', odd)).toBe(true);
    expect(
      run('customFields.x == null', { id: 'x', customFields: [1, 2] } as unknown as AccountFilterSubject),
    ).toBe(true);
    expect(run('id == null', null as unknown as AccountFilterSubject)).toBe(true);
  });

  it('reads an own "__proto__" data key only as data (JSON.parse creates one)', () => {
    const account = JSON.parse(
      '{"id":"x","customFields":{"__proto__":{"country":"UK"}}}',
    ) as AccountFilterSubject;
    expect(run('customFields != null', account)).toBe(true);
    expect(run('customFields.country == null', account)).toBe(true);
  });
});

describe('evaluateAccountFilter and compileAccountFilter', () => {
  it('evaluate and compile agree, and the compiled closure is reused per AST', () => {
    const ast = parseAccountFilter('customFields.tier >= 2 AND address.country IN (UK, US)');
    const compiled = compileAccountFilter('customFields.tier >= 2 AND address.country IN (UK, US)');
    const accounts: AccountFilterSubject[] = [
      { id: 'a', customFields: { tier: 2 }, address: { country: 'UK' } },
      { id: 'b', customFields: { tier: 1 }, address: { country: 'UK' } },
      { id: 'c', customFields: { tier: '5' }, address: { country: 'DE' } },
    ];
    expect(accounts.map((a) => evaluateAccountFilter(ast, a))).toEqual([true, false, false]);
    expect(accounts.map(compiled)).toEqual([true, false, false]);
  });

  it('accepts the hub Account type', () => {
    const filter: (account: Account) => boolean = compileAccountFilter('name == Acme');
    const account: Account = { id: 'a', name: 'Acme', code: 'acme' };
    expect(filter(account)).toBe(true);
  });
});
