import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { useSearchParams } from 'react-router';
import { ApiError, api, unwrap } from '../../api/client.js';
import type { paths } from '../../api/hub-api.js';
import { useIntegrations } from '../../components/data/integrations.js';
import { StatusBadge } from '../../components/data/StatusBadge.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Loading } from '../../components/Loading.js';
import { PageTitle } from '../../components/PageTitle.js';
import { checkJsonObject, detailsByField, previewBodyText } from './preview-input.js';

type PreviewOp = paths['/v1/integrations/{id}/preview']['post'];
type PreviewBody = PreviewOp['requestBody'] extends { content: { 'application/json': infer B } } ? B : never;
type PreviewResult = PreviewOp['responses'][200]['content']['application/json'];

interface Outcome {
  integrationId: string;
  result?: PreviewResult;
  error?: unknown;
}

export default function PreviewScreen() {
  const [params, setParams] = useSearchParams();
  const storedBillId = params.get('billId') ?? '';
  // Local first (a checkbox answers at once), mirrored into the URL so the choice can be linked.
  const [selected, setSelected] = useState<string[]>(() => params.getAll('integration'));
  const integrations = useIntegrations();
  const ids = useId();

  const [billIdDraft, setBillIdDraft] = useState(storedBillId);
  const [billText, setBillText] = useState('');
  const [accountText, setAccountText] = useState('');
  const [billProblem, setBillProblem] = useState('');
  const [accountProblem, setAccountProblem] = useState('');
  const [pickProblem, setPickProblem] = useState('');

  const storedBill = useQuery({
    queryKey: ['bill', storedBillId],
    enabled: storedBillId !== '',
    queryFn: async () => unwrap(await api.GET('/v1/bills/{id}', { params: { path: { id: storedBillId } } })),
  });
  useEffect(() => {
    if (storedBill.data) {
      setBillText(JSON.stringify(storedBill.data, null, 2));
      setBillProblem('');
    }
  }, [storedBill.data]);

  const updateParams = (change: (next: URLSearchParams) => void) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        change(next);
        return next;
      },
      { replace: true },
    );

  const loadBill = (event: FormEvent) => {
    event.preventDefault();
    const id = billIdDraft.trim();
    updateParams((next) => (id ? next.set('billId', id) : next.delete('billId')));
    if (id === storedBillId) void storedBill.refetch();
  };

  const toggle = (id: string, on: boolean) => {
    setPickProblem('');
    const chosen = on ? [...new Set([...selected, id])] : selected.filter((value) => value !== id);
    setSelected(chosen);
    updateParams((next) => {
      next.delete('integration');
      for (const value of chosen) next.append('integration', value);
    });
  };

  const preview = useMutation({
    mutationFn: async (input: { integrationIds: string[]; body: PreviewBody; text: string }) =>
      Promise.all(
        input.integrationIds.map(async (integrationId): Promise<Outcome> => {
          try {
            const result = unwrap(
              await api.POST('/v1/integrations/{id}/preview', {
                params: { path: { id: integrationId } },
                body: input.body,
                // The text as pasted: JSON numbers reach the hub with every digit.
                bodySerializer: () => input.text,
              }),
            );
            return { integrationId, result };
          } catch (error) {
            return { integrationId, error };
          }
        }),
      ),
  });

  const run = (event: FormEvent) => {
    event.preventDefault();
    const bill = checkJsonObject(billText, 'bill');
    const account = accountText.trim() ? checkJsonObject(accountText, 'account') : null;
    setBillProblem(bill.ok ? '' : bill.message);
    setAccountProblem(account && !account.ok ? account.message : '');
    const chosen = selected.filter((id) => integrations.data?.data.some((item) => item.id === id));
    setPickProblem(chosen.length === 0 ? 'Pick at least one integration.' : '');
    if (!bill.ok) {
      document.getElementById(`${ids}-bill`)?.focus();
      return;
    }
    if (account && !account.ok) {
      document.getElementById(`${ids}-account`)?.focus();
      return;
    }
    if (chosen.length === 0) return;
    preview.mutate({
      integrationIds: chosen,
      body: { bill: bill.value, ...(account?.ok ? { account: account.value } : {}) } as PreviewBody,
      text: previewBodyText(billText, accountText),
    });
  };

  // A 400 names fields of the bill or account: shown under the field it concerns.
  const invalid = preview.data?.find(
    (outcome) => outcome.error instanceof ApiError && outcome.error.status === 400,
  )?.error as ApiError | undefined;
  const fieldDetails = detailsByField(invalid?.details ?? []);
  const nameOf = (id: string) => integrations.data?.data.find((item) => item.id === id)?.name ?? id;

  return (
    <>
      <PageTitle>Preview</PageTitle>
      <p className="help">
        A dry run: what each integration would send for a bill and why. Nothing is sent or stored.
      </p>

      <form className="filters" aria-label="Load a stored bill" onSubmit={loadBill}>
        <div>
          <label htmlFor={`${ids}-billId`}>Stored bill id</label>
          <input
            id={`${ids}-billId`}
            type="text"
            value={billIdDraft}
            onChange={(event) => setBillIdDraft(event.target.value)}
          />
        </div>
        <div className="actions">
          <button type="submit" className="secondary">
            Load bill
          </button>
        </div>
      </form>
      {storedBill.isFetching && <Loading what="Loading the bill" />}
      <ErrorMessage error={storedBill.error} title="The bill could not be loaded" />

      <form onSubmit={run} noValidate aria-label="Preview a bill">
        <label htmlFor={`${ids}-bill`}>Bill (JSON)</label>
        <p className="help" id={`${ids}-bill-help`}>
          A bill as POST /v1/bills takes it: id, version, accountId, status, currency, lineItems…
        </p>
        <textarea
          id={`${ids}-bill`}
          rows={14}
          value={billText}
          spellCheck={false}
          aria-invalid={billProblem || fieldDetails.bill.length > 0 ? true : undefined}
          aria-describedby={`${ids}-bill-help ${ids}-bill-error`}
          onChange={(event) => setBillText(event.target.value)}
        />
        <div id={`${ids}-bill-error`}>
          {billProblem && <p className="field-error">{billProblem}</p>}
          {fieldDetails.bill.length > 0 && (
            <ul className="field-error">
              {fieldDetails.bill.map((detail) => (
                <li key={detail.path + detail.message}>
                  <code>{detail.path}</code>: {detail.message}
                </li>
              ))}
            </ul>
          )}
        </div>

        <label htmlFor={`${ids}-account`}>Account (JSON, optional)</label>
        <p className="help" id={`${ids}-account-help`}>
          Used instead of the stored account, e.g. to try an account filter.
        </p>
        <textarea
          id={`${ids}-account`}
          rows={4}
          value={accountText}
          spellCheck={false}
          aria-invalid={accountProblem || fieldDetails.account.length > 0 ? true : undefined}
          aria-describedby={`${ids}-account-help ${ids}-account-error`}
          onChange={(event) => setAccountText(event.target.value)}
        />
        <div id={`${ids}-account-error`}>
          {accountProblem && <p className="field-error">{accountProblem}</p>}
          {fieldDetails.account.length > 0 && (
            <ul className="field-error">
              {fieldDetails.account.map((detail) => (
                <li key={detail.path + detail.message}>
                  <code>{detail.path}</code>: {detail.message}
                </li>
              ))}
            </ul>
          )}
        </div>

        <fieldset aria-describedby={`${ids}-pick-error`}>
          <legend>Integrations</legend>
          {integrations.isPending && <Loading what="Loading integrations" />}
          <ErrorMessage error={integrations.error} title="The integrations could not be loaded" />
          {integrations.data?.data.length === 0 && <p>No integrations yet.</p>}
          {integrations.data?.data.map((integration) => (
            <label className="checkbox" key={integration.id}>
              <input
                type="checkbox"
                checked={selected.includes(integration.id)}
                onChange={(event) => toggle(integration.id, event.target.checked)}
              />
              <span>
                {integration.name} <span className="muted">({integration.destination})</span>
              </span>
            </label>
          ))}
          <div id={`${ids}-pick-error`}>{pickProblem && <p className="field-error">{pickProblem}</p>}</div>
        </fieldset>

        <div className="actions">
          <button type="submit" disabled={preview.isPending}>
            {preview.isPending ? 'Previewing…' : 'Preview'}
          </button>
        </div>
      </form>

      <section aria-labelledby={`${ids}-results`} aria-busy={preview.isPending}>
        <h2 id={`${ids}-results`}>Results</h2>
        {!preview.data && !preview.isPending && <p className="muted">No preview yet.</p>}
        {preview.isPending && <Loading what="Previewing" />}
        {preview.data?.map((outcome) => (
          <PreviewCard key={outcome.integrationId} name={nameOf(outcome.integrationId)} outcome={outcome} />
        ))}
      </section>
    </>
  );
}

