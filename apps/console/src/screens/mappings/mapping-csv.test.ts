import { describe, expect, it } from 'vitest';
import { MAPPING_CSV_COLUMNS, type MappingLike, mappingsToCsv, parseMappingsCsv } from './mapping-csv.js';

const HEADER = MAPPING_CSV_COLUMNS.join(',');

const account: MappingLike = {
  m3terEntity: 'Account',
  m3terId: 'acc-1',
  externalSystem: 'AzureMarketplace',
  externalTable: 'Subscription',
  externalId: '1f7e0c2a-3b4d-4e5f-8a9b-0c1d2e3f4a5b',
  integrationConfigId: 'int-1',
  metadata: { planId: 'gold', note: 'a, "quoted" value' },
};
const product: MappingLike = {
  m3terEntity: 'Product',
  m3terId: 'prod-1',
  externalSystem: 'AzureMarketplace',
  externalTable: 'Dimension',
  externalId: 'dim-a',
  integrationConfigId: null,
  metadata: null,
};

describe('mappingsToCsv', () => {
  it('writes the header and one line per mapping, metadata as JSON, null as an empty cell', () => {
    const csv = mappingsToCsv([account, product]);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(HEADER);
    expect(lines[2]).toBe('Product,prod-1,AzureMarketplace,Dimension,dim-a,,');
    expect(lines[1]).toContain('"{""planId"":""gold"",""note"":""a, \\""quoted\\"" value""}"');
  });

  it('round-trips through parseMappingsCsv', () => {
    const parsed = parseMappingsCsv(mappingsToCsv([account, product]));
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows).toEqual([account, product]);
    expect(parsed.lines).toEqual([2, 3]);
  });

  it('writes only the header for no mappings', () => {
    expect(mappingsToCsv([])).toBe(HEADER);
  });
});

describe('parseMappingsCsv', () => {
  it('takes the columns in any order, trims cells, skips blank lines and a BOM', () => {
    const text = `\uFEFFexternalId,m3terId,m3terEntity,externalTable,externalSystem\n\n dim-b , agg-1 ,Aggregation,Dimension,AzureMarketplace\n\n`;
    const parsed = parseMappingsCsv(text);
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows).toEqual([
      {
        m3terEntity: 'Aggregation',
        m3terId: 'agg-1',
        externalSystem: 'AzureMarketplace',
        externalTable: 'Dimension',
        externalId: 'dim-b',
        integrationConfigId: null,
        metadata: null,
      },
    ]);
    expect(parsed.lines).toEqual([3]);
  });

  it('names a missing column', () => {
    const parsed = parseMappingsCsv('m3terEntity,m3terId,externalSystem,externalTable\nAccount,a,S,T\n');
    expect(parsed.rows).toEqual([]);
    expect(parsed.problems).toEqual([{ line: 1, message: expect.stringContaining('missing: externalId') }]);
  });

  it('reports each bad row with its file line and column, and keeps the good ones', () => {
    const text = [
      HEADER,
      'Account,acc-1,AzureMarketplace,Subscription,sub-1,,{"planId":"gold"}',
      'Customer,acc-2,AzureMarketplace,Subscription,sub-2,,',
      'Account,acc-3,AzureMarketplace,Subscription,,,',
      'Account,acc-4,AzureMarketplace,Subscription,sub-4,,{planId:gold}',
      'Account,acc-5,AzureMarketplace,Subscription,sub-5,,"[1,2]"',
    ].join('\n');
    const parsed = parseMappingsCsv(text);
    expect(parsed.rows.map((row) => row.m3terId)).toEqual(['acc-1']);
    expect(parsed.rows[0]?.metadata).toEqual({ planId: 'gold' });
    expect(parsed.problems).toEqual([
      { line: 3, column: 'm3terEntity', message: expect.stringContaining('not "Customer"') },
      { line: 4, column: 'externalId', message: 'externalId is empty' },
      { line: 5, column: 'metadata', message: expect.stringContaining('not valid JSON') },
      { line: 6, column: 'metadata', message: expect.stringContaining('must be a JSON object') },
    ]);
  });

  it('counts a line break inside a quoted cell when numbering lines', () => {
    const text = `${HEADER}\nProduct,"p\n1",S,Dimension,d,,\nProduct,p2,S,Dimension,,,\n`;
    const parsed = parseMappingsCsv(text);
    expect(parsed.rows.map((row) => row.m3terId)).toEqual(['p\n1']);
    expect(parsed.problems).toEqual([{ line: 4, column: 'externalId', message: 'externalId is empty' }]);
  });

  it('says so when there is nothing to import', () => {
    expect(parseMappingsCsv(`${HEADER}\n`).problems).toEqual([
      { line: null, message: 'the file has a header but no mappings' },
    ]);
    expect(parseMappingsCsv('').problems[0]?.message).toContain('missing');
  });

  it('flags an unknown column without refusing the file', () => {
    const parsed = parseMappingsCsv(`${HEADER},extra\nProduct,p,S,Dimension,d,,,x\n`);
    expect(parsed.rows).toHaveLength(1);
    expect(parsed.problems).toEqual([{ line: 1, message: 'unknown column: extra' }]);
  });
});
