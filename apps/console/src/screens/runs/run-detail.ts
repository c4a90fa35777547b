/**
 * What a run decided, read from its `detail` (a free-form record in the API: the worker stores
 * `includedLineItemIds`, `excludedLineItems`, `usage`, `resourceId` and, for mapping errors,
 * `missing`) and which gates of domain.md "The pipeline" it passed, worked out from its status and
 * reason (gates run in order; the first that fails ends the run).
 */

export interface RunDetail {
  includedLineItemIds: string[];
  excludedLineItems: { id: string; reason: string }[];
  usage: { dimension: string; amount: string; target: string; lineItemIds: string[] }[];
  resourceId: string | null;
  missing: { m3terEntity: string; m3terId: string }[];
  /** Whether the run got as far as planning usage. */
  planned: boolean;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string =>
  typeof value === 'string' ? value : value == null ? '' : String(value);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

export function readRunDetail(detail: Record<string, unknown> | null | undefined): RunDetail {
  const source = detail ?? {};
  return {
    includedLineItemIds: list(source['includedLineItemIds']).map(text),
    excludedLineItems: list(source['excludedLineItems'])
      .filter(isRecord)
      .map((item) => ({ id: text(item['id']), reason: text(item['reason']) })),
    usage: list(source['usage'])
      .filter(isRecord)
      .map((item) => ({
        dimension: text(item['dimension']),
        amount: text(item['amount']),
        target: text(item['target']),
        lineItemIds: list(item['lineItemIds']).map(text),
      })),
    resourceId: typeof source['resourceId'] === 'string' ? source['resourceId'] : null,
    missing: list(source['missing'])
      .filter(isRecord)
      .map((item) => ({ m3terEntity: text(item['m3terEntity']), m3terId: text(item['m3terId']) })),
    planned: Array.isArray(source['usage']),
  };
}

export interface Gate {
  name: string;
  /** The reasons with which this gate ends a run. */
  reasons: readonly string[];
}

/** domain.md "The pipeline", in order. */
export const GATES: readonly Gate[] = [
  { name: 'Integration enabled', reasons: ['DISABLED'] },
  { name: 'Credential connected', reasons: ['AWAITING_CREDENTIAL'] },
  { name: 'Account allowed (allow and deny lists)', reasons: ['ACCOUNT_NOT_ALLOWED'] },
  { name: 'Account filter', reasons: ['ACCOUNT_FILTER', 'UNKNOWN_ACCOUNT'] },
  { name: 'Approval rule', reasons: ['NOT_APPROVED'] },
  { name: 'Bill version not stale', reasons: ['STALE_VERSION'] },
  { name: 'Currency', reasons: ['CURRENCY_MISMATCH'] },
  { name: 'Line-item filters', reasons: [] },
  { name: 'Account mapping', reasons: ['MISSING_ACCOUNT_MAPPING'] },
  { name: 'Dimension mappings', reasons: ['MISSING_DIMENSION_MAPPING'] },
];

export type GateState = 'passed' | 'failed' | 'not reached' | 'not yet checked';

/** Each gate's state for a run with this status, reason and detail. */
export function gateStates(
  run: { status: string; reason: string | null },
  detail: Pick<RunDetail, 'planned'>,
): { gate: Gate; state: GateState }[] {
  const failedAt = run.reason ? GATES.findIndex((gate) => gate.reasons.includes(run.reason!)) : -1;
  if (failedAt >= 0) {
    return GATES.map((gate, i) => ({
      gate,
      state: i < failedAt ? 'passed' : i === failedAt ? 'failed' : 'not reached',
    }));
  }
  const allPassed =
    detail.planned || ['STARTED', 'COMPLETE', 'AWAITING_RETRY', 'UNCLEAR'].includes(run.status);
  return GATES.map((gate) => ({ gate, state: allPassed ? 'passed' : 'not yet checked' }));
}
