import type { EventOutcome } from '@hub/core';
import type { CallAnswer } from './classify-outcome.js';
import type { PreparedRecord } from './usage-record.js';

export interface SettleOptions {
  /** Makes one `BatchMeterUsage` call with these records; never throws (failures are answers). */
  send(records: readonly PreparedRecord[]): Promise<CallAnswer>;
  /** True for a record AWS no longer takes by the plugin's own rule (`acceptedFrom(now)`). */
  isOutsideWindow(record: PreparedRecord): boolean;
}

/** Shared by the calls of one batch: once a call fails as a whole, nothing more is sent. */
interface Halt {
  outcome: EventOutcome | null;
}

/**
 * Sends `calls` one after the other and gives every record an outcome. A call refused as a whole
 * for the sake of some of its records is split until those records are alone:
 *
 * - `TimestampOutOfBoundsException`: records outside `acceptedFrom(now)` are EXPIRED and the rest
 *   sent again; when the plugin's rule finds none (AWS's window is narrower, e.g. the older 6 h
 *   rule), the call is halved until each refused record is alone, and that one is EXPIRED.
 * - `Invalid…Exception`, `DisabledApiException`, `ValidationException`: halved until each refused
 *   record is alone, which is REJECTED with AWS's words; every other record is sent and gets its
 *   own answer.
 * - RETRYABLE or AUTH_FAILED for a whole call: its records get it, and records of the batch not
 *   sent yet get it too, without a call (the credential or the service is failing now).
 */
export async function settleCalls(
  calls: readonly (readonly PreparedRecord[])[],
  options: SettleOptions,
): Promise<Map<PreparedRecord, EventOutcome>> {
  const outcomes = new Map<PreparedRecord, EventOutcome>();
  const halt: Halt = { outcome: null };
  for (const call of calls) await settle(call, options, outcomes, halt);
  return outcomes;
}

function notSent(halted: EventOutcome): EventOutcome {
  return {
    ...halted,
    receiptId: null,
    message: `not sent: an earlier call of this batch failed (${halted.message ?? halted.code})`,
  };
}

async function settle(
  records: readonly PreparedRecord[],
  options: SettleOptions,
  outcomes: Map<PreparedRecord, EventOutcome>,
  halt: Halt,
): Promise<void> {
  if (records.length === 0) return;
  if (halt.outcome) {
    for (const record of records) outcomes.set(record, notSent(halt.outcome));
    return;
  }
  const answer = await options.send(records);
  switch (answer.kind) {
    case 'records':
      records.forEach((record, index) => {
        outcomes.set(record, answer.outcomes[index] ?? missing());
      });
      return;
    case 'whole':
      halt.outcome = answer.outcome;
      for (const record of records) outcomes.set(record, { ...answer.outcome });
      return;
    case 'out-of-bounds': {
      if (records.length === 1) {
        outcomes.set(records[0]!, {
          code: 'EXPIRED',
          destinationStatus: answer.code,
          message: `${answer.message} (the hour ${records[0]!.event.effectiveStartTime} is outside AWS's window)`,
        });
        return;
      }
      const outside = records.filter((record) => options.isOutsideWindow(record));
      if (outside.length > 0) {
        for (const record of outside) {
          outcomes.set(record, {
            code: 'EXPIRED',
            destinationStatus: answer.code,
            message: `${answer.message} (the hour ${record.event.effectiveStartTime} is more than AWS's window ago)`,
          });
        }
        await settle(
          records.filter((record) => !outside.includes(record)),
          options,
          outcomes,
          halt,
        );
        return;
      }
      await bisect(records, options, outcomes, halt);
      return;
    }
    case 'invalid':
      if (records.length === 1) {
        outcomes.set(records[0]!, {
          code: 'REJECTED',
          destinationStatus: answer.code,
          message: answer.message,
        });
        return;
      }
      await bisect(records, options, outcomes, halt);
      return;
  }
}

async function bisect(
  records: readonly PreparedRecord[],
  options: SettleOptions,
  outcomes: Map<PreparedRecord, EventOutcome>,
  halt: Halt,
): Promise<void> {
  const middle = Math.ceil(records.length / 2);
  await settle(records.slice(0, middle), options, outcomes, halt);
  await settle(records.slice(middle), options, outcomes, halt);
}

function missing(): EventOutcome {
  return {
    code: 'RETRYABLE',
    destinationStatus: 'NotInAnswer',
    message: "AWS's answer did not mention the record; sent again",
    retryAfterMs: null,
  };
}
