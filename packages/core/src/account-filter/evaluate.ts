import { Decimal } from 'decimal.js';
import type { AccountFilterAst, FieldNode, ValueNode } from './parser.js';
import { parseAccountFilter } from './parser.js';

export interface AccountFilterAddress {
  readonly addressLine1?: string | null;
  readonly addressLine2?: string | null;
  readonly addressLine3?: string | null;
  readonly addressLine4?: string | null;
  readonly locality?: string | null;
  readonly region?: string | null;
  readonly postCode?: string | null;
  readonly country?: string | null;
}

/** The hub's Account as the filter sees it (API names: the filter's accountName/accountCode read name/code). */
export interface AccountFilterSubject {
  readonly id: string;
  readonly name?: string | null;
  readonly code?: string | null;
  readonly currency?: string | null;
  readonly address?: AccountFilterAddress | null;
  readonly customFields?: Readonly<Record<string, string | number | null>> | null;
}

export type CompiledAccountFilter = (account: AccountFilterSubject) => boolean;

/** A non-empty address/customFields object: it is only ever compared against null. */
const OBJECT: unique symbol = Symbol('object');
type Value = null | string | number | boolean | Decimal | typeof OBJECT;
type Reader = (account: AccountFilterSubject) => Value;

// Same shape Decimal accepts, plus a sign; anything else in a string is text, never a number.
const NUMERIC_TEXT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Own data only: nothing on the prototype chain (toString, constructor, polluted keys) is ever seen. */
function own(container: unknown, key: string): unknown {
  if (typeof container !== 'object' || container === null || Array.isArray(container)) return undefined;
  return Object.hasOwn(container, key) ? (container as Record<string, unknown>)[key] : undefined;
}

function decimalOf(text: string): Decimal | null {
  if (!NUMERIC_TEXT.test(text)) return null;
  try {
    const d = new Decimal(text);
    return d.isFinite() ? d : null;
  } catch {
    return null;
  }
}

/**
 * Leaf values: strings, finite numbers and booleans as they are; a number kept as text by the
 * lossless JSON parser (own `isLosslessNumber`/`value`) as an exact Decimal; anything else is null.
 */
function scalar(value: unknown): Value {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'bigint':
      return new Decimal(value.toString());
    case 'object': {
      if (own(value, 'isLosslessNumber') !== true) return null;
      const text = own(value, 'value');
      return typeof text === 'string' ? decimalOf(text) : null;
    }
    default:
      return null;
  }
}

/** `customFields != null` means "has custom fields": null, missing, non-objects and `{}` all read as null. */
function wholeObject(value: unknown): Value {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  for (const key in value) if (Object.hasOwn(value, key)) return OBJECT;
  return null;
}

function apiProperty(field: FieldNode['field']): string {
  switch (field) {
    case 'accountName':
      return 'name';
    case 'accountCode':
      return 'code';
    case 'id':
    case 'currency':
    case 'address':
    case 'customFields':
      return field;
    default:
      throw new TypeError(`Invalid account filter field: ${String(field)}`);
  }
}

function compileField(node: FieldNode): Reader {
  const property = apiProperty(node.field);
  const key = node.key;
  if (key !== null) return (account) => scalar(own(own(account, property), key));
  if (node.field === 'address' || node.field === 'customFields')
    return (account) => wholeObject(own(account, property));
  return (account) => scalar(own(account, property));
}

function compileValue(node: ValueNode): Reader {
  switch (node.kind) {
    case 'field':
      return compileField(node);
    case 'null':
      return () => null;
    case 'boolean': {
      const value = node.value;
      return () => value;
    }
    case 'number': {
      // Parsed once here so evaluation per bill never re-parses the literal.
      const value = decimalOf(node.value);
      if (value === null) throw new TypeError(`Invalid account filter number: ${node.value}`);
      return () => value;
    }
    case 'string': {
      const value = node.value;
      return () => value;
    }
  }
}

function isNumeric(value: Value): value is number | Decimal {
  return typeof value === 'number' || value instanceof Decimal;
}

