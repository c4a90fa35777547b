import type { Decimal } from 'decimal.js';
import type { Bill, LineItem } from '../model/bill.js';
import type { ConfigData } from '../model/integration-config.js';
import { Money } from '../money/decimal.js';
import { scaledOf } from '../money/quantity.js';
import { multiplyScaled, scaledText } from '../money/scaled.js';

export type AmountSource =
  | { ok: true; field: 'subtotal' | 'convertedSubtotal'; multiplier: Decimal | null }
  | { ok: false; reason: 'CURRENCY_MISMATCH'; message: string };

/**
 * Step 7, the currency rule: amounts are `subtotal` when the bill is already in the integration's
 * currency, else `convertedSubtotal` when the bill converts to that currency, else a mismatch.
 * When a line item lacks `convertedSubtotal`, `subtotal × multiplier` of the bill's conversion to
 * the integration's currency is used, so a sender that omits the converted figure still works.
 */
export function chooseAmountSource(
  bill: Pick<Bill, 'currency' | 'currencyConversions'>,
  config: Pick<ConfigData, 'currency'>,
): AmountSource {
  const target = config.currency.toUpperCase();
  const billCurrency = bill.currency.toUpperCase();
  if (billCurrency === target) return { ok: true, field: 'subtotal', multiplier: null };
  const conversion = bill.currencyConversions.find(
    (c) => c.from.toUpperCase() === billCurrency && c.to.toUpperCase() === target,
  );
  if (conversion)
    return { ok: true, field: 'convertedSubtotal', multiplier: new Money(conversion.multiplier) };
  return {
    ok: false,
    reason: 'CURRENCY_MISMATCH',
    message: `the bill is in ${billCurrency} and has no conversion to the integration's currency ${target}`,
  };
}

/** The amount of one line item under the chosen source, as a canonical decimal string. */
export function lineAmount(
  line: Pick<LineItem, 'subtotal' | 'convertedSubtotal'>,
  source: Extract<AmountSource, { ok: true }>,
): string {
  // The bill schema already made these canonical decimal strings; they pass through as text and are
  // summed exactly per dimension (see DecimalSum), so no Decimal is built per line.
  if (source.field === 'subtotal') return line.subtotal;
  if (line.convertedSubtotal != null) return line.convertedSubtotal;
  if (source.multiplier === null) return line.subtotal;
  // The exact product (up to 160 significant digits for two 80-digit factors), in BigInt: a Decimal
  // product would round at the context's precision.
  const product = multiplyScaled(scaledOf(line.subtotal), scaledOf(source.multiplier));
  return scaledText(product.units, product.scale);
}
