import { tryParseAccountFilter } from '@hub/core';
import { useEffect, useState } from 'react';
import { api, unwrap } from '../../api/client.js';
import type { paths } from '../../api/hub-api.js';
import { describedBy } from '../../components/forms/Field.js';

type FilterValidation =
  paths['/v1/account-filter/validate']['post']['responses'][200]['content']['application/json'];

type Feedback =
  | { kind: 'idle' }
  | { kind: 'checking' }
  | { kind: 'valid'; matching: number; known: number; scanned: number; truncated: boolean }
  | { kind: 'local-valid' }
  | { kind: 'invalid'; message: string; position: number };

const DEBOUNCE_MS = 400;

/** The line of `text` holding `position`, and the column there (for the caret under it). */
export function caretAt(
  text: string,
  position: number,
): { line: string; column: number; lineNumber: number } {
  const at = Math.max(0, Math.min(position, text.length));
  const start = text.lastIndexOf('\n', at - 1) + 1;
  const endIndex = text.indexOf('\n', at);
  const end = endIndex === -1 ? text.length : endIndex;
  return {
    line: text.slice(start, end),
    column: at - start,
    lineNumber: text.slice(0, start).split('\n').length,
  };
}

/**
 * The account filter, checked live by the hub (debounced): an error shows its position under the
 * text; a valid filter shows how many known accounts it matches. When the hub cannot check it, the
 * same parser (from @hub/core) still points at the error.
 */
export function AccountFilterField({
  id,
  value,
  onChange,
  error,
}: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  /** The save's error for this field (zod in the browser, or the hub's 400). */
  error: string | undefined;
}) {
  const [feedback, setFeedback] = useState<Feedback>({ kind: 'idle' });

  useEffect(() => {
    if (value.trim() === '') {
      setFeedback({ kind: 'idle' });
      return;
    }
    let cancelled = false;
    setFeedback({ kind: 'checking' });
    const timer = setTimeout(async () => {
      let next: Feedback;
      try {
        const result: FilterValidation = unwrap(
          await api.POST('/v1/account-filter/validate', { body: { filter: value } }),
        );
        next = result.valid
          ? {
              kind: 'valid',
              matching: result.matchingAccounts,
              known: result.knownAccounts,
              scanned: result.scannedAccounts,
              truncated: result.truncated,
            }
          : { kind: 'invalid', message: result.error.message, position: result.error.position };
      } catch {
        // A 400 with the position, or a hub without the route yet: the shared parser answers.
        const local = tryParseAccountFilter(value);
        next = local.ok
          ? { kind: 'local-valid' }
          : { kind: 'invalid', message: local.error.message, position: local.error.position };
      }
      if (!cancelled) setFeedback(next);
    }, DEBOUNCE_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [value]);

  const invalid = feedback.kind === 'invalid' ? feedback : null;
  const shownError = invalid?.message ?? error;
  const feedbackId = `${id}-feedback`;
  const describedIds = [describedBy(id, true, shownError), feedbackId].filter(Boolean).join(' ');
  const caret = invalid ? caretAt(value, invalid.position) : null;

  return (
    <div className="field">
      <label htmlFor={id}>Account filter</label>
      <p id={`${id}-help`} className="help">
        An expression over the account; the bill is sent only when it is true. Fields: <code>id</code>,{' '}
        <code>accountName</code>, <code>accountCode</code>, <code>currency</code>, <code>address.*</code>,{' '}
        <code>customFields.*</code>. Operators: <code>==</code> (also <code>= =</code>), <code>!=</code>,{' '}
        <code>&lt;</code>, <code>&lt;=</code>, <code>&gt;</code>, <code>&gt;=</code>, <code>AND</code>,{' '}
        <code>OR</code>, <code>NOT</code>, parentheses, <code>IN(a, b, …)</code>, <code>null</code>,{' '}
        <code>true</code>, <code>false</code>, numbers and quoted strings. Example:{' '}
        <code>customFields.country == UK AND accountCode IN("ACME-1", "ACME-2")</code>. Empty: every account.
      </p>
      <textarea
        id={id}
        name={id}
        rows={2}
        value={value}
        spellCheck={false}
        aria-describedby={describedIds}
        aria-invalid={shownError ? true : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      {caret && (
        <pre className="filter-caret" aria-hidden="true" data-testid="filter-caret">
          {caret.lineNumber > 1 ? `line ${caret.lineNumber}\n` : ''}
          <span className="filter-caret-text">{caret.line}</span>
          {'\n'}
          {`${' '.repeat(caret.column)}^`}
        </pre>
      )}
      <FilterStatus id={feedbackId} feedback={feedback} />
      {shownError && (
        <p id={`${id}-error`} className="field-error">
          {shownError}
          {caret &&
            ` (column ${caret.column + 1}${caret.lineNumber > 1 ? `, line ${caret.lineNumber}` : ''})`}
        </p>
      )}
    </div>
  );
}

function FilterStatus({ id, feedback }: { id: string; feedback: Feedback }) {
  let text = '';
  if (feedback.kind === 'checking') text = 'Checking the filter…';
  else if (feedback.kind === 'valid')
    text = feedback.truncated
      ? `Valid. ${feedback.matching} of the first ${feedback.scanned} of ${feedback.known} known accounts match.`
      : `Valid. ${feedback.matching} of ${feedback.known} known accounts match.`;
  else if (feedback.kind === 'local-valid') text = 'Valid expression.';
  else if (feedback.kind === 'invalid') text = 'The filter is not valid.';
  return (
    <p id={id} className="filter-feedback muted" role="status">
      {text}
    </p>
  );
}
