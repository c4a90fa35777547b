import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { ApiError, api, unwrap } from '../../api/client.js';
import { useDestinations } from '../../components/forms/destinations.js';

/**
 * The new-credential form: a name, a destination, and the fields that destination asks for (checked
 * here first, then by the hub; errors shown field by field, focus on the first).
 */
export function useCreateCredential(onCreated: (name: string) => void) {
  const queryClient = useQueryClient();
  const destinations = useDestinations();
  const [name, setName] = useState('');
  const [destinationId, setDestinationId] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const only = destinations.data?.length === 1 ? destinations.data[0] : undefined;
    if (only) setDestinationId((current) => current || only.id);
  }, [destinations.data]);

  const destination = destinations.data?.find((candidate) => candidate.id === destinationId);
  const fields = destination?.credential.fields ?? [];

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    const found: Record<string, string> = {};
    if (!name.trim()) found.name = 'must not be empty';
    if (!destinationId) found.destination = 'choose a destination';
    for (const field of fields)
      if (field.required && !(values[field.name] ?? '').trim()) found[field.name] = 'is required';
    setErrors(found);
    if (Object.keys(found).length > 0) {
      focusFirst(
        found,
        fields.map((field) => field.name),
      );
      return;
    }
    setBusy(true);
    try {
      const body: Record<string, string> = {};
      for (const field of fields) {
        const value = values[field.name] ?? '';
        if (value !== '' || field.required) body[field.name] = value;
      }
      const created = unwrap(
        await api.POST('/v1/integration-credentials', {
          body: { ...body, name, destination: destinationId },
        }),
      );
      await queryClient.invalidateQueries({ queryKey: ['credentials'] });
      setName('');
      setValues({});
      onCreated(created.name);
    } catch (error) {
      if (error instanceof ApiError && error.details.length > 0) {
        const byField: Record<string, string> = {};
        for (const detail of error.details) {
          const key = detail.path.split('.').pop() ?? detail.path;
          byField[key] = byField[key] ? `${byField[key]}; ${detail.message}` : detail.message;
        }
        setErrors(byField);
        focusFirst(
          byField,
          fields.map((field) => field.name),
        );
      }
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  /** Another destination asks for other fields: what was typed for the last one is dropped. */
  function chooseDestination(value: string) {
    setDestinationId(value);
    setValues({});
    setErrors({});
  }

  return {
    destinations,
    name,
    setName,
    destinationId,
    chooseDestination,
    fields,
    values,
    setValues,
    errors,
    failure,
    busy,
    submit,
  };
}

function focusFirst(errors: Record<string, string>, fieldNames: string[]) {
  const order = ['name', 'destination', ...fieldNames];
  const first = order.find((key) => errors[key]);
  if (!first) return;
  const id =
    first === 'name'
      ? 'credential-name'
      : first === 'destination'
        ? 'credential-destination'
        : `credential-field-${first}`;
  requestAnimationFrame(() => document.getElementById(id)?.focus());
}
