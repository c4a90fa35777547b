import type { FieldDetails } from './preview-input.js';

/** A JSON textarea with its help, and under it what is wrong: our own check, or the hub's 400 details. */
export function JsonField({
  id,
  label,
  help,
  rows,
  value,
  onChange,
  problem,
  details,
}: {
  id: string;
  label: string;
  help: string;
  rows: number;
  value: string;
  onChange: (value: string) => void;
  problem: string;
  details: FieldDetails['bill'];
}) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <p className="help" id={`${id}-help`}>
        {help}
      </p>
      <textarea
        id={id}
        rows={rows}
        value={value}
        spellCheck={false}
        aria-invalid={problem || details.length > 0 ? true : undefined}
        aria-describedby={`${id}-help ${id}-error`}
        onChange={(event) => onChange(event.target.value)}
      />
      <div id={`${id}-error`}>
        {problem && <p className="field-error">{problem}</p>}
        {details.length > 0 && (
          <ul className="field-error">
            {details.map((detail) => (
              <li key={detail.path + detail.message}>
                <code>{detail.path}</code>: {detail.message}
              </li>
            ))}
          </ul>
        )}
      </div>
    </>
  );
}
