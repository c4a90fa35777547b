import { describe, expect, it } from 'vitest';
import { ACCOUNT_FILTER_LIMITS, AccountFilterSyntaxError } from './errors.js';
import { type AccountFilterAst, parseAccountFilter, tryParseAccountFilter } from './parser.js';

function errorOf(text: string): { message: string; position: number } {
  const result = tryParseAccountFilter(text);
  if (result.ok) throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
  return result.error;
}

const cmp = (field: string, key: string | null, op: string, value: unknown): AccountFilterAst =>
  ({ kind: 'compare', op, left: { kind: 'field', field, key }, right: value }) as AccountFilterAst;
const str = (value: string) => ({ kind: 'string', value });
const num = (value: string) => ({ kind: 'number', value });

describe('parseAccountFilter: documented examples', () => {
  it('parses `customFields != null AND customFields.country = = UK` verbatim', () => {
    expect(parseAccountFilter('customFields != null AND customFields.country = = UK')).toEqual({
      kind: 'and',
      operands: [
        cmp('customFields', null, '!=', { kind: 'null' }),
        cmp('customFields', 'country', '==', str('UK')),
      ],
    });
  });

  it('parses `address.country == US` verbatim', () => {
    expect(parseAccountFilter('address.country == US')).toEqual(cmp('address', 'country', '==', str('US')));
  });
});

describe('parseAccountFilter: fields and values', () => {
  it('accepts every field and maps the API aliases name/code', () => {
    expect(parseAccountFilter('id == a')).toEqual(cmp('id', null, '==', str('a')));
    expect(parseAccountFilter('accountName == a')).toEqual(cmp('accountName', null, '==', str('a')));
    expect(parseAccountFilter('name == a')).toEqual(cmp('accountName', null, '==', str('a')));
    expect(parseAccountFilter('accountCode == a')).toEqual(cmp('accountCode', null, '==', str('a')));
    expect(parseAccountFilter('code == a')).toEqual(cmp('accountCode', null, '==', str('a')));
    expect(parseAccountFilter('currency == USD')).toEqual(cmp('currency', null, '==', str('USD')));
    for (const part of [
      'addressLine1',
      'addressLine2',
      'addressLine3',
      'addressLine4',
      'locality',
      'region',
      'postCode',
    ]) {
      expect(parseAccountFilter(`address.${part} != null`)).toEqual(
        cmp('address', part, '!=', { kind: 'null' }),
      );
    }
    expect(parseAccountFilter('customFields.gold-tier_2 == x')).toEqual(
      cmp('customFields', 'gold-tier_2', '==', str('x')),
    );
  });

  it('reads literals: null, booleans, numbers, quoted and bare strings', () => {
    const right = (text: string) =>
      (parseAccountFilter(`customFields.x == ${text}`) as { right: unknown }).right;
    expect(right('null')).toEqual({ kind: 'null' });
    expect(right('TRUE')).toEqual({ kind: 'boolean', value: true });
    expect(right('false')).toEqual({ kind: 'boolean', value: false });
    expect(right('-12.50')).toEqual(num('-12.50'));
    expect(right("'UK'")).toEqual(str('UK'));
    expect(right('"a \\"b\\""')).toEqual(str('a "b"'));
    expect(right('gold-tier')).toEqual(str('gold-tier'));
    expect(right('acme_corp')).toEqual(str('acme_corp'));
    expect(right('2024-01-01')).toEqual(str('2024-01-01'));
    expect(right('"null"')).toEqual(str('null'));
  });

  it('reads a right-side bare word as a field only when it starts with a known field', () => {
    const right = (text: string) =>
      (parseAccountFilter(`customFields.x == ${text}`) as { right: unknown }).right;
    expect(right('customFields.home')).toEqual({ kind: 'field', field: 'customFields', key: 'home' });
    expect(right('address.country')).toEqual({ kind: 'field', field: 'address', key: 'country' });
    expect(right('name')).toEqual({ kind: 'field', field: 'accountName', key: null });
    expect(right('Address.country')).toEqual(str('Address.country'));
    expect(right('uk.gov')).toEqual(str('uk.gov'));
    expect(errorOf('customFields.x == address.home').position).toBe(26);
  });

  it('allows literals on the left', () => {
    expect(parseAccountFilter("'UK' == address.country")).toEqual({
      kind: 'compare',
      op: '==',
      left: str('UK'),
      right: { kind: 'field', field: 'address', key: 'country' },
    });
  });
});

