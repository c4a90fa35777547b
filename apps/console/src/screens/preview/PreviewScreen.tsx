import { type FormEvent, useEffect, useId, useState } from 'react';
import { useSearchParams } from 'react-router';
import { ApiError } from '../../api/client.js';
import { useIntegrations } from '../../components/data/integrations.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Loading } from '../../components/Loading.js';
import { PageTitle } from '../../components/PageTitle.js';
import { IntegrationPicker } from './IntegrationPicker.js';
import { JsonField } from './JsonField.js';
import { LoadBillForm } from './LoadBillForm.js';
import { PreviewResults } from './PreviewResults.js';
import { checkJsonObject, detailsByField, previewBodyText } from './preview-input.js';
import { type PreviewBody, usePreview, useStoredBill } from './use-preview.js';

/** /preview: a dry run of a pasted (or stored) bill through the integrations chosen. */
export default function PreviewScreen() {
  const [params, setParams] = useSearchParams();
  const storedBillId = params.get('billId') ?? '';
  // Local first (a checkbox answers at once), mirrored into the URL so the choice can be linked.
  const [selected, setSelected] = useState<string[]>(() => params.getAll('integration'));
  const integrations = useIntegrations();
  const ids = useId();

  const [billText, setBillText] = useState('');
  const [accountText, setAccountText] = useState('');
  const [billProblem, setBillProblem] = useState('');
  const [accountProblem, setAccountProblem] = useState('');
  const [pickProblem, setPickProblem] = useState('');

  const storedBill = useStoredBill(storedBillId);
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

  const loadBill = (id: string) => {
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

  const preview = usePreview();

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

      <LoadBillForm id={`${ids}-billId`} storedBillId={storedBillId} onLoad={loadBill} />
      {storedBill.isFetching && <Loading what="Loading the bill" />}
      <ErrorMessage error={storedBill.error} title="The bill could not be loaded" />

      <form onSubmit={run} noValidate aria-label="Preview a bill">
        <JsonField
          id={`${ids}-bill`}
          label="Bill (JSON)"
          help="A bill as POST /v1/bills takes it: id, version, accountId, status, currency, lineItems…"
          rows={14}
          value={billText}
          onChange={setBillText}
          problem={billProblem}
          details={fieldDetails.bill}
        />
        <JsonField
          id={`${ids}-account`}
          label="Account (JSON, optional)"
          help="Used instead of the stored account, e.g. to try an account filter."
          rows={4}
          value={accountText}
          onChange={setAccountText}
          problem={accountProblem}
          details={fieldDetails.account}
        />
        <IntegrationPicker
          errorId={`${ids}-pick-error`}
          integrations={integrations}
          selected={selected}
          onToggle={toggle}
          problem={pickProblem}
        />

        <div className="actions">
          <button type="submit" disabled={preview.isPending}>
            {preview.isPending ? 'Previewing…' : 'Preview'}
          </button>
        </div>
      </form>

      <PreviewResults
        headingId={`${ids}-results`}
        outcomes={preview.data}
        pending={preview.isPending}
        nameOf={nameOf}
      />
    </>
  );
}
