/**
 * Exact sums of the API's decimal strings (quantities), without binary floats: BigInt scaled to the
 * longest fraction. Enough for adding up a table; the chart alone uses Number.
 */
export function addDecimals(a: string, b: string): string {
  const pa = parse(a);
  const pb = parse(b);
  if (!pa || !pb) return a || b;
  const scale = Math.max(pa.scale, pb.scale);
  const sum = pa.units * 10n ** BigInt(scale - pa.scale) + pb.units * 10n ** BigInt(scale - pb.scale);
  return format(sum, scale);
}

function parse(value: string): { units: bigint; scale: number } | null {
  const match = /^(-?)(\d*)(?:\.(\d*))?$/.exec(value.trim());
  if (!match || (match[2] === '' && !match[3])) return null;
  const fraction = match[3] ?? '';
  const units = BigInt((match[2] || '0') + fraction) * (match[1] ? -1n : 1n);
  return { units, scale: fraction.length };
}

function format(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  let fraction = scale > 0 ? digits.slice(digits.length - scale) : '';
  fraction = fraction.replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}
