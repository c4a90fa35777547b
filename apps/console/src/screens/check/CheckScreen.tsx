import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { Link, useParams } from 'react-router';
import { api, unwrap } from '../../api/client.js';
import type { paths } from '../../api/hub-api.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Loading } from '../../components/Loading.js';
import { PageTitle } from '../../components/PageTitle.js';
import { integrationQuery } from '../integrations/integrations-api.js';
import './check.css';

type CheckResult =
  paths['/v1/integrations/{id}/check']['post']['responses'][200]['content']['application/json'];
type Check = CheckResult['checks'][number];

/** Names the hub gives its checks, in words; an unknown name (a plugin's own) shows as is. */
const CHECK_LABELS: Record<string, string> = {
  credential: 'Credential',
  accountMappings: 'Account mappings',
  subscriptions: 'Customers can take usage',
  dimensionMappings: 'Dimension mappings',
  planDimensions: 'Dimensions exist in the plan',
  dimensionPrices: 'Dimension prices',
  allowedAccounts: 'Allowed accounts are mapped',
  accountFilter: 'Account filter',
};

const STATUS: Record<Check['status'], { label: string; badge: string }> = {
  PASS: { label: 'Passed', badge: 'badge-ok' },
  FAIL: { label: 'Failed', badge: 'badge-error' },
  SKIP: { label: 'Skipped', badge: 'badge-neutral' },
};

/** Where an operator fixes what a failed check names. */
function FixLink({ check, integrationId }: { check: Check; integrationId: string }) {
  if (check.status !== 'FAIL') return null;
  if (check.name === 'credential')
    return <Link to="/credentials">Connect or fix a credential on the Credentials screen</Link>;
  if (/mapping|allowedAccounts|subscriptions/i.test(check.name))
    return <Link to={`/mappings?integration=${integrationId}`}>Review this integration's mappings</Link>;
  if (/accountFilter|dimensionPrices|planDimensions/.test(check.name))
    return <Link to={`/integrations/${integrationId}`}>Edit the integration</Link>;
  return null;
}

function DetailValue({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <span className="muted">none</span>;
  if (Array.isArray(value) && value.every((item) => typeof item !== 'object' || item === null))
    return value.length === 0 ? <span className="muted">none</span> : <code>{value.join(', ')}</code>;
  if (typeof value === 'object')
    return (
      <details>
        <summary>
          {Array.isArray(value) ? `${value.length} item${value.length === 1 ? '' : 's'}` : 'Show'}
        </summary>
        <pre>{JSON.stringify(value, null, 2)}</pre>
      </details>
    );
  return <code>{String(value)}</code>;
}

/** /integrations/:id/check: the hub's read-only prerequisite checks against the destination. */
export default function CheckScreen() {
  const { id = '' } = useParams();
  const integration = useQuery(integrationQuery(id));
  const check = useQuery({
    queryKey: ['integration-check', id],
    queryFn: async () => unwrap(await api.POST('/v1/integrations/{id}/check', { params: { path: { id } } })),
    // Each visit asks again; the hub caches the destination's answers for 30 s itself.
    gcTime: 0,
    staleTime: 0,
    retry: false,
  });
  const resultRef = useRef<HTMLElement>(null);
  const fetchedAt = check.dataUpdatedAt;
  useEffect(() => {
    if (fetchedAt && !check.isFetching) resultRef.current?.focus();
  }, [fetchedAt, check.isFetching]);

  const name = integration.data?.name;
  const title = name ? `Prerequisite check: ${name}` : 'Prerequisite check';
  const result = check.data;
  const failed = result?.checks.filter((item) => item.status === 'FAIL').length ?? 0;
  const skipped = result?.checks.filter((item) => item.status === 'SKIP').length ?? 0;
  const passed = result?.checks.filter((item) => item.status === 'PASS').length ?? 0;

  return (
    <>
      <PageTitle title={title}>{title}</PageTitle>
      <p>
        <Link to="/integrations">Back to integrations</Link>
        {' · '}
        <Link to={`/integrations/${id}`}>Edit the integration</Link>
      </p>
      <p className="help">
        Read-only: the hub checks that a credential is connected and mappings exist, then asks the destination
        (the credential is accepted, every mapped customer can take usage, the dimensions exist and are priced
        at the integration's unit price). Nothing is written; the destination's answers are cached for 30
        seconds.
      </p>
      <ErrorMessage error={integration.error} title="Could not load the integration" />
      <div className="actions">
        <button type="button" onClick={() => check.refetch()} disabled={check.isFetching}>
          {check.isFetching ? 'Checking…' : 'Run the check again'}
        </button>
      </div>
      {check.isFetching && !result && <Loading what="Running the checks" />}
      <ErrorMessage error={check.error} title="Could not run the check" />
      {result && (
        <section ref={resultRef} tabIndex={-1} aria-labelledby="check-summary">
          <p
            id="check-summary"
            role="status"
            className={`alert ${result.ok ? 'alert-ok' : 'alert-error'}`}
            aria-busy={check.isFetching}
          >
            <strong>
              {result.ok ? 'Ready: no check failed.' : `${failed} of ${result.checks.length} checks failed.`}
            </strong>{' '}
            {passed} passed, {failed} failed, {skipped} skipped · version {result.version} checked at{' '}
            {new Date(result.checkedAt).toLocaleString()}
          </p>
          <ul className="check-list" aria-label="Checks">
            {result.checks.map((item) => (
              <li key={item.name} className="check-item">
                <h2>
                  <span className={`badge ${STATUS[item.status].badge}`}>{STATUS[item.status].label}</span>{' '}
                  {CHECK_LABELS[item.name] ?? item.name} <span className="muted">({item.name})</span>
                </h2>
                <p>{item.message}</p>
                <FixLink check={item} integrationId={id} />
                {item.details && Object.keys(item.details).length > 0 && (
                  <dl className="facts">
                    {Object.entries(item.details).map(([key, value]) => (
                      <div key={key} style={{ display: 'contents' }}>
                        <dt>{key}</dt>
                        <dd>
                          <DetailValue value={value} />
                        </dd>
                      </div>
                    ))}
                  </dl>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