describe('parseAccountFilter: operators and precedence', () => {
  const a = cmp('id', null, '==', str('a'));
  const b = cmp('id', null, '==', str('b'));
  const c = cmp('id', null, '==', str('c'));

  it('parses every comparison operator', () => {
    for (const op of ['==', '!=', '<', '<=', '>', '>=']) {
      expect(parseAccountFilter(`customFields.n ${op} 1`)).toEqual(cmp('customFields', 'n', op, num('1')));
      expect(parseAccountFilter(`customFields.n${op}1`)).toEqual(cmp('customFields', 'n', op, num('1')));
    }
  });

  it('accepts AND/OR/NOT in any case and as && || !', () => {
    for (const and of ['AND', 'and', 'And', 'aNd', '&&']) {
      expect(parseAccountFilter(`id == a ${and} id == b`)).toEqual({ kind: 'and', operands: [a, b] });
    }
    for (const or of ['OR', 'or', 'Or', '||']) {
      expect(parseAccountFilter(`id == a ${or} id == b`)).toEqual({ kind: 'or', operands: [a, b] });
    }
    for (const not of ['NOT ', 'not ', 'Not ', '!', '! ']) {
      expect(parseAccountFilter(`${not}id == a`)).toEqual({ kind: 'not', operand: a });
    }
  });

  it('binds NOT tighter than AND, and AND tighter than OR', () => {
    expect(parseAccountFilter('id == a OR id == b AND id == c')).toEqual({
      kind: 'or',
      operands: [a, { kind: 'and', operands: [b, c] }],
    });
    expect(parseAccountFilter('id == a AND id == b OR id == c')).toEqual({
      kind: 'or',
      operands: [{ kind: 'and', operands: [a, b] }, c],
    });
    expect(parseAccountFilter('NOT id == a AND id == b')).toEqual({
      kind: 'and',
      operands: [{ kind: 'not', operand: a }, b],
    });
    expect(parseAccountFilter('id == a AND id == b AND id == c')).toEqual({
      kind: 'and',
      operands: [a, b, c],
    });
  });

  it('lets parentheses override precedence', () => {
    expect(parseAccountFilter('(id == a OR id == b) AND id == c')).toEqual({
      kind: 'and',
      operands: [{ kind: 'or', operands: [a, b] }, c],
    });
    expect(parseAccountFilter('NOT (id == a OR id == b)')).toEqual({
      kind: 'not',
      operand: { kind: 'or', operands: [a, b] },
    });
    expect(parseAccountFilter('((id == a))')).toEqual(a);
  });

  it('parses IN and NOT IN lists', () => {
    expect(parseAccountFilter("address.country IN (UK, 'US', 3, null)")).toEqual({
      kind: 'in',
      negated: false,
      subject: { kind: 'field', field: 'address', key: 'country' },
      values: [str('UK'), str('US'), num('3'), { kind: 'null' }],
    });
    expect(parseAccountFilter('address.country not in(UK)')).toEqual({
      kind: 'in',
      negated: true,
      subject: { kind: 'field', field: 'address', key: 'country' },
      values: [str('UK')],
    });
    expect(parseAccountFilter('currency In (USD)')).toMatchObject({ kind: 'in', negated: false });
  });
});

