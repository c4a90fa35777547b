import type { Destination } from '../../components/forms/destinations.js';
import { SelectField, TextField } from '../../components/forms/Field.js';
import { type IntegrationForm, inputIdOf } from './integration-form.js';
import type { FormSectionProps } from './use-integration-form.js';

const SPLIT_OPTIONS = [
  { value: 'ITEM_PER_BILL', label: 'One amount per bill (ITEM_PER_BILL)' },
  { value: 'ITEM_PER_PRODUCT', label: 'One amount per product (ITEM_PER_PRODUCT)' },
  { value: 'ITEM_PER_AGGREGATION', label: 'One amount per aggregation (ITEM_PER_AGGREGATION)' },
];
const POLICY_OPTIONS = [
  { value: 'CARRY_FORWARD', label: 'Carry the credit forward (CARRY_FORWARD)' },
  { value: 'RECORD_ONLY', label: 'Only record the credit (RECORD_ONLY)' },
];

/** What is reported: how lines are split into dimensions, priced, rounded, and what a lowered bill does. */
export function ReportingSection({
  form,
  set,
  errorOf,
  destination,
  destinationLabel,
  maxPlaces,
}: FormSectionProps & {
  destination: Destination | undefined;
  destinationLabel: string;
  maxPlaces: number;
}) {
  const placesHelp =
    maxPlaces === 0
      ? `${destinationLabel} takes whole quantities only, so this must be 0.`
      : `From 0 to ${maxPlaces}${destination ? ` (${destination.displayName}'s limit)` : ''}.`;

  return (
    <fieldset>
      <legend>What is reported</legend>
      <SelectField
        id={inputIdOf('configData.splitUsageLineItems')}
        label="Split mode"
        help="ITEM_PER_BILL: the sum of all remaining lines goes to the marketplace bill dimension. ITEM_PER_PRODUCT: lines grouped by product, each group to its Product mapping. ITEM_PER_AGGREGATION: grouped by aggregation (else compound aggregation), each to its mapping. A line with no mapping is an error, never silently dropped."
        value={form.splitUsageLineItems}
        onChange={(value) => set('splitUsageLineItems')(value as IntegrationForm['splitUsageLineItems'])}
        options={SPLIT_OPTIONS}
        error={errorOf('configData.splitUsageLineItems')}
      />
      {form.splitUsageLineItems === 'ITEM_PER_BILL' && (
        <TextField
          id={inputIdOf('configData.marketplaceBillDimension')}
          label="Marketplace bill dimension"
          required
          help={`The dimension id${destination ? ` at ${destination.displayName}` : ''} the whole bill is reported to; required in ITEM_PER_BILL mode.`}
          spellCheck={false}
          value={form.marketplaceBillDimension}
          onChange={set('marketplaceBillDimension')}
          error={errorOf('configData.marketplaceBillDimension')}
        />
      )}
      <TextField
        id={inputIdOf('configData.unitPrice')}
        label="Unit price"
        help='Price per unit of every target dimension, a decimal greater than 0 (default "0.01": a $0.50 line is reported as quantity 50).'
        inputMode="decimal"
        value={form.unitPrice}
        onChange={set('unitPrice')}
        error={errorOf('configData.unitPrice')}
      />
      <TextField
        id={inputIdOf('configData.currency')}
        label="Currency"
        help="Currency of the marketplace prices (e.g. USD). Bills in another currency use their converted amounts when they carry a conversion to it, else the run ends CURRENCY_MISMATCH."
        value={form.currency}
        onChange={set('currency')}
        error={errorOf('configData.currency')}
      />
      <TextField
        id={inputIdOf('configData.quantityDecimalPlaces')}
        label="Quantity decimal places"
        help={`Quantities are rounded half-up to this many places. ${placesHelp}`}
        type="number"
        inputMode="numeric"
        min={0}
        max={maxPlaces}
        value={form.quantityDecimalPlaces}
        onChange={set('quantityDecimalPlaces')}
        error={errorOf('configData.quantityDecimalPlaces')}
      />
      <SelectField
        id={inputIdOf('configData.overReportPolicy')}
        label="Over-report policy"
        help="What a lowered bill does. The marketplace cannot take a negative quantity, so the over-reported amount becomes a credit. CARRY_FORWARD: later increases for the same customer and dimension are reduced by it until it is used up. RECORD_ONLY: the credit is only recorded. Either way a warning event and an email go out."
        value={form.overReportPolicy}
        onChange={(value) => set('overReportPolicy')(value as IntegrationForm['overReportPolicy'])}
        options={POLICY_OPTIONS}
        error={errorOf('configData.overReportPolicy')}
      />
    </fieldset>
  );
}
