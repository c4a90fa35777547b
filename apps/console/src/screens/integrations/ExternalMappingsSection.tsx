import { CheckboxField } from '../../components/forms/Field.js';
import { inputIdOf } from './integration-form.js';
import type { FormSectionProps } from './use-integration-form.js';

/** How this integration's bills find their external mappings. */
export function ExternalMappingsSection({ form, set, errorOf }: FormSectionProps) {
  return (
    <fieldset>
      <legend>External mappings</legend>
      <CheckboxField
        id={inputIdOf('configData.useExternalMappingAccountCode')}
        label="Use external mapping account code"
        help="Account mappings are keyed by the account code instead of the account id (lets operators map before the billing platform assigns ids)."
        checked={form.useExternalMappingAccountCode}
        onChange={set('useExternalMappingAccountCode')}
        error={errorOf('configData.useExternalMappingAccountCode')}
      />
      <CheckboxField
        id={inputIdOf('configData.enforceExternalMappingsForConfig')}
        label="Enforce external mappings for this integration"
        help="Only mappings linked to this integration are used; when off, a linked mapping wins over an unlinked one."
        checked={form.enforceExternalMappingsForConfig}
        onChange={set('enforceExternalMappingsForConfig')}
        error={errorOf('configData.enforceExternalMappingsForConfig')}
      />
    </fieldset>
  );
}
