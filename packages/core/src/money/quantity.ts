import type { Decimal } from 'decimal.js';
import { Money } from './decimal.js';

/**
 * The pricing trick: every target dimension is priced at `unitPrice` per unit, so the quantity to
 * report is `amount / unitPrice`, rounded half-up at `decimalPlaces` (domain.md "Money").
 * Negative amounts give negative quantities; the ledger decides what Azure can take.
 */
export function amountToQuantity(amount: Decimal, unitPrice: Decimal, decimalPlaces: number): Decimal {
  if (unitPrice.lte(0)) throw new RangeError('unitPrice must be greater than 0');
  if (!Number.isInteger(decimalPlaces) || decimalPlaces < 0 || decimalPlaces > 6) {
    throw new RangeError('decimalPlaces must be an integer from 0 to 6');
  }
  // toDecimalPlaces with ROUND_HALF_UP rounds away from zero on a tie, for negatives too, so a
  // credit of -0.005 and a charge of 0.005 round symmetrically.
  return new Money(amount).div(unitPrice).toDecimalPlaces(decimalPlaces, Money.ROUND_HALF_UP);
}

/** Sums amounts exactly. */
export function sumMoney(values: Iterable<Decimal>): Decimal {
  let total = new Money(0);
  for (const value of values) total = total.plus(value);
  return total;
}
