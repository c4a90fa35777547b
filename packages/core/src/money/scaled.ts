/**
 * Exact fixed-point decimals: `units × 10^-scale` with a BigInt `units` and a `scale ≥ 0`. The money
 * path of planning (sum the lines, divide by `unitPrice`, round) runs on these, so nothing on it has a
 * precision: a sum of any number of lines of any accepted size is exact, and the only rounding is the
 * documented half-up of the quotient (see `divideRoundHalfUp`).
 */
export interface Scaled {
  readonly units: bigint;
  readonly scale: number;
}

const POW10: bigint[] = [1n];

/** 10^n as a BigInt, cached (the same few scales recur on every bill). */
export function pow10(n: number): bigint {
  for (let i = POW10.length; i <= n; i++) POW10.push(POW10[i - 1]! * 10n);
  return POW10[n]!;
}

const PLAIN = /^-?\d+(?:\.\d+)?$/;

/** True for a plain decimal literal (`-12.345`): no exponent, no sign other than a leading `-`. */
export function isPlainDecimal(text: string): boolean {
  return PLAIN.test(text);
}

/** Reads a plain decimal literal (`-12.345`, see `isPlainDecimal`) exactly. */
export function parseScaled(text: string): Scaled {
  if (!PLAIN.test(text)) throw new RangeError(`not a plain decimal: ${text.slice(0, 50)}`);
  const dot = text.indexOf('.');
  if (dot < 0) return { units: BigInt(text), scale: 0 };
  return { units: BigInt(text.slice(0, dot) + text.slice(dot + 1)), scale: text.length - dot - 1 };
}

/**
 * Canonical text of `units × 10^-scale`, the same as decimal.js `toFixed()` of that value: no
 * exponent, no trailing fractional zeros, `0` (never `-0`) for zero.
 */
export function scaledText(units: bigint, scale: number): string {
  const negative = units < 0n;
  let digits = (negative ? -units : units).toString();
  if (scale > 0) {
    if (digits.length <= scale) digits = digits.padStart(scale + 1, '0');
    const cut = digits.length - scale;
    let end = digits.length;
    while (end > cut && digits.charCodeAt(end - 1) === 48 /* 0 */) end--;
    digits = end === cut ? digits.slice(0, cut) : `${digits.slice(0, cut)}.${digits.slice(cut, end)}`;
  }
  return negative && digits !== '0' ? `-${digits}` : digits;
}

/** The exact product of two scaled decimals. */
export function multiplyScaled(a: Scaled, b: Scaled): Scaled {
  return { units: a.units * b.units, scale: a.scale + b.scale };
}

/**
 * `round_half_up(amount / divisor, places)` as the integer `k` of the result `k × 10^-places`,
 * for `divisor > 0`. Exact for any sizes, by integer arithmetic only:
 *
 *   amount / divisor × 10^places = (a · 10^(s_d + places − s_a)) / d      (a, d: units; s: scales)
 *
 * is one fraction `n / d` of BigInts (the power of ten goes to whichever side keeps it integral).
 * Long division gives `n = q·d + r` with `0 ≤ r < d`, i.e. `|quotient| = q + r/d` EXACTLY, so the
 * half-up decision `r/d ≥ ½ ⇔ 2r ≥ d` is taken on the exact discarded part, never on a rounded one:
 * - a non-terminating quotient (unitPrice 0.03: 10 / 0.03 = 333.3̅) has `r ≠ 0` and can never be a
 *   tie, and no number of "guard digits" is needed to see which side of ½ it lies on;
 * - an exact tie (`2r = d`, e.g. 0.015 / 0.03 = 0.5) rounds away from zero, for negatives too
 *   (the magnitude is rounded and the sign put back), so a credit mirrors a charge.
 * This is the only rounding between the line amounts and the target.
 */
export function divideRoundHalfUp(amount: Scaled, divisor: Scaled, places: number): bigint {
  if (divisor.units <= 0n) throw new RangeError('the divisor must be greater than 0');
  const negative = amount.units < 0n;
  let n = negative ? -amount.units : amount.units;
  let d = divisor.units;
  const shift = divisor.scale + places - amount.scale;
  if (shift >= 0) n *= pow10(shift);
  else d *= pow10(-shift);
  const q = n / d;
  const r = n - q * d;
  const rounded = 2n * r >= d ? q + 1n : q;
  return negative ? -rounded : rounded;
}
