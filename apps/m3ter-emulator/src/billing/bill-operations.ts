/**
 * The bill lifecycle the hub reacts to: create (version 1, `billing.bill.created`), approve and
 * regenerate (version + 1, `billing.bill.updated`), delete (`billing.bill.deleted`).
 */
import type { EventEmitter } from '../events/event-log.js';
import { addDecimals, DecimalInputError, toDecimalString } from '../json/decimal-string.js';
import { billEventDto } from '../m3ter/entity-responses.js';
import { newId } from '../random/ids.js';
import {
  type Bill,
  type EmulatorState,
  entityKey,
  type LineItem,
  nextSequence,
} from '../state/emulator-state.js';
import {
  EMULATOR_USER_ID,
  EmulatorInputError,
  ensureOrganization,
  findAccount,
  parseInput,
} from '../state/seed-operations.js';
import {
  type BillInput,
  billInputSchema,
  type LineItemInput,
  lineItemInputSchema,
} from '../state/seed-schemas.js';

function decimal(value: number | string | undefined, field: string): string | undefined {
  if (value === undefined) return undefined;
  try {
    return toDecimalString(value);
  } catch (error) {
    if (error instanceof DecimalInputError) throw new EmulatorInputError(`${field}: ${error.message}`);
    throw error;
  }
}

export function buildLineItems(inputs: readonly LineItemInput[], currency: string): LineItem[] {
  const parsed = inputs.map((input, index) => parseInput(lineItemInputSchema, input, `lineItems[${index}]`));
  const ids = new Set<string>();
  return parsed.map((input, index) => {
    const id = input.id ?? newId();
    if (ids.has(id)) throw new EmulatorInputError(`lineItems[${index}].id ${id} is used twice`);
    ids.add(id);
    const at = `lineItems[${index}]`;
    return {
      ...input,
      id,
      quantity: decimal(input.quantity, `${at}.quantity`),
      units: decimal(input.units, `${at}.units`),
      averageUnitPrice: decimal(input.averageUnitPrice, `${at}.averageUnitPrice`),
      subtotal: decimal(input.subtotal, `${at}.subtotal`) as string,
      conversionRate: decimal(input.conversionRate, `${at}.conversionRate`),
      convertedSubtotal: decimal(input.convertedSubtotal, `${at}.convertedSubtotal`),
      currency: input.currency ?? currency,
      sequenceNumber: index + 1,
    };
  });
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/** Default period **(chosen)**: the previous calendar month, billed on the first of the current one. */
function defaultDates(now: Date) {
  const billDate = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const startDate = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return { billDate: isoDay(billDate), startDate: isoDay(startDate), endDate: isoDay(billDate) };
}

export function findBill(state: EmulatorState, orgId: string, billId: string): Bill {
  const bill = state.bills.get(entityKey(orgId, billId));
  if (!bill) throw new EmulatorInputError(`bill ${billId} not found in organization ${orgId}`, 404);
  return bill;
}

export function createBill(state: EmulatorState, input: BillInput, now: Date, emit: EventEmitter): Bill {
  const data = parseInput(billInputSchema, input, 'bill');
  ensureOrganization(state, data.orgId);
  const account = findAccount(state, data.orgId, data.accountId);
  const id = data.id ?? newId();
  if (state.bills.has(entityKey(data.orgId, id)))
    throw new EmulatorInputError(`bill ${id} already exists`, 409);
  const defaults = defaultDates(now);
  const billDate = data.billDate ?? defaults.billDate;
  const currency = data.currency ?? account.currency ?? 'USD';
  const stamp = now.toISOString();
  const status = data.status ?? 'PENDING';
  const bill: Bill = {
    orgId: data.orgId,
    id,
    version: 1,
    accountId: account.id,
    accountCode: account.code,
    status,
    locked: false,
    billDate,
    dueDate: data.dueDate ?? billDate,
    startDate: data.startDate ?? defaults.startDate,
    endDate: data.endDate ?? (data.billDate === undefined ? defaults.endDate : billDate),
    billingFrequency: data.billingFrequency ?? 'MONTHLY',
    billFrequencyInterval: 1,
    timezone: 'UTC',
    currency,
    purchaseOrderNumber: data.purchaseOrderNumber,
    lineItems: buildLineItems(data.lineItems, currency),
    dtCreated: stamp,
    dtLastModified: stamp,
    lastCalculatedDate: stamp,
    dtApproved: status === 'APPROVED' ? stamp : undefined,
    createdBy: EMULATOR_USER_ID,
    lastModifiedBy: EMULATOR_USER_ID,
    sequence: nextSequence(state),
  };
  if (bill.purchaseOrderNumber === undefined) delete bill.purchaseOrderNumber;
  if (bill.dtApproved === undefined) delete bill.dtApproved;
  state.bills.set(entityKey(bill.orgId, id), bill);
  emit(bill.orgId, 'billing.bill.created', { newDto: billEventDto(bill) });
  return structuredClone(bill);
}

function updateBill(bill: Bill, now: Date, emit: EventEmitter, change: (bill: Bill) => void): Bill {
  const before = billEventDto(bill);
  change(bill);
  bill.version += 1;
  bill.dtLastModified = now.toISOString();
  bill.lastModifiedBy = EMULATOR_USER_ID;
  emit(bill.orgId, 'billing.bill.updated', { newDto: billEventDto(bill), oldDto: before });
  return structuredClone(bill);
}

/** Status APPROVED, version + 1, `billing.bill.updated` (even when it was approved already). */
export function approveBill(
  state: EmulatorState,
  orgId: string,
  billId: string,
  now: Date,
  emit: EventEmitter,
) {
  return updateBill(findBill(state, orgId, billId), now, emit, (bill) => {
    bill.status = 'APPROVED';
    bill.dtApproved = now.toISOString();
  });
}

/** New line items (the status stays as it was), version + 1, `billing.bill.updated`. */
export function regenerateBill(
  state: EmulatorState,
  orgId: string,
  billId: string,
  lineItems: readonly LineItemInput[],
  now: Date,
  emit: EventEmitter,
): Bill {
  if (!Array.isArray(lineItems)) throw new EmulatorInputError('lineItems must be an array');
  const bill = findBill(state, orgId, billId);
  const items = buildLineItems(lineItems, bill.currency);
  return updateBill(bill, now, emit, (target) => {
    target.lineItems = items;
    target.lastCalculatedDate = now.toISOString();
  });
}

/**
 * The version-change fault: the bill is recalculated behind the reader's back. Every line item's
 * subtotal (and convertedSubtotal) grows by 1 **(chosen)**; version + 1; `billing.bill.updated`.
 */
export function silentlyRegenerateBill(
  state: EmulatorState,
  orgId: string,
  billId: string,
  now: Date,
  emit: EventEmitter,
): Bill {
  return updateBill(findBill(state, orgId, billId), now, emit, (bill) => {
    bill.lineItems = bill.lineItems.map((item) => ({
      ...item,
      subtotal: addDecimals(item.subtotal, '1'),
      ...(item.convertedSubtotal === undefined
        ? {}
        : { convertedSubtotal: addDecimals(item.convertedSubtotal, '1') }),
    }));
    bill.lastCalculatedDate = now.toISOString();
  });
}

export function deleteBill(state: EmulatorState, orgId: string, billId: string, emit: EventEmitter): void {
  const bill = findBill(state, orgId, billId);
  state.bills.delete(entityKey(orgId, billId));
  emit(orgId, 'billing.bill.deleted', { oldDto: billEventDto(bill) });
}
