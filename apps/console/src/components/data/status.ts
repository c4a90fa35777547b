import type { paths } from '../../api/hub-api.js';

/** Run statuses the hub is still working on: a screen showing one keeps asking. */
export const IN_FLIGHT_RUN_STATUSES: readonly string[] = ['WAITING', 'STARTED', 'AWAITING_RETRY'];

export const isRunInFlight = (status: string) => IN_FLIGHT_RUN_STATUSES.includes(status);

type ApiRunStatus = NonNullable<
  NonNullable<paths['/v1/integration-runs']['get']['parameters']['query']>['status']
>;
type ApiUsageEventStatus = NonNullable<
  NonNullable<paths['/v1/usage-events']['get']['parameters']['query']>['status']
>;

/** Every run status the API lists (GET /v1/integration-runs `status`); the compiler checks both ways. */
export const RUN_STATUSES = [
  'WAITING',
  'STARTED',
  'COMPLETE',
  'SKIPPED',
  'ERROR',
  'AWAITING_RETRY',
  'AWAITING_CREDENTIAL',
  'AUTH_FAILED',
  'DISABLED',
  'UNCLEAR',
] as const satisfies readonly ApiRunStatus[];

export const USAGE_EVENT_STATUSES = [
  'PENDING',
  'ACCEPTED',
  'REJECTED',
  'EXPIRED_RESLOTTED',
  'VERIFYING',
  'UNCLEAR',
] as const satisfies readonly ApiUsageEventStatus[];

// A status the hub gains and these lists lack fails to compile here, once hub-api.d.ts is regenerated.
type Unlisted =
  | Exclude<ApiRunStatus, (typeof RUN_STATUSES)[number]>
  | Exclude<ApiUsageEventStatus, (typeof USAGE_EVENT_STATUSES)[number]>;
export const EVERY_API_STATUS_LISTED: [Unlisted] extends [never] ? true : Unlisted = true;

const OK = new Set(['COMPLETE', 'ACCEPTED', 'SEND', 'CONNECTED']);
const ERROR = new Set(['ERROR', 'AUTH_FAILED', 'REJECTED', 'DISABLED']);
const WARN = new Set([
  'WAITING',
  'STARTED',
  'AWAITING_RETRY',
  'AWAITING_CREDENTIAL',
  'UNCLEAR',
  'VERIFYING',
  'PENDING',
  'EXPIRED_RESLOTTED',
  'SKIPPED',
]);

export type BadgeTone = 'ok' | 'warn' | 'error' | 'neutral';

/** The badge colour of a status or an event name (`….error`, `….warning`). */
export function badgeTone(status: string): BadgeTone {
  if (OK.has(status)) return 'ok';
  if (ERROR.has(status) || status.endsWith('.error')) return 'error';
  if (WARN.has(status) || status.endsWith('.warning')) return 'warn';
  return 'neutral';
}

/** How often a screen showing work in flight asks again. */
export const LIVE_INTERVAL_MS = 2000;
