import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ApiError, api, unwrap } from '../../api/client.js';
import type { paths } from '../../api/hub-api.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { describedBy } from '../../components/forms/Field.js';

import { type CsvProblem, MAPPING_CSV_COLUMNS, type MappingInput, parseMappingsCsv } from './mapping-csv.js';

export type ImportResult =
  paths['/v1/external-mappings/import']['post']['responses'][200]['content']['application/json'];

const ACTION_BADGE: Record<ImportResult['rows'][number]['action'], string> = {
  CREATE: 'badge-ok',
  UPDATE: 'badge-warn',
  UNCHANGED: 'badge-neutral',
  ERROR: 'badge-error',
};

interface Preview {
  fileName: string;
  rows: MappingInput[];
  lines: number[];
  result: ImportResult;
}

/** Import a CSV: read it, preview what the hub would change (dry run), then apply it. */
export function ImportMappings({ onApplied }: { onApplied: (text: string) => void }) {
  const queryClient = useQueryClient();
  const fileRef = useRef<HTMLInputElement>(null);
  const previewRef = useRef<HTMLElement>(null);
  const [problems, setProblems] = useState<CsvProblem[]>([]);
  const [preview, setPreview] = useState<Preview | null>(null);
  /** Errors the apply step found per row (something changed since the preview). */
  const [applyErrors, setApplyErrors] = useState<Record<number, { path: string; message: string }[]>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState<'preview' | 'apply' | null>(null);

  useEffect(() => {
    if (preview) previewRef.current?.focus();
  }, [preview]);

  async function runPreview(fileName: string, rows: MappingInput[], lines: number[]) {
    setBusy('preview');
    try {
      const result = unwrap(
        await api.POST('/v1/external-mappings/import', { body: { dryRun: true, rows: [...rows] } }),
      );
      setApplyErrors({});
      setPreview({ fileName, rows, lines, result });
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(null);
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    setPreview(null);
    setProblems([]);
    const file = fileRef.current?.files?.[0];
    if (!file) {
      setProblems([{ line: null, message: 'choose a CSV file first' }]);
      fileRef.current?.focus();
      return;
    }
    const parsed = parseMappingsCsv(await file.text());
    setProblems(parsed.problems);
    if (parsed.problems.length > 0) {
      fileRef.current?.focus();
      return;
    }
    await runPreview(file.name, parsed.rows, parsed.lines);
  }

  async function apply() {
    if (!preview) return;
    setFailure(null);
    setBusy('apply');
    try {
      const result = unwrap(
        await api.POST('/v1/external-mappings/import', { body: { dryRun: false, rows: [...preview.rows] } }),
      );
      if (!result.applied) {
        // Rows that turned into errors since the preview: nothing was saved.
        setPreview({ ...preview, result });
        setApplyErrors(
          Object.fromEntries(
            result.rows.filter((row) => row.errors.length > 0).map((row) => [row.index, []]),
          ),
        );
        return;
      }
      const { create, update, unchanged } = result.summary;
      onApplied(
        `Imported ${preview.fileName}: ${create} created, ${update} updated, ${unchanged} unchanged.`,
      );
      setPreview(null);
      if (fileRef.current) fileRef.current.value = '';
      await queryClient.invalidateQueries({ queryKey: ['external-mappings'] });
      document.getElementById('import-heading')?.focus();
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) {
        const byRow: Record<number, { path: string; message: string }[]> = {};
        for (const detail of error.details) {
          const match = /^rows\.(\d+)(?:\.(.*))?$/.exec(detail.path);
          if (!match) continue;
          const index = Number(match[1]);
          byRow[index] = [...(byRow[index] ?? []), { path: match[2] ?? '', message: detail.message }];
        }
        setApplyErrors(byRow);
      }
      setFailure(error);
    } finally {
      setBusy(null);
    }
  }

  const summary = preview?.result.summary;
  const changes = summary ? summary.create + summary.update : 0;
  const canApply = preview !== null && summary !== undefined && summary.error === 0 && changes > 0;
  const staleSincePreview = Object.keys(applyErrors).length > 0;

  return (
    <section aria-labelledby="import-heading">
      <h2 id="import-heading" tabIndex={-1}>
        Import from CSV
      </h2>
      <form onSubmit={submit} noValidate aria-labelledby="import-heading">
        <label htmlFor="import-file">CSV file</label>
        <p id="import-file-help" className="help">
          Columns: <code>{MAPPING_CSV_COLUMNS.join(',')}</code> (metadata as JSON text, e.g.{' '}
          <code>{'{"planId":"gold"}'}</code>; <code>integrationConfigId</code> empty for an unlinked mapping).
          The hub shows what would change before anything is saved. An export is a valid import.
        </p>
        <input
          id="import-file"
          ref={fileRef}
          type="file"
          accept=".csv,text/csv"
          aria-describedby={describedBy('import-file', true, problems.length > 0)}
          aria-invalid={problems.length > 0 || undefined}
          onChange={() => {
            setPreview(null);
            setProblems([]);
          }}
        />
        {problems.length > 0 && (
          <div id="import-file-error" className="field-error" role="alert">
            <p>The file cannot be imported as it is:</p>
            <ul>
              {problems.map((problem) => (
                <li key={`${problem.line}:${problem.column}:${problem.message}`}>
                  {problem.line === null ? '' : `Line ${problem.line}: `}
                  {problem.message}
                </li>
              ))}
            </ul>
          </div>
        )}
        <div className="actions">
          <button type="submit" disabled={busy !== null}>
            {busy === 'preview' ? 'Reading…' : 'Preview import'}
          </button>
        </div>
      </form>

      {preview && summary && (
        <section ref={previewRef} tabIndex={-1} aria-labelledby="import-preview-heading">
          <h3 id="import-preview-heading">Preview of {preview.fileName}</h3>
          <p role="status" className={`alert ${summary.error > 0 ? 'alert-error' : 'alert-ok'}`}>
            Nothing is saved yet. {summary.create} to create, {summary.update} to update, {summary.unchanged}{' '}
            unchanged, {summary.error} with errors.
            {summary.error > 0 && ' Fix the rows with errors in the file and preview it again.'}
            {summary.error === 0 && changes === 0 && ' There is nothing to change.'}
          </p>
          <table>
            <caption className="visually-hidden">What the import would change</caption>
            <thead>
              <tr>
                <th scope="col">Line</th>
                <th scope="col">Action</th>
                <th scope="col">Mapping</th>
                <th scope="col">External id</th>
                <th scope="col">Problems</th>
              </tr>
            </thead>
            <tbody>
              {preview.result.rows.map((row) => {
                const input = preview.rows[row.index];
                const errors = [...row.errors, ...(applyErrors[row.index] ?? [])];
                return (
                  <tr key={row.index}>
                    <td className="num">{preview.lines[row.index] ?? row.index + 1}</td>
                    <td>
                      <span className={`badge ${ACTION_BADGE[row.action]}`}>{row.action}</span>
                    </td>
                    <th scope="row">
                      {input ? (
                        <>
                          {input.m3terEntity} <code>{input.m3terId}</code>
                        </>
                      ) : (
                        `row ${row.index + 1}`
                      )}
                    </th>
                    <td>
                      <code>{input?.externalId}</code>
                      {input?.metadata && <div className="muted">{JSON.stringify(input.metadata)}</div>}
                    </td>
                    <td>
                      {errors.length === 0 ? (
                        <span className="muted">none</span>
                      ) : (
                        <ul className="plain-list field-error">
                          {errors.map((error) => (
                            <li key={error.path + error.message}>
                              {error.path && <code>{error.path}</code>} {error.message}
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {staleSincePreview && (
            <div role="alert" className="alert alert-error">
              <strong>Something changed since the preview.</strong> The hub refused the rows marked above and
              saved nothing. Preview again to see the current state.
            </div>
          )}
          <div className="actions">
            <button type="button" onClick={apply} disabled={!canApply || busy !== null || staleSincePreview}>
              {busy === 'apply' ? 'Applying…' : `Apply ${changes} change${changes === 1 ? '' : 's'}`}
            </button>
            <button
              type="button"
              className="secondary"
              disabled={busy !== null}
              onClick={() => runPreview(preview.fileName, preview.rows, preview.lines)}
            >
              Preview again
            </button>
            <button
              type="button"
              className="secondary"
              onClick={() => {
                setPreview(null);
                fileRef.current?.focus();
              }}
            >
              Discard
            </button>
          </div>
        </section>
      )}
      {!(failure instanceof ApiError && failure.status === 400 && staleSincePreview) && (
        <ErrorMessage error={failure} title="Could not import the mappings" />
      )}
    </section>
  );
}
