import { ErrorMessage } from '../../components/ErrorMessage.js';
import { SelectField, TextField } from '../../components/forms/Field.js';
import { useCreateCredential } from './use-create-credential.js';

/** "New credential": its fields are the chosen destination's (secret ones write-only). */
export function CreateCredential({ onCreated }: { onCreated: (name: string) => void }) {
  const create = useCreateCredential(onCreated);
  const { destinations, destinationId, errors } = create;

  return (
    <section aria-labelledby="new-credential">
      <h2 id="new-credential">New credential</h2>
      <form onSubmit={create.submit} noValidate aria-labelledby="new-credential">
        <TextField
          id="credential-name"
          label="Name"
          required
          help="How operators tell this credential apart."
          value={create.name}
          onChange={create.setName}
          error={errors.name}
        />
        <SelectField
          id="credential-destination"
          label="Destination"
          required
          help="The marketplace this credential signs in to; its fields follow."
          value={destinationId}
          onChange={create.chooseDestination}
          placeholder={destinations.isPending ? 'Loading destinations…' : 'Choose a destination…'}
          options={(destinations.data ?? []).map((candidate) => ({
            value: candidate.id,
            label: candidate.displayName,
          }))}
          error={errors.destination}
        />
        <ErrorMessage error={destinations.error} title="Could not load the destinations" />
        {create.fields.map((field) => (
          <TextField
            key={`${destinationId}:${field.name}`}
            id={`credential-field-${field.name}`}
            label={field.label}
            required={field.required}
            help={
              field.secret && !field.description
                ? 'Write-only: stored encrypted, never shown again.'
                : (field.description ?? undefined)
            }
            type={field.secret ? 'password' : 'text'}
            autoComplete={field.secret ? 'new-password' : 'off'}
            spellCheck={false}
            value={create.values[field.name] ?? ''}
            onChange={(value) => create.setValues((current) => ({ ...current, [field.name]: value }))}
            error={errors[field.name]}
          />
        ))}
        <div className="actions">
          <button type="submit" disabled={create.busy}>
            {create.busy ? 'Creating…' : 'Create credential'}
          </button>
        </div>
        <ErrorMessage error={create.failure} title="Could not create the credential" />
      </form>
    </section>
  );
}
