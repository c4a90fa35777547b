import type { Decimal } from 'decimal.js';
import { Money } from './decimal.js';
import { divideRoundHalfUp, parseScaled, pow10, type Scaled, scaledText } from './scaled.js';

/** `decimalPlaces` of a quantity: Azure takes at most 6. */
function checkPlaces(decimalPlaces: number): void {
  if (!Number.isInteger(decimalPlaces) || decimalPlaces < 0 || decimalPlaces > 6) {
    throw new RangeError('decimalPlaces must be an integer from 0 to 6');
  }
}

/**
 * The pricing trick: every target dimension is priced at `unitPrice` per unit, so the quantity to
 * report is `amount / unitPrice`, rounded half-up at `decimalPlaces` (domain.md "Money"), as
 * canonical decimal text. Exact at any size (see `divideRoundHalfUp`): the result is what the exact
 * rational quotient rounded half-up once gives, with a tie going away from zero (a credit of -0.005
 * and a charge of 0.005 round symmetrically). Negative amounts give negative quantities; the ledger
 * decides what Azure can take. Zero is `0`, never `-0`.
 *
 * This is what the split uses per dimension: `amount` is the exact BigInt sum of its lines.
 */
export function amountToQuantityText(amount: Scaled, unitPrice: Scaled, decimalPlaces: number): string {
  if (unitPrice.units <= 0n) throw new RangeError('unitPrice must be greater than 0');
  checkPlaces(decimalPlaces);
  return scaledText(divideRoundHalfUp(amount, unitPrice, decimalPlaces), decimalPlaces);
}

/**
 * Decimals this far from 1 are not money; refusing them keeps BigInt work bounded (every amount
 * ingest accepts lies within 10^±120, sums and quotients of them within 10^±400).
 */
const MAX_EXACT_EXPONENT = 10_000;

/** A finite Decimal as an exact scaled BigInt (its digits, not a rounding of them). */
export function scaledOf(value: Decimal | string): Scaled {
  const decimal = typeof value === 'string' ? new Money(value) : value;
  if (!decimal.isFinite()) throw new RangeError(`not a finite amount: ${decimal.toString()}`);
  if (Math.abs(decimal.e) > MAX_EXACT_EXPONENT) throw new RangeError('amount out of range');
  return parseScaled(decimal.toFixed());
}

/** `amountToQuantity` on Decimals: the same exact computation as `amountToQuantityText`. */
export function amountToQuantity(amount: Decimal, unitPrice: Decimal, decimalPlaces: number): Decimal {
  if (unitPrice.lte(0)) throw new RangeError('unitPrice must be greater than 0');
  return new Money(amountToQuantityText(scaledOf(amount), scaledOf(unitPrice), decimalPlaces));
}

/** Sums amounts exactly (at any size: no precision is involved). */
export function sumMoney(values: Iterable<Decimal>): Decimal {
  let units = 0n;
  let scale = 0;
  for (const value of values) {
    const next = scaledOf(value);
    if (next.scale > scale) {
      units *= pow10(next.scale - scale);
      scale = next.scale;
    }
    units += next.units * pow10(scale - next.scale);
  }
  return new Money(scaledText(units, scale));
}
