/**
 * Issue 11 item 5 and issue 17 item 9: amounts are exact at any size ingest accepts, a dimension's
 * amount is the exact sum of its lines, and its target is that sum divided by `unitPrice`, rounded
 * half-up to `quantityDecimalPlaces` exactly once. Everything is checked against an independent
 * BigInt-rational oracle (`rational-oracle.ts`).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { account, makeIntegration, mapping } from './fixtures.js';
import {
  add,
  decimalText,
  divide,
  multiply,
  parseRational,
  type Rational,
  rational,
  roundHalfUp,
  scaledText,
  subtract,
  sum,
} from './rational-oracle.js';
import {
  amountToQuantity,
  type Bill,
  type BillInput,
  type ConfigDataInput,
  createInMemoryAdapterForTests,
  formatIssues,
  isDecimalText,
  Money,
  planBill,
  toDecimalString,
  ZBill,
  ZDecimal,
} from './support.js';

const adapter = createInMemoryAdapterForTests();

// ---------------------------------------------------------------------------------------------
// Generators: decimal literals as a sender may write them and ingest accepts them: up to 80
// significant digits, the point anywhere, plain or with an exponent of -40..40, a few leading
// fractional zeros, either sign.
// ---------------------------------------------------------------------------------------------

const coefficient = fc
  .oneof(
    fc.bigInt({ min: 10n ** 79n, max: 10n ** 80n - 1n }), // exactly 80 significant digits
    fc.bigInt({ min: 0n, max: 10n ** 80n - 1n }),
    fc.bigInt({ min: 0n, max: 999_999n }),
  )
  .map((c) => c.toString());

function literal(options: { positive?: boolean } = {}) {
  return fc
    .record({
      negative: options.positive ? fc.constant(false) : fc.boolean(),
      digits: options.positive ? coefficient.filter((d) => /[1-9]/.test(d)) : coefficient,
      point: fc.nat({ max: 80 }),
      leadingZeros: fc.nat({ max: 40 }),
      exponent: fc.option(fc.integer({ min: -40, max: 40 }), { nil: null }),
    })
    .map(({ negative, digits, point, leadingZeros, exponent }) => {
      const at = Math.min(point, digits.length);
      let whole = digits.slice(0, at);
      let fraction = digits.slice(at);
      if (whole === '') {
        whole = '0';
        if (exponent === null) fraction = '0'.repeat(leadingZeros) + fraction;
      }
      return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}${exponent === null ? '' : `e${exponent}`}`;
    });
}

const amount = literal();
const unitPrice = fc.oneof(
  fc.constantFrom('0.01', '0.03', '0.07', '0.3', '1', '3', '7', '0.0001', '0.013'),
  literal({ positive: true }),
);
const places = fc.integer({ min: 0, max: 6 });

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

function plan(lineItems: BillInput['lineItems'], configData: ConfigDataInput, bill: Partial<BillInput> = {}) {
  const parsed: Bill = ZBill.parse({
    id: 'bill-1',
    version: 1,
    accountId: 'acc-1',
    status: 'APPROVED',
    currency: 'USD',
    lineItems,
    ...bill,
  });
  return planBill({
    bill: parsed,
    account,
    integration: makeIntegration(configData),
    accountFilter: null,
    latestProcessedVersion: null,
    adapter,
    mappings: [
      mapping('Account', 'acc-1', 'sub-1'),
      ...PRODUCTS.map((p, i) => mapping('Product', p, `dim-${i % 3}`)),
    ],
  });
}

const PRODUCTS = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5'];

/** The oracle's target: `round_half_up(amount / unitPrice, places)` as canonical text. */
function oracleTarget(total: Rational, price: string, dp: number): string {
  return scaledText(roundHalfUp(divide(total, parseRational(price)), dp), dp);
}

// ---------------------------------------------------------------------------------------------
// Regression example of the issue, as plain unit tests
// ---------------------------------------------------------------------------------------------