function toDecimal(value: Value): Decimal | null {
  if (value instanceof Decimal) return value;
  if (typeof value === 'number') return new Decimal(value);
  if (typeof value === 'string') return decimalOf(value);
  return null;
}

/**
 * Equality: null equals only null; numbers compare numerically when either side is a number (a
 * numeric string on the other side is read exactly); booleans equal booleans or the exact text
 * 'true'/'false'; strings compare case-sensitively; objects equal nothing.
 */
function equals(x: Value, y: Value): boolean {
  if (x === null || y === null) return x === y;
  if (x === OBJECT || y === OBJECT) return false;
  if (typeof x === 'string' && typeof y === 'string') return x === y;
  if (typeof x === 'number' && typeof y === 'number') return x === y;
  if (typeof x === 'boolean' || typeof y === 'boolean') {
    if (typeof x === typeof y) return x === y;
    const other = typeof x === 'boolean' ? y : x;
    return typeof other === 'string' && other === String(typeof x === 'boolean' ? x : y);
  }
  const dx = toDecimal(x);
  const dy = toDecimal(y);
  return dx !== null && dy !== null && dx.eq(dy);
}

/** Ordering: numeric when either side is a number, else by UTF-16 code units; null otherwise (so <, > are false). */
function order(x: Value, y: Value): number | null {
  if (x === null || y === null || x === OBJECT || y === OBJECT) return null;
  if (typeof x === 'boolean' || typeof y === 'boolean') return null;
  if (typeof x === 'number' && typeof y === 'number') return x < y ? -1 : x > y ? 1 : 0;
  if (isNumeric(x) || isNumeric(y)) {
    const dx = toDecimal(x);
    const dy = toDecimal(y);
    return dx !== null && dy !== null ? dx.cmp(dy) : null;
  }
  return x < y ? -1 : x > y ? 1 : 0;
}

function compileNode(node: AccountFilterAst): CompiledAccountFilter {
  switch (node.kind) {
    case 'or': {
      const parts = node.operands.map(compileNode);
      return (account) => {
        for (const part of parts) if (part(account)) return true;
        return false;
      };
    }
    case 'and': {
      const parts = node.operands.map(compileNode);
      return (account) => {
        for (const part of parts) if (!part(account)) return false;
        return true;
      };
    }
    case 'not': {
      const inner = compileNode(node.operand);
      return (account) => !inner(account);
    }
    case 'in': {
      const subject = compileValue(node.subject);
      const values = node.values.map(compileValue);
      const negated = node.negated;
      return (account) => {
        const s = subject(account);
        for (const value of values) if (equals(s, value(account))) return !negated;
        return negated;
      };
    }
    case 'compare': {
      const l = compileValue(node.left);
      const r = compileValue(node.right);
      switch (node.op) {
        case '==':
          return (account) => equals(l(account), r(account));
        case '!=':
          return (account) => !equals(l(account), r(account));
        case '<':
          return (account) => (order(l(account), r(account)) ?? 0) < 0;
        case '<=':
          return (account) => (order(l(account), r(account)) ?? 1) <= 0;
        case '>':
          return (account) => (order(l(account), r(account)) ?? 0) > 0;
        case '>=':
          return (account) => (order(l(account), r(account)) ?? -1) >= 0;
      }
    }
  }
}

// ASTs are immutable plain data, so the closure tree built for one can be reused for every bill.
const compiled = new WeakMap<AccountFilterAst, CompiledAccountFilter>();

/** Evaluates a parsed filter against one account. Never throws for an AST produced by the parser. */
export function evaluateAccountFilter(ast: AccountFilterAst, account: AccountFilterSubject): boolean {
  let predicate = compiled.get(ast);
  if (predicate === undefined) {
    predicate = compileNode(ast);
    compiled.set(ast, predicate);
  }
  return predicate(account);
}

/** Parse once (throws AccountFilterSyntaxError), evaluate many: the returned predicate runs per bill. */
export function compileAccountFilter(text: string): CompiledAccountFilter {
  return compileNode(parseAccountFilter(text));
}
