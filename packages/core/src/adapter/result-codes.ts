/**
 * The closed set of per-event outcomes every adapter maps its destination's answers into. The host
 * acts on the code alone, so a new destination never needs new host logic.
 *
 * | code | retryable | what the host does |
 * |---|---|---|
 * | `ACCEPTED` | no | stores the receipt; the event is done |
 * | `DUPLICATE_OURS` | no | the destination already holds *this* event (an earlier attempt whose answer was lost): done, as accepted |
 * | `DUPLICATE_FOREIGN` | no | the slot is held by an event the hub did not send: the event is moved to another slot |
 * | `EXPIRED` | no | the slot is outside the destination's window: the event is moved to a current slot, with a late warning |
 * | `REJECTED` | no | final: the run ends in ERROR with the destination's message |
 * | `AUTH_FAILED` | no | the credential was refused: the run ends AUTH_FAILED; the event waits for a fixed credential |
 * | `RETRYABLE` | yes | transient (throttling, 5xx, network, outcome unknown): sent again later, the same event |
 */
export const SUBMIT_RESULT_CODES = {
  ACCEPTED: { retryable: false, action: 'accept' },
  DUPLICATE_OURS: { retryable: false, action: 'accept' },
  DUPLICATE_FOREIGN: { retryable: false, action: 'reslot' },
  EXPIRED: { retryable: false, action: 'reslot' },
  REJECTED: { retryable: false, action: 'reject' },
  AUTH_FAILED: { retryable: false, action: 'await-credential' },
  RETRYABLE: { retryable: true, action: 'retry' },
} as const satisfies Record<string, { retryable: boolean; action: string }>;

export type SubmitResultCode = keyof typeof SUBMIT_RESULT_CODES;
export const SUBMIT_RESULT_CODE_LIST = Object.keys(SUBMIT_RESULT_CODES) as SubmitResultCode[];

export function isRetryable(code: SubmitResultCode): boolean {
  return SUBMIT_RESULT_CODES[code].retryable;
}