function PreviewCard({ name, outcome }: { name: string; outcome: Outcome }) {
  const headingId = useId();
  const { result, error } = outcome;
  return (
    <section aria-labelledby={headingId} className="preview-card">
      <h3 id={headingId}>
        {name} {result && <StatusBadge status={result.outcome} />}
      </h3>
      {error !== undefined && <ErrorMessage error={error} title="The preview was refused" />}
      {result && (
        <>
          {result.reason && (
            <p>
              Reason: <code>{result.reason}</code> {result.message}
            </p>
          )}
          {result.resourceId && (
            <p>
              Destination resource: <code>{result.resourceId}</code>
            </p>
          )}
          {result.missing && result.missing.length > 0 && (
            <p>
              Missing mappings: {result.missing.map((key) => `${key.m3terEntity} ${key.m3terId}`).join(', ')}
            </p>
          )}
          <p>
            Included line items:{' '}
            {result.includedLineItemIds.length > 0 ? result.includedLineItemIds.join(', ') : 'none'}
          </p>
          {result.excludedLineItems.length > 0 && (
            <table aria-label={`Dropped line items for ${name}`}>
              <thead>
                <tr>
                  <th scope="col">Dropped line item</th>
                  <th scope="col">Reason</th>
                </tr>
              </thead>
              <tbody>
                {result.excludedLineItems.map((item) => (
                  <tr key={item.id}>
                    <td>{item.id}</td>
                    <td>
                      <code>{item.reason}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {result.usage.length > 0 ? (
            <table aria-label={`What would be sent for ${name}`}>
              <thead>
                <tr>
                  <th scope="col">Resource</th>
                  <th scope="col">Dimension</th>
                  <th scope="col" className="num">
                    Amount
                  </th>
                  <th scope="col" className="num">
                    Target
                  </th>
                  <th scope="col" className="num">
                    Already reported
                  </th>
                  <th scope="col" className="num">
                    Delta
                  </th>
                  <th scope="col" className="num">
                    Credit available / used / added
                  </th>
                  <th scope="col" className="num">
                    Quantity sent now
                  </th>
                  <th scope="col">Line items</th>
                </tr>
              </thead>
              <tbody>
                {result.usage.map((usage) => (
                  <tr key={`${usage.resourceId}|${usage.dimension}`}>
                    <td>
                      <code>{usage.resourceId}</code>
                    </td>
                    <td>{usage.dimension}</td>
                    <td className="num">{usage.amount}</td>
                    <td className="num">{usage.target}</td>
                    <td className="num">{usage.alreadyReported}</td>
                    <td className="num">{usage.delta}</td>
                    <td className="num">
                      {usage.creditAvailable} / {usage.creditUsed} / {usage.creditAdded}
                    </td>
                    <td className="num">{usage.quantity}</td>
                    <td>{usage.lineItemIds.join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p>Nothing would be sent.</p>
          )}
        </>
      )}
    </section>
  );
}
