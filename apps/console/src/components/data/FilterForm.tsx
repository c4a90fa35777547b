import { type FormEvent, useId, useState } from 'react';
import { isoToLocalInput, localInputToIso } from './time.js';

export interface FilterField<K extends string = string> {
  name: K;
  label: string;
  /** `datetime`: a local date-time input; the URL and the API get ISO-8601 UTC. */
  type?: 'text' | 'select' | 'datetime';
  /** For selects: value and label; an "Any" option is added first. */
  options?: readonly (readonly [value: string, label: string])[];
  placeholder?: string;
}

interface Props<K extends string> {
  label: string;
  fields: readonly FilterField<K>[];
  values: Record<K, string>;
  onApply: (values: Record<K, string>) => void;
}

/**
 * A row of filters applied together (Enter or "Apply"), so typing does not fetch on every key.
 * When the URL's values change (Back/Forward, a link) the fields follow; focus stays where it is.
 */
export function FilterForm<K extends string>({ label, fields, values, onApply }: Props<K>) {
  const id = useId();
  const toDraft = (applied: Record<K, string>) => {
    const draft = { ...applied };
    for (const field of fields) {
      if (field.type === 'datetime') draft[field.name] = isoToLocalInput(applied[field.name]);
    }
    return draft;
  };
  const [draft, setDraft] = useState<Record<K, string>>(() => toDraft(values));
  const appliedKey = JSON.stringify(values);
  const [shownKey, setShownKey] = useState(appliedKey);
  if (shownKey !== appliedKey) {
    // React's "adjust state on a prop change" pattern: no effect, no flash of stale values.
    setShownKey(appliedKey);
    setDraft(toDraft(values));
  }

  const toApplied = (current: Record<K, string>) => {
    const applied = { ...current };
    for (const field of fields) {
      if (field.type === 'datetime') applied[field.name] = localInputToIso(current[field.name]);
    }
    return applied;
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(toApplied(draft));
  };
  const clear = () => {
    const empty = { ...draft };
    for (const field of fields) empty[field.name] = '';
    setDraft(empty);
    onApply(empty);
  };

  return (
    <form className="filters" aria-label={label} onSubmit={submit}>
      {fields.map((field) => {
        const inputId = `${id}-${field.name}`;
        const value = draft[field.name] ?? '';
        const set = (next: string) => setDraft((current) => ({ ...current, [field.name]: next }));
        return (
          <div key={field.name}>
            <label htmlFor={inputId}>{field.label}</label>
            {field.type === 'select' ? (
              <select
                id={inputId}
                name={field.name}
                value={value}
                onChange={(event) => {
                  const next = { ...draft, [field.name]: event.target.value };
                  setDraft(next);
                  // A choice is a decision: apply it at once (the text fields wait for Enter).
                  onApply(toApplied(next));
                }}
              >
                <option value="">Any</option>
                {field.options?.map(([optionValue, optionLabel]) => (
                  <option key={optionValue} value={optionValue}>
                    {optionLabel}
                  </option>
                ))}
              </select>
            ) : (
              <input
                id={inputId}
                name={field.name}
                type={field.type === 'datetime' ? 'datetime-local' : 'text'}
                value={value}
                placeholder={field.placeholder}
                onChange={(event) => set(event.target.value)}
              />
            )}
          </div>
        );
      })}
      <div className="actions">
        <button type="submit">Apply filters</button>
        <button type="button" className="secondary" onClick={clear}>
          Clear
        </button>
      </div>
    </form>
  );
}