describe('exact amounts: the issue example', () => {
  // 0.00499…9 with 46 significant digits: 0.4999… units of $0.01, so quantity 0. Rounding the
  // amount (or the quotient) to 40 significant digits first made it 0.005 → 0.5 → quantity 1.
  const justUnderHalfACent = `0.004${'9'.repeat(45)}`;

  it('a subtotal of 0.00499… (46 significant digits) at unitPrice 0.01 and 0 places is quantity 0', () => {
    expect(justUnderHalfACent.replace(/^0\.0+/, '')).toHaveLength(46);
    const result = plan([{ id: 'l1', lineItemType: 'USAGE', subtotal: justUnderHalfACent }], {
      marketplaceBillDimension: 'dim-bill',
      unitPrice: '0.01',
      quantityDecimalPlaces: 0,
    });
    expect(result).toMatchObject({
      outcome: 'SEND',
      usage: [{ dimension: 'dim-bill', amount: justUnderHalfACent, target: '0' }],
    });
    const q = amountToQuantity(new Money(justUnderHalfACent), new Money('0.01'), 0);
    expect(toDecimalString(q)).toBe('0');
  });

  it('one unit in the 48th decimal place above it is the tie side: quantity 1', () => {
    const justOverHalfACent = `0.005${'0'.repeat(44)}1`;
    const result = plan([{ id: 'l1', lineItemType: 'USAGE', subtotal: justOverHalfACent }], {
      marketplaceBillDimension: 'dim-bill',
    });
    expect(result).toMatchObject({ usage: [{ amount: justOverHalfACent, target: '1' }] });
  });

  it('the same just-under-half amount as a sum of lines is still quantity 0', () => {
    const result = plan(
      [
        { id: 'l1', lineItemType: 'USAGE', subtotal: '0.005' },
        { id: 'l2', lineItemType: 'USAGE_CREDIT', subtotal: `-0.${'0'.repeat(47)}1` },
      ],
      { marketplaceBillDimension: 'dim-bill' },
    );
    expect(result).toMatchObject({ usage: [{ amount: justUnderHalfACent, target: '0' }] });
  });

  it('a non-terminating quotient rounds on its exact value; an exact tie rounds away from zero', () => {
    const q = (value: string, price: string, dp: number) =>
      toDecimalString(amountToQuantity(new Money(value), new Money(price), dp));
    expect(q('0.015', '0.03', 0)).toBe('1'); // exactly 0.5
    expect(q('-0.015', '0.03', 0)).toBe('-1');
    expect(q(`0.014${'9'.repeat(60)}`, '0.03', 0)).toBe('0'); // 0.4999…6̅ (non-terminating)
    expect(q('10', '0.03', 6)).toBe('333.333333');
    expect(q('20', '0.03', 6)).toBe('666.666667');
    expect(q('-20', '0.03', 6)).toBe('-666.666667');
    expect(q('-0.001', '0.01', 0)).toBe('0'); // never "-0"
  });
});

// ---------------------------------------------------------------------------------------------
// Properties against the oracle
// ---------------------------------------------------------------------------------------------