describe('parseAccountFilter: rejections', () => {
  const cases: Array<[string, number, RegExp?]> = [
    ["constructor.constructor('x')()", 0, /Forbidden name 'constructor'/],
    ['__proto__.polluted == 1', 0, /Forbidden name '__proto__'/],
    ['customFields.__proto__ == 1', 13, /Forbidden name '__proto__'/],
    ['customFields.constructor != null', 13],
    ['customFields.prototype == 1', 13],
    ['customFields.x == prototype', 18],
    ['customFields.x == a.constructor', 20],
    ['T(java.lang.Runtime).getRuntime()', 0, /function calls are not allowed/],
    ['id == foo(1)', 6, /function calls are not allowed/],
    ['id == foo (1)', 6, /function calls are not allowed/],
    ['address.country == US; drop', 21, /statements are not allowed/],
    ['#{1+1}', 0, /interpolation/],
    ['$' + '{1+1}', 0, /interpolation/], // split so it is not read as a template placeholder
    ['id == `x`', 6, /template strings/],
    ["customFields['x'] == 1", 12, /brackets/],
    ['id = 1', 3, /assignment is not allowed/],
    ['id === 1', 5, /assignment/],
    ["address.country == 'UK", 19, /Unterminated string/],
    ['address.country == "UK', 19, /Unterminated string/],
    ['address.country == US AND', 25, /Unexpected end of expression/],
    ['address.country == US AND OR id == 1', 26],
    ['', 0, /Empty expression/],
    ['  ', 2, /Empty expression/],
    ['id', 2, /expected a comparison operator/],
    ['id == ', 6, /expected a value/],
    ['id == 1 id == 2', 8, /expected AND, OR/],
    ['id == 1)', 7],
    ['(id == 1', 8, /expected '\)'/],
    ['()', 1],
    ['foo == 1', 0, /Unknown field 'foo'/],
    ['accountname == 1', 0, /Unknown field/],
    ['address.foo == 1', 8, /Unknown address field 'foo'/],
    ['id.x == 1', 2],
    ['customFields.a.b == 1', 14],
    ['id IN UK', 6, /expected '\(' after IN/],
    ['id IN ()', 7, /expected a value/],
    ['id IN (a b)', 9, /expected ',' or '\)'/],
    ['id IN (a,)', 9],
    ['id ! IN (a)', 3],
    ['id == 1 + 2', 8],
    ['UK == address.country', 0, /Unknown field 'UK'/],
    ['id == == 1', 6],
    ['id < > 1', 5],
    ['NOT', 3],
    ['NOT IN (1)', 4],
  ];
  it.each(cases)('rejects %j at position %i', (text, position, message) => {
    const error = errorOf(text);
    expect(error.position).toBe(position);
    expect(error.message).toContain(`at position ${position}`);
    if (message) expect(error.message).toMatch(message);
  });

  it('throws AccountFilterSyntaxError with position, expected and a readable message', () => {
    let caught: unknown;
    try {
      parseAccountFilter('address.country US');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AccountFilterSyntaxError);
    expect(caught).toBeInstanceOf(Error);
    const error = caught as AccountFilterSyntaxError;
    expect(error.position).toBe(16);
    expect(error.name).toBe('AccountFilterSyntaxError');
    expect(error.expected).toMatch(/comparison operator/);
    expect(error.message).toBe(
      "Unexpected token 'US' at position 16: expected a comparison operator (==, !=, <, <=, >, >=) or IN",
    );
  });

  it('rejects non-string input without throwing anything else', () => {
    expect(tryParseAccountFilter(42 as unknown as string)).toMatchObject({
      ok: false,
      error: { position: 0 },
    });
  });
});

describe('parseAccountFilter: limits', () => {
  const { maxLength, maxDepth, maxInListItems } = ACCOUNT_FILTER_LIMITS;

  it(`accepts ${maxLength} characters and rejects ${maxLength + 1} at position ${maxLength}`, () => {
    const exact = `id == '${'x'.repeat(maxLength - 8)}'`;
    expect(exact).toHaveLength(maxLength);
    expect(tryParseAccountFilter(exact).ok).toBe(true);
    const error = errorOf(`${exact} `);
    expect(error.position).toBe(maxLength);
    expect(error.message).toMatch(/too long/);
  });

  it(`accepts ${maxDepth} nested parentheses and rejects ${maxDepth + 1}`, () => {
    const nest = (n: number) => `${'('.repeat(n)}id == 1${')'.repeat(n)}`;
    expect(tryParseAccountFilter(nest(maxDepth)).ok).toBe(true);
    const error = errorOf(nest(maxDepth + 1));
    expect(error.position).toBe(maxDepth);
    expect(error.message).toMatch(/nested too deeply/);
    expect(errorOf(nest(500)).position).toBe(maxDepth);
  });

  it('counts NOT chains and parentheses together', () => {
    expect(tryParseAccountFilter(`${'NOT '.repeat(maxDepth)}id == 1`).ok).toBe(true);
    expect(errorOf(`${'NOT '.repeat(maxDepth + 1)}id == 1`).position).toBe(4 * maxDepth);
    expect(errorOf(`${'!'.repeat(1000)}id == 1`).position).toBe(maxDepth);
    const half = maxDepth / 2;
    expect(tryParseAccountFilter(`${'!('.repeat(half)}id == 1${')'.repeat(half)}`).ok).toBe(true);
    expect(errorOf(`!${'!('.repeat(half)}id == 1${')'.repeat(half)}`).position).toBe(maxDepth);
  });

  it('does not count siblings as depth', () => {
    const wide = Array.from({ length: 100 }, (_, i) => `(id == ${i})`).join(' OR ');
    expect(tryParseAccountFilter(wide).ok).toBe(true);
  });

  it(`accepts ${maxInListItems} IN values and rejects the next at its position`, () => {
    const values = Array.from({ length: maxInListItems }, (_, i) => String(i));
    expect(tryParseAccountFilter(`id IN (${values.join(',')})`).ok).toBe(true);
    const text = `id IN (${values.join(',')},x)`;
    const error = errorOf(text);
    expect(error.position).toBe(text.length - 2);
    expect(error.message).toMatch(/Too many values/);
  });
});
