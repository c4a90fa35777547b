import { LINE_ITEM_TYPES, type LineItemType } from '@hub/core';
import { FieldError, TextField } from '../../components/forms/Field.js';
import { inputIdOf } from './integration-form.js';
import type { FormSectionProps } from './use-integration-form.js';

/** Which line items are dropped: by type, by product, by aggregation. */
export function LineItemsSection({ form, set, errorOf }: FormSectionProps) {
  return (
    <fieldset>
      <legend>Line items</legend>
      <ExcludedTypesField form={form} set={set} errorOf={errorOf} />
      <TextField
        id={inputIdOf('configData.excludedProductIds')}
        label="Excluded product ids"
        help="Line items of these products are dropped. One per line or comma separated."
        multiline
        rows={3}
        spellCheck={false}
        value={form.excludedProductIds}
        onChange={set('excludedProductIds')}
        error={errorOf('configData.excludedProductIds')}
      />
      <TextField
        id={inputIdOf('configData.excludedAggregationIds')}
        label="Excluded aggregation ids"
        help="Line items of these aggregations / compound aggregations are dropped. One per line or comma separated."
        multiline
        rows={3}
        spellCheck={false}
        value={form.excludedAggregationIds}
        onChange={set('excludedAggregationIds')}
        error={errorOf('configData.excludedAggregationIds')}
      />
    </fieldset>
  );
}

/** One checkbox per line item type; the chosen ones are kept in LINE_ITEM_TYPES order. */
function ExcludedTypesField({ form, set, errorOf }: FormSectionProps) {
  return (
    <fieldset
      data-field="configData.excludedLineItemTypes"
      aria-describedby={[
        'excluded-types-help',
        errorOf('configData.excludedLineItemTypes')
          ? `${inputIdOf('configData.excludedLineItemTypes')}-error`
          : '',
      ]
        .filter(Boolean)
        .join(' ')}
    >
      <legend>Excluded line item types</legend>
      <p id="excluded-types-help" className="help">
        Line items of these types are dropped.
      </p>
      <div className="checkbox-grid">
        {LINE_ITEM_TYPES.map((type) => (
          <label key={type} className="checkbox" htmlFor={`excluded-type-${type}`}>
            <input
              id={`excluded-type-${type}`}
              type="checkbox"
              checked={form.excludedLineItemTypes.includes(type)}
              onChange={(event) =>
                set('excludedLineItemTypes')(
                  event.target.checked
                    ? LINE_ITEM_TYPES.filter(
                        (candidate: LineItemType) =>
                          candidate === type || form.excludedLineItemTypes.includes(candidate),
                      )
                    : form.excludedLineItemTypes.filter((candidate) => candidate !== type),
                )
              }
            />
            <span>{type}</span>
          </label>
        ))}
      </div>
      <FieldError
        id={inputIdOf('configData.excludedLineItemTypes')}
        error={errorOf('configData.excludedLineItemTypes')}
      />
    </fieldset>
  );
}
