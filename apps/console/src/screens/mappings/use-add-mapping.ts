import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { ApiError, api, unwrap } from '../../api/client.js';
import type { Destination } from '../../components/forms/destinations.js';
import type { Integration } from '../integrations/integrations-api.js';
import type { M3terEntity } from './mapping-csv.js';
import type { Mapping } from './mappings-api.js';

/**
 * The add-a-mapping form: what is typed, the table and metadata fields the chosen destination and
 * entity call for, and the POST (checked here first, then by the hub, errors shown field by field).
 */
export function useAddMapping({
  destinations,
  integrations,
  defaultIntegration,
  onAdded,
}: {
  destinations: Destination[];
  integrations: Integration[];
  defaultIntegration: string;
  onAdded: (mapping: Mapping) => void;
}) {
  const queryClient = useQueryClient();
  const [destinationId, setDestinationId] = useState('');
  const [entity, setEntity] = useState<M3terEntity>('Account');
  const [m3terId, setM3terId] = useState('');
  const [externalId, setExternalId] = useState('');
  const [integrationId, setIntegrationId] = useState(defaultIntegration);
  const [metadata, setMetadata] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const linked = integrations.find((integration) => integration.id === defaultIntegration);
    if (linked) {
      setIntegrationId(linked.id);
      setDestinationId(linked.destination);
    } else if (destinations.length === 1 && destinations[0])
      setDestinationId((current) => current || destinations[0]!.id);
  }, [defaultIntegration, integrations, destinations]);

  const destination = destinations.find((candidate) => candidate.id === destinationId);
  const table = destination
    ? entity === 'Account'
      ? destination.mappings.account
      : destination.mappings.dimension
    : undefined;
  const metadataFields = entity === 'Account' ? (destination?.mappings.account.metadataFields ?? []) : [];
  const choosable = integrations.filter((integration) => integration.destination === destinationId);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    const found: Record<string, string> = {};
    if (!destination) found.destination = 'choose a destination';
    if (!m3terId.trim()) found.m3terId = 'must not be empty';
    if (!externalId.trim()) found.externalId = 'must not be empty';
    for (const field of metadataFields)
      if (field.required && !(metadata[field.name] ?? '').trim())
        found[`metadata.${field.name}`] = 'is required';
    setErrors(found);
    if (!destination || Object.keys(found).length > 0) {
      focusFirstError(found);
      return;
    }
    const meta = Object.fromEntries(
      metadataFields
        .map((field) => [field.name, (metadata[field.name] ?? '').trim()] as const)
        .filter(([, value]) => value !== ''),
    );
    setBusy(true);
    try {
      const created = unwrap(
        await api.POST('/v1/external-mappings', {
          body: {
            m3terEntity: entity,
            m3terId: m3terId.trim(),
            externalSystem: destination.externalSystem,
            externalTable: (table ?? destination.mappings.dimension).externalTable,
            externalId: externalId.trim(),
            integrationConfigId: integrationId || null,
            metadata: Object.keys(meta).length > 0 ? meta : null,
          },
        }),
      );
      await queryClient.invalidateQueries({ queryKey: ['external-mappings'] });
      setM3terId('');
      setExternalId('');
      setMetadata({});
      onAdded(created);
      document.getElementById('mapping-m3terId')?.focus();
    } catch (error) {
      if (error instanceof ApiError && error.details.length > 0) {
        const byField: Record<string, string> = {};
        for (const detail of error.details) byField[detail.path] = detail.message;
        setErrors(byField);
        focusFirstError(byField);
      }
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  /** Another destination has other tables, integrations and metadata fields: start those over. */
  function chooseDestination(value: string) {
    setDestinationId(value);
    setIntegrationId('');
    setMetadata({});
  }

  return {
    destinationId,
    chooseDestination,
    entity,
    setEntity,
    m3terId,
    setM3terId,
    externalId,
    setExternalId,
    integrationId,
    setIntegrationId,
    metadata,
    setMetadata,
    errors,
    failure,
    busy,
    destination,
    table,
    metadataFields,
    choosable,
    submit,
  };
}

function focusFirstError(errors: Record<string, string>) {
  const order = ['destination', 'm3terEntity', 'm3terId', 'externalId'];
  const first =
    order.find((key) => errors[key]) ?? Object.keys(errors).find((key) => key.startsWith('metadata.'));
  if (!first) return;
  const id = first.startsWith('metadata.') ? `mapping-metadata-${first.slice(9)}` : `mapping-${first}`;
  requestAnimationFrame(() => document.getElementById(id)?.focus());
}
