import type { Decimal } from 'decimal.js';
import { Money } from './decimal.js';
import { isPlainDecimal, pow10, type Scaled, scaledText } from './scaled.js';

/**
 * Exact sum of decimal strings as a scaled BigInt (fixed point). Integer arithmetic only: no binary
 * float, and no decimal precision either, so a sum of any number of lines of any accepted size is
 * exact to the last digit (a sum of Decimals would round at the context's precision). About five
 * times faster than adding Decimals, which matters on the per-line path of every bill.
 */
export class DecimalSum implements Scaled {
  private total = 0n;
  private places = 0;

  /** The sum so far as `units × 10^-scale`. */
  get units(): bigint {
    return this.total;
  }

  get scale(): number {
    return this.places;
  }

  /** Adds a plain decimal string (`-12.345`); other notations go through Decimal first (exactly). */
  add(text: string): this {
    if (!isPlainDecimal(text)) return this.add(new Money(text).toFixed());
    const dot = text.indexOf('.');
    const scale = dot < 0 ? 0 : text.length - dot - 1;
    let value = BigInt(dot < 0 ? text : text.slice(0, dot) + text.slice(dot + 1));
    if (scale > this.places) {
      this.total *= pow10(scale - this.places);
      this.places = scale;
    } else if (scale < this.places) {
      value *= pow10(this.places - scale);
    }
    this.total += value;
    return this;
  }

  /** Adds another sum exactly. */
  addSum(other: DecimalSum): this {
    if (other.places > this.places) {
      this.total *= pow10(other.places - this.places);
      this.places = other.places;
    }
    this.total += other.total * pow10(this.places - other.places);
    return this;
  }

  /** The exact sum as canonical decimal text (as `toDecimalString` would print it). */
  toString(): string {
    return scaledText(this.total, this.places);
  }

  /** The exact sum as a Decimal (built from its text: the constructor never rounds). */
  toDecimal(): Decimal {
    return new Money(this.toString());
  }
}
