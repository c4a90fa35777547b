import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACCOUNT_FILTER_LIMITS, AccountFilterSyntaxError } from './errors.js';
import { type AccountFilterSubject, compileAccountFilter, evaluateAccountFilter } from './evaluate.js';
import { ADDRESS_PARTS, parseAccountFilter } from './parser.js';

/** Parses, returning the error instead of throwing; anything but AccountFilterSyntaxError fails the test. */
function parseOutcome(text: string): 'ok' | AccountFilterSyntaxError {
  try {
    parseAccountFilter(text);
    return 'ok';
  } catch (error) {
    if (error instanceof AccountFilterSyntaxError) return error;
    throw error;
  }
}

const FIELDS = [
  'id',
  'accountName',
  'accountCode',
  'name',
  'code',
  'currency',
  'address',
  'customFields',
  ...ADDRESS_PARTS.map((p) => `address.${p}`),
  ...['tier', 'country', 'rate', 'flag', 'toString', 'valueOf', 'hasOwnProperty', 'inherited'].map(
    (k) => `customFields.${k}`,
  ),
];
const field = fc.constantFrom(...FIELDS);
const literal = fc.oneof(
  fc.constantFrom('null', 'NULL', 'true', 'false', 'UK', 'US', 'gold-tier', 'acme_corp', '2024-01-01'),
  fc.integer({ min: -1000, max: 1000 }).map(String),
  fc.tuple(fc.integer({ min: -99, max: 99 }), fc.nat(999)).map(([i, f]) => `${i}.${f}`),
  fc.string({ maxLength: 8 }).map((s) => JSON.stringify(s)),
);
const operand = fc.oneof(field, literal);
const op = fc.constantFrom('==', '= =', '!=', '<', '<=', '>', '>=');
const comparison = fc.oneof(
  fc.tuple(field, op, operand).map(([l, o, r]) => `${l} ${o} ${r}`),
  fc
    .tuple(field, fc.constantFrom('IN', 'in', 'NOT IN'), fc.array(operand, { minLength: 1, maxLength: 4 }))
    .map(([l, o, values]) => `${l} ${o} (${values.join(', ')})`),
);
const { expr } = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { maxDepth: 6, depthSize: 'small' },
    comparison,
    fc
      .tuple(tie('expr'), fc.constantFrom('AND', 'and', '&&'), tie('expr'))
      .map(([a, o, b]) => `${a} ${o} ${b}`),
    fc
      .tuple(tie('expr'), fc.constantFrom('OR', 'Or', '||'), tie('expr'))
      .map(([a, o, b]) => `${a} ${o} ${b}`),
    fc.tuple(fc.constantFrom('NOT ', '!'), tie('expr')).map(([n, e]) => `${n}(${e})`),
    tie('expr').map((e) => `(${e})`),
  ),
}));
const validExpression = expr.filter((text) => text.length <= ACCOUNT_FILTER_LIMITS.maxLength);

const scalarValue = fc.oneof(
  fc.constant(null),
  fc.constantFrom('UK', 'US', 'true', '3', '0.10', 'gold-tier', ''),
  fc.integer({ min: -5, max: 5 }),
  fc.double(),
  fc.string({ maxLength: 4 }),
);
const account: fc.Arbitrary<AccountFilterSubject> = fc.record(
  {
    id: fc.constantFrom('acc-1', 'UK', '3'),
    name: fc.option(fc.constantFrom('Acme', 'UK'), { nil: null }),
    code: fc.option(fc.constantFrom('acme_corp', '3'), { nil: null }),
    currency: fc.option(fc.constantFrom('USD', 'GBP'), { nil: null }),
    address: fc.option(
      fc.record({ country: scalarValue, region: scalarValue, postCode: scalarValue }, { requiredKeys: [] }),
      { nil: null },
    ),
    customFields: fc.option(
      fc.dictionary(fc.constantFrom('tier', 'country', 'rate', 'flag', 'other'), scalarValue, { maxKeys: 4 }),
      { nil: null },
    ),
  },
  { requiredKeys: ['id'] },
) as fc.Arbitrary<AccountFilterSubject>;

