import { LINE_ITEM_TYPES, type LineItemType } from '@hub/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { ApiError, api, unwrap } from '../../api/client.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { destinationName, maxDecimalPlaces, useDestinations } from '../../components/forms/destinations.js';
import { CheckboxField, FieldError, SelectField, TextField } from '../../components/forms/Field.js';
import { type Detail, detailsByField } from '../../components/forms/issues.js';
import { Loading } from '../../components/Loading.js';
import { PageTitle } from '../../components/PageTitle.js';
import { AccountFilterField } from './AccountFilterField.js';
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
import { integrationQuery } from './integrations-api.js';

type Warning = SavedIntegration['warnings'][number];
interface SavedNotice {
  created: boolean;
  warnings: Warning[];
}

/** /integrations/new and /integrations/:id: every option of an integration, checked as the hub checks it. */
export default function IntegrationFormScreen() {
  const { id } = useParams();
  return id ? <EditIntegration id={id} /> : <IntegrationEditor />;
}

function EditIntegration({ id }: { id: string }) {
  const query = useQuery(integrationQuery(id));
  if (query.isPending) return <Loading what="Loading the integration" />;
  if (query.isError)
    return (
      <>
        <PageTitle>Integration</PageTitle>
        <ErrorMessage error={query.error} title="Could not load the integration" />
        <Link to="/integrations">Back to integrations</Link>
      </>
    );
  return (
    <IntegrationEditor
      integration={query.data}
      reload={async () => {
        const fresh = await query.refetch();
        if (fresh.error) throw fresh.error;
        return fresh.data as Integration;
      }}
    />
  );
}

const SPLIT_OPTIONS = [
  { value: 'ITEM_PER_BILL', label: 'One amount per bill (ITEM_PER_BILL)' },
  { value: 'ITEM_PER_PRODUCT', label: 'One amount per product (ITEM_PER_PRODUCT)' },
  { value: 'ITEM_PER_AGGREGATION', label: 'One amount per aggregation (ITEM_PER_AGGREGATION)' },
];
const POLICY_OPTIONS = [
  { value: 'CARRY_FORWARD', label: 'Carry the credit forward (CARRY_FORWARD)' },
  { value: 'RECORD_ONLY', label: 'Only record the credit (RECORD_ONLY)' },
];

function IntegrationEditor({
  integration,
  reload,
}: {
  integration?: Integration;
  reload?: () => Promise<Integration>;
}) {
  const mode = integration ? 'edit' : 'create';
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
  const errorOf = (path: string) => errors[path];

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

  const errorCount = Object.keys(errors).length + otherErrors.length;
  const title = integration ? `Edit integration: ${integration.name}` : 'New integration';
  const placesHelp =
    maxPlaces === 0
      ? `${destinationLabel} takes whole quantities only, so this must be 0.`
      : `From 0 to ${maxPlaces}${destination ? ` (${destination.displayName}'s limit)` : ''}.`;

  return (
    <>
      <PageTitle title={title}>{title}</PageTitle>
      <p>
        <Link to="/integrations">Back to integrations</Link>
        {integration && (
          <>
            {' · '}
            <Link to={`/integrations/${integration.id}/check`}>Check prerequisites</Link>
          </>
        )}
      </p>

      {saved && (
        <div ref={savedRef} tabIndex={-1} role="status" className="alert alert-ok">
          <strong>{saved.created ? 'Integration created.' : 'Integration saved.'}</strong>
          {saved.warnings.length > 0 ? (
            <div className="alert alert-warning">
              <p>The hub kept the save, and warns:</p>
              <ul>
                {saved.warnings.map((warning) => (
                  <li key={warning.name + warning.message}>
                    <strong>{warning.name}</strong>: {warning.message}
                  </li>
                ))}
              </ul>
            </div>
          ) : (
            <p>The hub found nothing missing.</p>
          )}
          {integration && (
            <p>
              <Link to={`/integrations/${integration.id}/check`}>Run the prerequisite check</Link>
              {' · '}
              <Link to="/integrations">Back to integrations</Link>
            </p>
          )}
        </div>
      )}

      {conflict && (
        <div ref={conflictRef} tabIndex={-1} role="alert" className="alert alert-error">
          <strong>Someone changed this integration since you opened it.</strong>
          <p>
            Your changes were not saved, so nothing was overwritten. Reload the latest version (your edits on
            this page are replaced by it), then make your changes again.
          </p>
          <p className="muted">The hub said: {conflict}</p>
          <button type="button" onClick={reloadLatest} disabled={busy}>
            Reload the latest version
          </button>
        </div>
      )}

      {errorCount > 0 && (
        <div ref={summaryRef} tabIndex={-1} role="alert" className="alert alert-error">
          <strong>
            {errorCount === 1 ? 'One field needs' : `${errorCount} fields need`} attention before saving.
          </strong>
          {otherErrors.length > 0 && (
            <ul>
              {otherErrors.map((detail) => (
                <li key={detail.path + detail.message}>
                  <code>{detail.path}</code>: {detail.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {!(saveError instanceof ApiError && saveError.status === 400 && errorCount > 0) && (
        <ErrorMessage error={saveError} title="Could not save the integration" />
      )}

      <form onSubmit={submit} noValidate aria-label={title}>
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

        <fieldset>
          <legend>Which bills are sent</legend>
          <CheckboxField
            id={inputIdOf('configData.sendBillOnApprovalOnly')}
            label="Only send bills on approval"
            help="Only bills with status APPROVED are sent; otherwise every new bill version is sent."
            checked={form.sendBillOnApprovalOnly}
            onChange={set('sendBillOnApprovalOnly')}
            error={errorOf('configData.sendBillOnApprovalOnly')}
          />
          <TextField
            id={inputIdOf('accountIds')}
            label="Account ids"
            help="Allow list: one per line or comma separated. Empty: all accounts."
            multiline
            rows={3}
            spellCheck={false}
            value={form.accountIds}
            onChange={set('accountIds')}
            error={errorOf('accountIds')}
          />
          <TextField
            id={inputIdOf('restrictedAccountIds')}
            label="Restricted account ids"
            help="Deny list: one per line or comma separated. An account on both lists is denied (deny wins)."
            multiline
            rows={3}
            spellCheck={false}
            value={form.restrictedAccountIds}
            onChange={set('restrictedAccountIds')}
            error={errorOf('restrictedAccountIds')}
          />
          <AccountFilterField
            id={inputIdOf('configData.accountFilter')}
            value={form.accountFilter}
            onChange={set('accountFilter')}
            error={errorOf('configData.accountFilter')}
          />
        </fieldset>

        <fieldset>
          <legend>Line items</legend>
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

        <fieldset>
          <legend>Notifications</legend>
          <TextField
            id={inputIdOf('disabledNotificationEmails')}
            label="Disabled-notification emails"
            help="Who is emailed when the hub disables this integration (e.g. after repeated authentication failures). One per line or comma separated."
            multiline
            rows={2}
            spellCheck={false}
            value={form.disabledNotificationEmails}
            onChange={set('disabledNotificationEmails')}
            error={errorOf('disabledNotificationEmails')}
          />
        </fieldset>

        <div className="actions">
          <button type="submit" disabled={busy}>
            {busy ? 'Saving…' : mode === 'create' ? 'Create integration' : 'Save changes'}
          </button>
          <Link to="/integrations">Cancel</Link>
        </div>
        {integration && (
          <p className="muted">
            Destination: {destinationName(destinations.data, integration.destination)} · version {version}
          </p>
        )}
      </form>
    </>
  );
}
