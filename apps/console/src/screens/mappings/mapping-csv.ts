import Papa from 'papaparse';

/** The columns of a mappings CSV, in order (export writes them; import needs them by name). */
export const MAPPING_CSV_COLUMNS = [
  'm3terEntity',
  'm3terId',
  'externalSystem',
  'externalTable',
  'externalId',
  'integrationConfigId',
  'metadata',
] as const;

export const M3TER_ENTITIES = ['Account', 'Product', 'Aggregation', 'CompoundAggregation'] as const;
export type M3terEntity = (typeof M3TER_ENTITIES)[number];

/** One mapping as the import endpoint takes it (and as POST /v1/external-mappings takes it). */
export type MappingInput = {
  m3terEntity: M3terEntity;
  m3terId: string;
  externalSystem: string;
  externalTable: string;
  externalId: string;
  integrationConfigId: string | null;
  metadata: Record<string, unknown> | null;
};

/** What export writes: a stored mapping has the same fields (and more, not exported). */
export type MappingLike = Omit<MappingInput, 'm3terEntity' | 'metadata'> & {
  m3terEntity: string;
  metadata: { [key: string]: unknown } | null;
};

export interface CsvProblem {
  /** 1-based line of the file (the header is line 1), or null for the file as a whole. */
  line: number | null;
  /** The column, when one is to blame. */
  column?: string;
  message: string;
}

export interface ParsedMappings {
  rows: MappingInput[];
  /** The file line of each row (rows[i] came from lines[i]). */
  lines: number[];
  problems: CsvProblem[];
}

/** The mappings as CSV text (header first; metadata as JSON text; empty cells for null). */
export function mappingsToCsv(mappings: readonly MappingLike[]): string {
  // With no rows Papa still ends the header line.
  return Papa.unparse(
    {
      fields: [...MAPPING_CSV_COLUMNS],
      data: mappings.map((mapping) => [
        mapping.m3terEntity,
        mapping.m3terId,
        mapping.externalSystem,
        mapping.externalTable,
        mapping.externalId,
        mapping.integrationConfigId ?? '',
        mapping.metadata && Object.keys(mapping.metadata).length > 0 ? JSON.stringify(mapping.metadata) : '',
      ]),
    },
    { newline: '\r\n', quotes: false },
  ).replace(/\r\n$/, '');
}

const REQUIRED = ['m3terEntity', 'm3terId', 'externalSystem', 'externalTable', 'externalId'] as const;

/**
 * Reads a mappings CSV: a header naming the columns (any order; `integrationConfigId` and
 * `metadata` optional), then one mapping a line. Every problem is reported with its line, and a
 * row with a problem is left out of `rows`: the server sees only rows that could be read.
 */
export function parseMappingsCsv(text: string): ParsedMappings {
  const result = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (header) => header.trim(),
  });
  const problems: CsvProblem[] = [];
  const rows: MappingInput[] = [];
  const lines: number[] = [];
  const fields = result.meta.fields ?? [];
  const missing = REQUIRED.filter((column) => !fields.includes(column));
  if (missing.length > 0) {
    problems.push({
      line: 1,
      message: `the header must name the columns ${MAPPING_CSV_COLUMNS.join(',')}; missing: ${missing.join(', ')}`,
    });
    return { rows, lines, problems };
  }
  const unknown = fields.filter((field) => !(MAPPING_CSV_COLUMNS as readonly string[]).includes(field));
  if (unknown.length > 0)
    problems.push({
      line: 1,
      message: `unknown column${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`,
    });
  // Papa's row numbers are 0-based data rows; with skipEmptyLines they no longer match lines, so
  // the line is counted from the cursor each row ended at.
  const lineOf = lineIndexer(text);
  for (const error of result.errors) {
    if (error.type === 'FieldMismatch' && error.code === 'TooFewFields') continue; // checked per cell
    problems.push({
      line: error.row === undefined ? null : error.row + 2,
      message: error.message,
    });
  }
  const badRows = new Set(
    result.errors.filter((error) => error.code !== 'TooFewFields').map((error) => error.row),
  );
  result.data.forEach((record, index) => {
    const line = lineOf(index) ?? index + 2;
    if (badRows.has(index)) return;
    const rowProblems: CsvProblem[] = [];
    const cell = (column: string) => (record[column] ?? '').trim();
    for (const column of REQUIRED)
      if (cell(column) === '') rowProblems.push({ line, column, message: `${column} is empty` });
    const entity = cell('m3terEntity');
    if (entity !== '' && !(M3TER_ENTITIES as readonly string[]).includes(entity))
      rowProblems.push({
        line,
        column: 'm3terEntity',
        message: `m3terEntity must be one of ${M3TER_ENTITIES.join(', ')}, not ${JSON.stringify(entity)}`,
      });
    let metadata: Record<string, unknown> | null = null;
    const metadataText = cell('metadata');
    if (metadataText !== '') {
      try {
        const value: unknown = JSON.parse(metadataText);
        if (value === null) metadata = null;
        else if (typeof value === 'object' && !Array.isArray(value))
          metadata = value as Record<string, unknown>;
        else
          rowProblems.push({
            line,
            column: 'metadata',
            message: 'metadata must be a JSON object, e.g. {"planId":"gold"}',
          });
      } catch {
        rowProblems.push({
          line,
          column: 'metadata',
          message: 'metadata is not valid JSON, e.g. {"planId":"gold"}',
        });
      }
    }
    if (rowProblems.length > 0) {
      problems.push(...rowProblems);
      return;
    }
    rows.push({
      m3terEntity: entity as M3terEntity,
      m3terId: cell('m3terId'),
      externalSystem: cell('externalSystem'),
      externalTable: cell('externalTable'),
      externalId: cell('externalId'),
      integrationConfigId: cell('integrationConfigId') || null,
      metadata,
    });
    lines.push(line);
  });
  if (result.data.length === 0 && problems.length === 0)
    problems.push({ line: null, message: 'the file has a header but no mappings' });
  return { rows, lines, problems };
}

/**
 * The file line (1-based) each data row starts on, skipping blank lines and counting line breaks
 * inside quoted cells, as Papa reads it.
 */
function lineIndexer(text: string): (rowIndex: number) => number | undefined {
  const starts: number[] = [];
  let line = 1;
  let inQuotes = false;
  let rowStart = true;
  let rowHasContent = false;
  let rowLine = 1;
  let headerDone = false;
  const source = text.replace(/^\uFEFF/, '');
  for (let i = 0; i <= source.length; i++) {
    const char = source[i];
    if (rowStart) {
      rowLine = line;
      rowStart = false;
      rowHasContent = false;
    }
    if (char === undefined || (!inQuotes && (char === '\n' || char === '\r'))) {
      if (rowHasContent) {
        if (headerDone) starts.push(rowLine);
        else headerDone = true;
      }
      if (char === '\r' && source[i + 1] === '\n') i++;
      line++;
      rowStart = true;
      continue;
    }
    if (char === '"') inQuotes = !inQuotes;
    else if (char === '\n') line++;
    if (char.trim() !== '' && char !== ',') rowHasContent = true;
  }
  return (rowIndex) => starts[rowIndex];
}
