/**
 * Account filter expressions (domain.md "Account filter expressions", m3ter-model.md §7): a
 * hand-written lexer, recursive-descent parser and closure compiler. Nothing is evaluated as code.
 *
 * Decisions on points the platform leaves open:
 * - Keywords (AND OR NOT IN null true false) are case-insensitive; `&&`, `||`, `!` are synonyms.
 *   `==` may be written `= =` (the platform's own example). A lone `=` is an error.
 * - NOT applies to the next comparison or parenthesised group; precedence NOT > AND > OR.
 * - Left of a comparison: a field or a quoted/number/null/boolean literal; a bare word must be a
 *   field. Right of it (and in IN lists): a bare word whose first segment is a field name
 *   (id, accountName, accountCode, currency, name, code, address, customFields) is a field;
 *   any other bare word is a string. Quote a value to force a string.
 * - `name`/`code` alias accountName/accountCode. `address` and `customFields` alone are the whole
 *   object: null when null, missing, not an object or `{}`; otherwise only `!= null` is true of them.
 * - Equality: null equals only null. If either side is a number, both are compared as exact
 *   decimals (a numeric string on the other side counts; 0.1 == "0.10"); a non-numeric string is
 *   then unequal. Strings compare case-sensitively; booleans equal booleans or the text "true"/"false".
 *   Ordering: numeric under the same rule, else by UTF-16 code units; false when either side is null,
 *   boolean or an object. Two numeric strings compare as strings.
 * - Data is read with Object.hasOwn only; values other than strings, finite numbers, booleans and
 *   lossless-JSON number texts read as null. `__proto__`, `constructor`, `prototype` are refused in
 *   any bare word at parse time.
 * - Whitespace-only input is "Empty expression" at the end position.
 */
export { ACCOUNT_FILTER_LIMITS, AccountFilterSyntaxError } from './errors.js';
export {
  type AccountFilterAddress,
  type AccountFilterSubject,
  type CompiledAccountFilter,
  compileAccountFilter,
  evaluateAccountFilter,
} from './evaluate.js';
export type { ComparisonOperator } from './lexer.js';
export {
  type AccountFilterAst,
  type AccountFilterField,
  type AccountFilterParseResult,
  ADDRESS_PARTS,
  type AddressPart,
  type AndNode,
  type BooleanNode,
  type CompareNode,
  type FieldNode,
  type InNode,
  type NotNode,
  type NullNode,
  type NumberNode,
  type OrNode,
  parseAccountFilter,
  type StringNode,
  tryParseAccountFilter,
  type ValueNode,
} from './parser.js';
