import type { UseQueryResult } from '@tanstack/react-query';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import type { Destination } from '../../components/forms/destinations.js';
import { CheckboxField, SelectField, TextField } from '../../components/forms/Field.js';
import { inputIdOf } from './integration-form.js';
import type { FormSectionProps } from './use-integration-form.js';

/** Name, destination and (on create only) whether it starts enabled. */
export function IntegrationSection({
  form,
  set,
  errorOf,
  mode,
  destinations,
  destination,
}: FormSectionProps & {
  mode: 'create' | 'edit';
  destinations: UseQueryResult<Destination[]>;
  destination: Destination | undefined;
}) {
  const destinationList = destinations.data ?? [];
  return (
    <fieldset>
      <legend>Integration</legend>
      <TextField
        id={inputIdOf('name')}
        label="Name"
        required
        help="Shown in lists, runs and notifications."
        value={form.name}
        onChange={set('name')}
        error={errorOf('name')}
      />
      {destinations.isError ? (
        <ErrorMessage error={destinations.error} title="Could not load the destinations" />
      ) : (
        <SelectField
          id={inputIdOf('destination')}
          label="Destination"
          required
          help="The marketplace this integration reports to (one per plugin the hub loaded)."
          value={form.destination}
          onChange={set('destination')}
          placeholder={destinations.isPending ? 'Loading destinations…' : 'Choose a destination…'}
          options={[
            ...destinationList.map((candidate) => ({
              value: candidate.id,
              label: candidate.displayName,
            })),
            // A destination the hub no longer serves still shows as the one chosen.
            ...(form.destination && !destination && destinations.data
              ? [{ value: form.destination, label: form.destination }]
              : []),
          ]}
          error={errorOf('destination')}
        />
      )}
      {mode === 'create' && (
        <CheckboxField
          id={inputIdOf('enabled')}
          label="Enabled"
          help="A disabled integration keeps its bills' runs as DISABLED and replays them when enabled again."
          checked={form.enabled}
          onChange={set('enabled')}
          error={errorOf('enabled')}
        />
      )}
    </fieldset>
  );
}
