import type { ReactNode, Ref } from 'react';
import './forms.css';

interface FieldBase {
  id: string;
  label: ReactNode;
  /** In the hub's own words: what the option does. */
  help?: ReactNode;
  /** The message for this field (the browser's zod check, or the hub's 400 detail). */
  error?: string | undefined;
  required?: boolean;
}

/** The ids an input names in aria-describedby: its help, then its error. */
export function describedBy(id: string, help: unknown, error: unknown): string | undefined {
  const ids = [help ? `${id}-help` : null, error ? `${id}-error` : null].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

function Label({ id, label, required }: Pick<FieldBase, 'id' | 'label' | 'required'>) {
  return (
    <label htmlFor={id}>
      {label}
      {required && <span className="muted"> (required)</span>}
    </label>
  );
}

function Help({ id, help }: { id: string; help: ReactNode }) {
  return help ? (
    <p id={`${id}-help`} className="help">
      {help}
    </p>
  ) : null;
}

export function FieldError({ id, error }: { id: string; error: string | undefined }) {
  return error ? (
    <p id={`${id}-error`} className="field-error">
      {error}
    </p>
  ) : null;
}

export function TextField({
  id,
  label,
  help,
  error,
  required,
  value,
  onChange,
  type = 'text',
  multiline = false,
  rows,
  inputMode,
  autoComplete,
  inputRef,
  after,
  spellCheck,
  min,
  max,
}: FieldBase & {
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'password' | 'email' | 'number';
  multiline?: boolean;
  rows?: number;
  inputMode?: 'text' | 'decimal' | 'numeric' | 'email';
  autoComplete?: string;
  inputRef?: Ref<HTMLInputElement & HTMLTextAreaElement>;
  /** Shown between the input and its error (e.g. live feedback). */
  after?: ReactNode;
  spellCheck?: boolean;
  min?: number;
  max?: number;
}) {
  const common = {
    id,
    name: id,
    value,
    'aria-describedby': describedBy(id, help, error),
    'aria-invalid': error ? true : undefined,
    'aria-required': required || undefined,
    spellCheck,
    autoComplete,
  } as const;
  return (
    <div className="field">
      <Label id={id} label={label} required={required} />
      <Help id={id} help={help} />
      {multiline ? (
        <textarea {...common} ref={inputRef} rows={rows} onChange={(event) => onChange(event.target.value)} />
      ) : (
        <input
          {...common}
          ref={inputRef}
          type={type}
          inputMode={inputMode}
          min={min}
          max={max}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
      {after}
      <FieldError id={id} error={error} />
    </div>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function SelectField({
  id,
  label,
  help,
  error,
  required,
  value,
  onChange,
  options,
  placeholder,
  disabled,
}: FieldBase & {
  value: string;
  onChange: (value: string) => void;
  options: readonly Option[];
  /** A first, empty choice ("Choose…"). */
  placeholder?: string;
  disabled?: boolean;
}) {
  return (
    <div className="field">
      <Label id={id} label={label} required={required} />
      <Help id={id} help={help} />
      <select
        id={id}
        name={id}
        value={value}
        disabled={disabled}
        aria-describedby={describedBy(id, help, error)}
        aria-invalid={error ? true : undefined}
        aria-required={required || undefined}
        onChange={(event) => onChange(event.target.value)}
      >
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldError id={id} error={error} />
    </div>
  );
}

export function CheckboxField({
  id,
  label,
  help,
  error,
  checked,
  onChange,
}: FieldBase & { checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <div className="field">
      <label className="checkbox" htmlFor={id}>
        <input
          id={id}
          name={id}
          type="checkbox"
          checked={checked}
          aria-describedby={describedBy(id, help, error)}
          aria-invalid={error ? true : undefined}
          onChange={(event) => onChange(event.target.checked)}
        />
        <span>{label}</span>
      </label>
      <Help id={id} help={help} />
      <FieldError id={id} error={error} />
    </div>
  );
}