describe('exact amounts: properties against a BigInt-rational oracle', () => {
  it('ingest keeps every accepted amount exactly (canonical text, same value)', () => {
    fc.assert(
      fc.property(amount, (text) => {
        expect(isDecimalText(text)).toBe(true);
        const canonical = ZDecimal.parse(text);
        expect(canonical).toBe(decimalText(parseRational(text)));
      }),
    );
  });

  it('target = round_half_up(Σ line amounts / unitPrice, places), the sum exact, one rounding', () => {
    fc.assert(
      fc.property(
        fc.array(amount, { minLength: 1, maxLength: 40 }),
        unitPrice,
        places,
        (subtotals, price, dp) => {
          const result = plan(
            subtotals.map((subtotal, i) => ({ id: `l${i}`, lineItemType: 'USAGE', subtotal })),
            { marketplaceBillDimension: 'dim-bill', unitPrice: price, quantityDecimalPlaces: dp },
          );
          if (result.outcome !== 'SEND') throw new Error(`unexpected ${result.outcome}`);
          const total = sum(subtotals.map(parseRational));
          expect(result.usage).toHaveLength(1);
          expect(result.usage[0]!.amount).toBe(decimalText(total));
          expect(result.usage[0]!.target).toBe(oracleTarget(total, price, dp));
        },
      ),
    );
  });

  it('near and on the rounding boundary: totals of (k + ½ ± ε) units round exactly once', () => {
    // A total on a tie of the final rounding, or nudged off it by ±10^-j of a unit, spread over lines.
    const shortPrice = fc.oneof(
      fc.constantFrom('0.01', '0.03', '0.07', '0.3', '3', '0.013'),
      fc
        .tuple(fc.integer({ min: 1, max: 999_999 }), fc.integer({ min: -12, max: 6 }))
        .map(([c, e]) => `${c}e${e}`),
    );
    fc.assert(
      fc.property(
        shortPrice,
        places,
        fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
        fc.constantFrom(-1n, 0n, 1n),
        fc.integer({ min: 1, max: 110 }),
        fc.array(fc.integer({ min: -99_999, max: 99_999 }), { maxLength: 4 }),
        (price, dp, k, nudge, j, pieces) => {
          const p = parseRational(price);
          // (k + ½ + nudge · 10^-j) units of 10^-dp, times unitPrice: the quotient sits on a tie of
          // the final rounding (nudge 0) or a hair either side of it.
          const units = add(rational(2n * k + 1n, 2n), rational(nudge, 10n ** BigInt(j)));
          const total = divide(multiply(units, p), rational(10n ** BigInt(dp)));
          const others = pieces.map((c) => rational(BigInt(c), 100n));
          const last = decimalText(subtract(total, sum(others)));
          fc.pre(isDecimalText(last));
          const subtotals = [...others.map(decimalText), last];
          const result = plan(
            subtotals.map((subtotal, i) => ({ id: `l${i}`, lineItemType: 'USAGE', subtotal })),
            { marketplaceBillDimension: 'dim-bill', unitPrice: price, quantityDecimalPlaces: dp },
          );
          if (result.outcome !== 'SEND') throw new Error(`unexpected ${result.outcome}`);
          expect(result.usage[0]!.amount).toBe(decimalText(total));
          const expected = k + (nudge > 0n || (nudge === 0n && k >= 0n) ? 1n : 0n);
          expect(roundHalfUp(divide(total, p), dp)).toBe(expected); // the oracle agrees with itself
          expect(result.usage[0]!.target).toBe(scaledText(expected, dp));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('splitting: dimensions add up to the included lines, each exactly, each target rounded once', () => {
    const line = fc.record({
      type: fc.constantFrom('USAGE', 'STANDING_CHARGE', 'USAGE_CREDIT', 'MINIMUM_SPEND'),
      product: fc.constantFrom(...PRODUCTS),
      subtotal: amount,
      converted: fc.option(amount, { nil: undefined }),
    });
    fc.assert(
      fc.property(
        fc.array(line, { minLength: 1, maxLength: 30 }),
        unitPrice,
        places,
        fc.option(literal({ positive: true }), { nil: null }),
        (lines, price, dp, multiplier) => {
          const lineItems = lines.map((l, i) => ({
            id: `l${i}`,
            lineItemType: l.type,
            subtotal: l.subtotal,
            convertedSubtotal: l.converted,
            productId: l.product,
          }));
          const result = plan(
            lineItems,
            {
              splitUsageLineItems: 'ITEM_PER_PRODUCT',
              excludedLineItemTypes: ['MINIMUM_SPEND'],
              unitPrice: price,
              quantityDecimalPlaces: dp,
            },
            multiplier === null
              ? {}
              : { currency: 'EUR', currencyConversions: [{ from: 'EUR', to: 'USD', multiplier }] },
          );
          if (result.outcome !== 'SEND') throw new Error(`unexpected ${result.outcome}`);

          // The oracle's line amounts under the currency rule.
          const amountOf = new Map<string, Rational>();
          lines.forEach((l, i) => {
            if (l.type === 'MINIMUM_SPEND') return;
            const value =
              multiplier === null
                ? parseRational(l.subtotal)
                : l.converted !== undefined
                  ? parseRational(l.converted)
                  : multiply(parseRational(l.subtotal), parseRational(multiplier));
            amountOf.set(`l${i}`, value);
          });
          expect(result.includedLineItemIds).toEqual([...amountOf.keys()]);

          // Every included line is in exactly one dimension, the one its product maps to.
          const seen = result.usage.flatMap((u) => u.lineItemIds);
          expect([...seen].sort()).toEqual([...amountOf.keys()].sort());
          for (const usage of result.usage) {
            for (const id of usage.lineItemIds) {
              const product = lines[Number(id.slice(1))]!.product;
              expect(usage.dimension).toBe(`dim-${PRODUCTS.indexOf(product) % 3}`);
            }
            // Each dimension's amount is the exact sum of its lines; its target one rounding of it.
            const total = sum(usage.lineItemIds.map((id) => amountOf.get(id)!));
            expect(usage.amount).toBe(decimalText(total));
            expect(usage.target).toBe(oracleTarget(total, price, dp));
          }
          // The dimensions add up to the included lines' total, exactly.
          expect(decimalText(sum(result.usage.map((u) => parseRational(u.amount))))).toBe(
            decimalText(sum(amountOf.values())),
          );
        },
      ),
    );
  });

  it('amountToQuantity on any exact Decimal equals the oracle', () => {
    fc.assert(
      fc.property(amount, unitPrice, places, (value, price, dp) => {
        const quantity = amountToQuantity(new Money(value), new Money(price), dp);
        expect(toDecimalString(quantity)).toBe(oracleTarget(parseRational(value), price, dp));
      }),
    );
  });

  it('Money keeps sums and differences of the widest targets exact (the ledger works on these)', () => {
    // Targets reach 10^364 with 6 decimal places (see Money's precision note); amounts 484 digits.
    const wide = fc
      .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 490n }), fc.integer({ min: 0, max: 240 }))
      .map(([negative, units, scale]) => scaledText(negative ? -units : units, scale));
    fc.assert(
      fc.property(wide, wide, wide, (a, b, c) => {
        const ra = parseRational(a);
        const rb = parseRational(b);
        const rc = parseRational(c);
        expect(new Money(a).minus(b).plus(c).toFixed()).toBe(decimalText(add(subtract(ra, rb), rc)));
        expect(Money.min(new Money(a), new Money(b)).toFixed()).toBe(
          ra.n * rb.d <= rb.n * ra.d ? decimalText(ra) : decimalText(rb),
        );
      }),
    );
  });

  it('a bill of 10,000 lines of up to 80 significant digits sums and divides exactly', () => {
    fc.assert(
      fc.property(
        fc.array(amount, { minLength: 10_000, maxLength: 10_000 }),
        unitPrice,
        places,
        (subtotals, price, dp) => {
          const result = plan(
            subtotals.map((subtotal, i) => ({ id: `l${i}`, lineItemType: 'USAGE', subtotal })),
            { marketplaceBillDimension: 'dim-bill', unitPrice: price, quantityDecimalPlaces: dp },
          );
          if (result.outcome !== 'SEND') throw new Error(`unexpected ${result.outcome}`);
          const total = sum(subtotals.map(parseRational));
          expect(result.usage[0]!.amount).toBe(decimalText(total));
          expect(result.usage[0]!.target).toBe(oracleTarget(total, price, dp));
        },
      ),
      // Shrinking 10,000-element arrays takes long; the smaller properties above find minimal cases.
      { numRuns: 3, endOnFailure: true },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Ingest bound: what is not accepted is refused with a 400 naming the field
// ---------------------------------------------------------------------------------------------

describe('exact amounts: the accepted range', () => {
  it('accepts the finest and largest amounts the range allows, exactly', () => {
    const finest = `0.${'9'.repeat(80)}e-40`; // last digit at 10^-80 × 10^-40 = 10^-120
    expect(ZDecimal.parse(finest)).toBe(`0.${'9'.repeat(80).padStart(120, '0')}`);
    const largest = `${'9'.repeat(80)}e40`;
    expect(ZDecimal.parse(largest)).toBe(`${'9'.repeat(80)}${'0'.repeat(40)}`);
    expect(ZDecimal.parse(`0.${'0'.repeat(119)}1`)).toBe(`0.${'0'.repeat(119)}1`);
  });

  it('refuses a digit finer than 10^-120 however it is written, naming the field', () => {
    for (const tooFine of [`0.${'0'.repeat(120)}1`, `0.${'0'.repeat(80)}1e-40`, `-0.${'0'.repeat(200)}5`]) {
      expect(isDecimalText(tooFine)).toBe(false);
      const parsed = ZBill.safeParse({
        id: 'b',
        version: 1,
        accountId: 'a',
        currency: 'USD',
        lineItems: [{ id: 'l1', lineItemType: 'USAGE', subtotal: tooFine }],
      });
      expect(parsed.success).toBe(false);
      if (!parsed.success)
        expect(formatIssues(parsed.error)).toEqual([
          { path: 'lineItems.0.subtotal', message: expect.stringMatching(/decimal/) },
        ]);
    }
  });
});
