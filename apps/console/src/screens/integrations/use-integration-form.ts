import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { ApiError, api, unwrap } from '../../api/client.js';
import { maxDecimalPlaces, useDestinations } from '../../components/forms/destinations.js';
import { type Detail, detailsByField } from '../../components/forms/issues.js';
import {
  bodyFromForm,
  EMPTY_FORM,
  FIELD_PATHS,
  formFromIntegration,
  type Integration,
  type IntegrationForm,
  inputIdOf,
  type SavedIntegration,
  validateForm,
} from './integration-form.js';

export type Warning = SavedIntegration['warnings'][number];

/** What the last save did; a create hands it to the edit page it navigates to, in the location state. */
export interface SavedNotice {
  created: boolean;
  warnings: Warning[];
}

/**
 * The integration form's state: what is typed, the hub's answer to saving it, and where focus goes after
 * each answer (the notice, the conflict, or the first field in error).
 */
export function useIntegrationForm(integration?: Integration, reload?: () => Promise<Integration>) {
  const mode: 'create' | 'edit' = integration ? 'edit' : 'create';
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const destinations = useDestinations();
  const [form, setForm] = useState<IntegrationForm>(() =>
    integration ? formFromIntegration(integration) : EMPTY_FORM,
  );
  const [version, setVersion] = useState(integration?.version);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [otherErrors, setOtherErrors] = useState<Detail[]>([]);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<SavedNotice | null>(
    () => (location.state as { saved?: SavedNotice } | null)?.saved ?? null,
  );
  const savedRef = useRef<HTMLDivElement>(null);
  const conflictRef = useRef<HTMLDivElement>(null);
  const summaryRef = useRef<HTMLDivElement>(null);

  const destinationList = destinations.data ?? [];
  const destination = destinationList.find((candidate) => candidate.id === form.destination);
  const maxPlaces = maxDecimalPlaces(destination);
  const destinationLabel = destination?.displayName ?? 'This destination';

  // One destination served: nothing to choose.
  useEffect(() => {
    const only = destinations.data?.length === 1 ? destinations.data[0] : undefined;
    if (mode === 'create' && only)
      setForm((current) => (current.destination ? current : { ...current, destination: only.id }));
  }, [destinations.data, mode]);

  useEffect(() => {
    if (saved) savedRef.current?.focus();
  }, [saved]);
  useEffect(() => {
    if (conflict) conflictRef.current?.focus();
  }, [conflict]);

  function set<K extends keyof IntegrationForm>(key: K) {
    return (value: IntegrationForm[K]) => {
      setForm((current) => ({ ...current, [key]: value }));
      // An edited field's old message no longer applies; the next save checks it again.
      setErrors((current) => {
        const path = key in current ? key : `configData.${key}`;
        if (!(path in current)) return current;
        const { [path]: _dropped, ...rest } = current;
        return rest;
      });
    };
  }
  const errorOf = (path: string): string | undefined => errors[path];

  function showDetails(details: readonly Detail[]) {
    const { byField, other } = detailsByField(details, FIELD_PATHS);
    setErrors(byField);
    setOtherErrors(other);
    const first = FIELD_PATHS.find((path) => byField[path]);
    requestAnimationFrame(() => {
      const target =
        (first && document.getElementById(inputIdOf(first))) ??
        (first && document.querySelector<HTMLElement>(`[data-field="${first}"] input`));
      if (target) target.focus();
      else summaryRef.current?.focus();
    });
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(null);
    setSaveError(null);
    setConflict(null);
    const body = bodyFromForm(form, mode);
    const details = validateForm(body, maxPlaces, destinationLabel);
    if (details.length > 0) {
      showDetails(details);
      return;
    }
    setErrors({});
    setOtherErrors([]);
    setBusy(true);
    try {
      if (integration) {
        const result = unwrap(
          await api.PUT('/v1/integrations/{id}', {
            params: { path: { id: integration.id } },
            body: { ...body, version: version ?? integration.version },
          }),
        );
        const { warnings, ...stored } = result as SavedIntegration;
        setVersion(stored.version);
        setForm(formFromIntegration(stored));
        queryClient.setQueryData(['integrations', integration.id], stored);
        await queryClient.invalidateQueries({ queryKey: ['integrations'], exact: true });
        setSaved({ created: false, warnings: warnings ?? [] });
      } else {
        const result = unwrap(await api.POST('/v1/integrations', { body }));
        const { warnings, ...stored } = result;
        queryClient.setQueryData(['integrations', stored.id], stored);
        await queryClient.invalidateQueries({ queryKey: ['integrations'], exact: true });
        navigate(`/integrations/${stored.id}`, {
          replace: true,
          state: { saved: { created: true, warnings: warnings ?? [] } satisfies SavedNotice },
        });
      }
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 409 && mode === 'edit') {
        setConflict(failure.message);
      } else if (failure instanceof ApiError && failure.status === 400 && failure.details.length > 0) {
        showDetails(failure.details);
        setSaveError(failure);
      } else {
        setSaveError(failure);
      }
    } finally {
      setBusy(false);
    }
  }

  async function reloadLatest() {
    if (!reload) return;
    setBusy(true);
    try {
      const fresh = await reload();
      setForm(formFromIntegration(fresh));
      setVersion(fresh.version);
      setConflict(null);
      setErrors({});
      setOtherErrors([]);
      setSaveError(null);
      document.getElementById(inputIdOf('name'))?.focus();
    } catch (failure) {
      setSaveError(failure);
    } finally {
      setBusy(false);
    }
  }

  return {
    mode,
    form,
    set,
    errorOf,
    errorCount: Object.keys(errors).length + otherErrors.length,
    otherErrors,
    saveError,
    conflict,
    busy,
    saved,
    version,
    savedRef,
    conflictRef,
    summaryRef,
    destinations,
    destination,
    maxPlaces,
    destinationLabel,
    submit,
    reloadLatest,
  };
}

/** The form's field setter: `set('name')` is the name field's onChange. */
export type FieldSetter = ReturnType<typeof useIntegrationForm>['set'];

/** What every section of the integration form is given. */
export interface FormSectionProps {
  form: IntegrationForm;
  set: FieldSetter;
  errorOf: (path: string) => string | undefined;
}