/** Rebuilds the account with every object's prototype carrying decoy data; own data is unchanged. */
function withDecoyPrototypes(subject: AccountFilterSubject): AccountFilterSubject {
  const decoy = {
    id: 'decoy',
    name: 'UK',
    code: 'UK',
    currency: 'UK',
    country: 'UK',
    tier: 3,
    rate: '0.1',
    inherited: 1,
  };
  const rebuild = (value: unknown): unknown =>
    value !== null && typeof value === 'object' ? Object.assign(Object.create(decoy), value) : value;
  const out = Object.assign(Object.create(decoy), subject) as Record<string, unknown>;
  if (Object.hasOwn(out, 'address')) out['address'] = rebuild(out['address']);
  if (Object.hasOwn(out, 'customFields')) out['customFields'] = rebuild(out['customFields']);
  return out as unknown as AccountFilterSubject;
}

const tokenSoup = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '(',
        ')',
        ',',
        'AND',
        'OR',
        'NOT',
        'IN',
        '!',
        '&&',
        '||',
        '==',
        '= =',
        '=',
        '!=',
        '<',
        '>=',
      ),
      fc.constantFrom(
        'customFields',
        'customFields.x',
        'address.country',
        '__proto__',
        'constructor',
        'T',
        'foo',
      ),
      fc.constantFrom(
        'UK',
        '1',
        '-2.5',
        "'a'",
        '"b\\"',
        "'",
        '.',
        '[',
        ']',
        ';',
        '#{',
        '${',
        '`',
        '\\',
        '\u0000',
      ),
    ),
    { maxLength: 60 },
  )
  .chain((tokens) => fc.constantFrom(tokens.join(' '), tokens.join('')));

describe('property: the parser only ever throws AccountFilterSyntaxError, quickly', () => {
  it('on arbitrary strings', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 })),
        (text) => {
          const outcome = parseOutcome(text);
          if (outcome !== 'ok') {
            expect(outcome.position).toBeGreaterThanOrEqual(0);
            expect(outcome.position).toBeLessThanOrEqual(text.length);
            expect(outcome.message).toContain(`at position ${outcome.position}`);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('on token soup, including limit-sized inputs', () => {
    fc.assert(
      fc.property(tokenSoup, fc.nat(40), (soup, repeat) => {
        const text = soup.repeat(repeat);
        // No timing assertion here (speed belongs to `pnpm bench`); the length limit bounds the work.
        const outcome = parseOutcome(text);
        if (text.length > ACCOUNT_FILTER_LIMITS.maxLength) {
          expect(outcome).toBeInstanceOf(AccountFilterSyntaxError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('property: evaluation', () => {
  it('parses every grammar-generated expression and evaluates it to a boolean without throwing', () => {
    fc.assert(
      fc.property(validExpression, account, (text, subject) => {
        const ast = parseAccountFilter(text);
        expect(typeof evaluateAccountFilter(ast, subject)).toBe('boolean');
      }),
      { numRuns: 1000 },
    );
  });

  it('never reads prototype properties: decoy prototypes do not change any result', () => {
    fc.assert(
      fc.property(validExpression, account, (text, subject) => {
        const filter = compileAccountFilter(text);
        expect(filter(withDecoyPrototypes(subject))).toBe(filter(subject));
      }),
      { numRuns: 1000 },
    );
  });

  it('NOT negates, != is the negation of ==, NOT IN of IN, and < mirrors >', () => {
    fc.assert(
      fc.property(validExpression, field, operand, field, account, (text, l, r, f, subject) => {
        const run = (t: string) => compileAccountFilter(t)(subject);
        expect(run(`NOT (${text})`)).toBe(!run(text));
        expect(run(`${l} != ${r}`)).toBe(!run(`${l} == ${r}`));
        expect(run(`${l} NOT IN (${r})`)).toBe(!run(`${l} IN (${r})`));
        expect(run(`${l} IN (${r})`)).toBe(run(`${l} == ${r}`));
        expect(run(`${l} < ${f}`)).toBe(run(`${f} > ${l}`));
        expect(run(`${l} <= ${f}`)).toBe(run(`${f} >= ${l}`));
        expect(run(`${l} == ${f}`)).toBe(run(`${f} == ${l}`));
      }),
      { numRuns: 1000 },
    );
  });
});
