import {
  amountToQuantity,
  Money,
  parseJsonLossless,
  sumMoney,
  toDecimalString,
  toMoney,
  ZDecimal,
} from '@hub/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

/** Decimal strings with up to 12 integer and 8 fractional digits, signed. */
const decimalText = fc
  .tuple(
    fc.boolean(),
    fc.bigInt({ min: 0n, max: 999_999_999_999n }),
    fc.integer({ min: 0, max: 8 }),
    fc.bigInt({ min: 0n, max: 99_999_999n }),
  )
  .map(([negative, int, places, frac]) => {
    const fraction = places === 0 ? '' : `.${frac.toString().padStart(8, '0').slice(0, places)}`;
    return `${negative ? '-' : ''}${int}${fraction}`;
  });

describe('money', () => {
  it('reads a decimal the same whether it arrives as a string or a losslessly parsed JSON number', () => {
    fc.assert(
      fc.property(decimalText, (text) => {
        const fromString = ZDecimal.parse(text);
        const fromJson = ZDecimal.parse(parseJsonLossless(text));
        expect(fromJson).toBe(fromString);
        expect(new Money(fromString).eq(new Money(text))).toBe(true);
      }),
    );
  });

  it('turns $0.50 into 50 units at $0.01 and rounds half-up', () => {
    const q = (amount: string, price = '0.01', places = 0) =>
      toDecimalString(amountToQuantity(new Money(amount), new Money(price), places));
    expect(q('0.50')).toBe('50');
    expect(q('0.005')).toBe('1');
    expect(q('0.0049')).toBe('0');
    expect(q('-0.005')).toBe('-1');
    expect(q('1.23456', '0.01', 2)).toBe('123.46');
    expect(q('10', '0.03', 6)).toBe('333.333333');
  });

  it('quantity × unitPrice is within half a unit of the last kept place of the amount', () => {
    fc.assert(
      fc.property(
        decimalText,
        fc.constantFrom('0.01', '0.001', '0.05', '1', '0.0001'),
        fc.integer({ min: 0, max: 6 }),
        (amount, price, places) => {
          const quantity = amountToQuantity(new Money(amount), new Money(price), places);
          expect(quantity.decimalPlaces()).toBeLessThanOrEqual(places);
          const exact = new Money(amount).div(price);
          expect(quantity.minus(exact).abs().lte(new Money(10).pow(-places).div(2))).toBe(true);
        },
      ),
    );
  });

  it('sums exactly where floats would drift', () => {
    fc.assert(
      fc.property(fc.array(decimalText, { maxLength: 50 }), (texts) => {
        const total = sumMoney(texts.map((t) => toMoney(t)));
        const byBigInt = texts.reduce((acc, t) => acc + BigInt(new Money(t).times(1e8).toFixed()), 0n);
        expect(total.times(1e8).toFixed()).toBe(byBigInt.toString());
      }),
    );
    expect(sumMoney(['0.1', '0.2'].map((t) => toMoney(t))).toFixed()).toBe('0.3');
  });

  it('refuses a zero or negative unit price and bad decimal places', () => {
    expect(() => amountToQuantity(new Money(1), new Money(0), 0)).toThrow(/unitPrice/);
    expect(() => amountToQuantity(new Money(1), new Money('0.01'), 7)).toThrow(/decimalPlaces/);
  });
});

describe('DecimalSum', () => {
  it('sums decimal strings exactly as Decimal does, digit for digit', async () => {
    const { DecimalSum } = await import('@hub/core');
    fc.assert(
      fc.property(
        fc.array(decimalText, { maxLength: 60 }),
        fc.array(decimalText, { maxLength: 10 }),
        (texts, more) => {
          const sum = new DecimalSum();
          for (const t of texts) sum.add(t);
          const other = new DecimalSum();
          for (const t of more) other.add(t);
          sum.addSum(other);
          const expected = sumMoney([...texts, ...more].map((t) => new Money(t)));
          expect(sum.toDecimal().toFixed()).toBe(expected.toFixed());
        },
      ),
    );
    expect(new DecimalSum().add('1e-3').add('-0.0005').toDecimal().toFixed()).toBe('0.0005');
  });
});

describe('hostile amounts', () => {
  it('refuses huge exponents and absurdly long numbers instead of expanding them', () => {
    for (const bad of [
      '1e999999999',
      '-1E41',
      '1e-41',
      '9'.repeat(81),
      { isLosslessNumber: true, value: '1e999999999' },
    ]) {
      expect(ZDecimal.safeParse(bad).success).toBe(false);
    }
    expect(ZDecimal.parse('1e40')).toBe(`1${'0'.repeat(40)}`);
    expect(ZDecimal.parse(parseJsonLossless('123456789012345678901234567890.123456789'))).toBe(
      '123456789012345678901234567890.123456789',
    );
  });
});
