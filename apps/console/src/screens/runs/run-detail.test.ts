import { describe, expect, it } from 'vitest';
import { gateStates, readRunDetail } from './run-detail.js';

describe('readRunDetail', () => {
  it('reads what the worker stores', () => {
    const detail = readRunDetail({
      includedLineItemIds: ['l1', 'l2'],
      excludedLineItems: [{ id: 'l3', reason: 'EXCLUDED_PRODUCT' }],
      usage: [{ dimension: 'dim-a', amount: '1.50', target: '150', lineItemIds: ['l1'] }],
      resourceId: 'sub-1',
    });
    expect(detail).toEqual({
      includedLineItemIds: ['l1', 'l2'],
      excludedLineItems: [{ id: 'l3', reason: 'EXCLUDED_PRODUCT' }],
      usage: [{ dimension: 'dim-a', amount: '1.50', target: '150', lineItemIds: ['l1'] }],
      resourceId: 'sub-1',
      missing: [],
      planned: true,
    });
  });
  it('copes with nothing and with junk', () => {
    expect(readRunDetail(null).planned).toBe(false);
    expect(readRunDetail({ usage: 'x', excludedLineItems: [1, null] }).excludedLineItems).toEqual([]);
  });
});

describe('gateStates', () => {
  it('marks the gate that stopped the run and those before it', () => {
    const states = gateStates({ status: 'SKIPPED', reason: 'NOT_APPROVED' }, { planned: false });
    expect(states.map((s) => s.state)).toEqual([
      'passed',
      'passed',
      'passed',
      'passed',
      'failed',
      'not reached',
      'not reached',
      'not reached',
      'not reached',
      'not reached',
    ]);
  });
  it('all passed once usage was planned', () => {
    const states = gateStates({ status: 'ERROR', reason: null }, { planned: true });
    expect(states.every((s) => s.state === 'passed')).toBe(true);
  });
  it('nothing known while waiting', () => {
    const states = gateStates({ status: 'WAITING', reason: null }, { planned: false });
    expect(states.every((s) => s.state === 'not yet checked')).toBe(true);
  });
});
