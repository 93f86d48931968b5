import { ValidationError } from '@sportscloud/core';
import { filterItem } from './filter';
import { CsvWriter } from './formats/csv';
import { NdjsonWriter } from './formats/ndjson';
import { ParquetTableWriter } from './formats/parquet';
import type { Layout } from './layouts/layout';
import { LongLayout } from './layouts/long';
import { SummaryLayout } from './layouts/summary';
import { WideLayout } from './layouts/wide';
import { type ResolvedOptions, resolveOptions } from './options';
import { ByteOutput } from './output';
import type { TableWriter } from './table';
import { asUtc, localOffsetMs } from './timing';
import type { ExportItem, ExportOptions, ExportOutput, ExportStats } from './types';

/**
 * Streams results items to `output` as CSV, NDJSON or Parquet in the long, wide or summary layout.
 *
 * Items are read one at a time and the output's backpressure is honoured, so CSV and NDJSON hold one
 * item plus one chunk of output whatever the export's size. Parquet holds one row group plus its footer,
 * kept encoded (≈ 80 bytes per column chunk: under 10 MB for a 1 GB file). Options
 * are checked before anything is read or written ({@link ExportOptionError} names the wrong one). On
 * any failure the output is aborted and the error rethrown.
 *
 * ```ts
 * const stats = await exportResults(storage.results({ accounts }), output, { format: 'csv', layout: 'long' });
 * ```
 */
export async function exportResults(
  items: AsyncIterable<ExportItem> | Iterable<ExportItem>,
  output: ExportOutput,
  options: ExportOptions,
): Promise<ExportStats> {
  const resolved = resolveOptions(options);
  const layout = createLayout(resolved);
  const out = new ByteOutput(output);
  const writer = createWriter(resolved, out);
  const stats: ExportStats = {
    itemsRead: 0,
    items: 0,
    rows: 0,
    samples: 0,
    bytes: 0,
    itemsWithoutLocalTime: 0,
    droppedVariables: {},
  };
  try {
    resolved.signal?.throwIfAborted();
    await writer.begin(layout.columns);
    for await (const raw of items) {
      resolved.signal?.throwIfAborted();
      checkItem(raw, stats.itemsRead);
      stats.itemsRead++;
      const item = filterItem({ ...raw, startTime: asUtc(raw.startTime) }, resolved.filter);
      if (!item) continue;
      stats.items++;
      const offsetMs = localOffsetMs(item.startTime, item.startTimeLocal);
      if (offsetMs === undefined) stats.itemsWithoutLocalTime++;
      for (const batch of layout.rows({ item, offsetMs })) {
        await writer.write(batch);
        stats.rows += batch.length;
      }
      stats.samples += countSamples(item, resolved, layout);
    }
    await writer.end();
  } catch (error) {
    await out.abort(error);
    throw error;
  }
  stats.bytes = out.bytes;
  stats.droppedVariables = Object.fromEntries(layout.dropped);
  return stats;
}

function createLayout(options: ResolvedOptions): Layout {
  const variables = options.filter.variables;
  switch (options.layout) {
    case 'long':
      return new LongLayout();
    case 'wide':
      return new WideLayout(variables);
    case 'summary':
      return new SummaryLayout(variables);
  }
}

function createWriter(options: ResolvedOptions, out: ByteOutput): TableWriter {
  switch (options.format) {
    case 'csv':
      return new CsvWriter(out, options.csvFormulaGuard);
    case 'ndjson':
      return new NdjsonWriter(out);
    case 'parquet':
      return new ParquetTableWriter(out, options.rowGroupSize);
  }
}

/** Series samples an item contributed: every sample in the long layout, the ones with a column in wide. */
function countSamples(item: ExportItem, options: ResolvedOptions, layout: Layout): number {
  if (options.layout === 'summary') return 0;
  const columns = options.layout === 'wide' ? new Set(layout.columns.map((c) => c.name)) : undefined;
  let samples = 0;
  for (const v of item.variables) {
    if ('values' in v && (!columns || columns.has(v.name))) samples += v.values.length;
  }
  return samples;
}

/** Items come from a database or another process: check the fields the export relies on. */
function checkItem(item: ExportItem, index: number): void {
  const issues: { path: string; message: string }[] = [];
  const at = (field: string) => `items[${index}].${field}`;
  if (typeof item !== 'object' || item === null) {
    throw new ValidationError('export', [{ path: `items[${index}]`, message: 'is not an object' }]);
  }
  if (typeof item.accountId !== 'string') issues.push({ path: at('accountId'), message: 'is not a string' });
  if (!Number.isSafeInteger(item.athleteId))
    issues.push({ path: at('athleteId'), message: 'is not an integer' });
  for (const id of ['measurementId', 'sessionId', 'lapId'] as const) {
    if (item[id] !== undefined && !Number.isSafeInteger(item[id])) {
      issues.push({ path: at(id), message: 'is not an integer' });
    }
  }
  if (typeof item.startTime !== 'string' || !Number.isFinite(Date.parse(asUtc(item.startTime)))) {
    issues.push({ path: at('startTime'), message: 'is not an ISO 8601 time' });
  }
  if (!Array.isArray(item.variables)) issues.push({ path: at('variables'), message: 'is not an array' });
  else {
    item.variables.forEach((v, i) => {
      const problem = variableProblem(v);
      if (problem) issues.push({ path: at(`variables[${i}]`), message: problem });
    });
  }
  if (issues.length > 0) throw new ValidationError('export', issues);
}

/** What the writers rely on: a string name, a numeric scalar value or typed-array series values. */
function variableProblem(variable: unknown): string | undefined {
  if (typeof variable !== 'object' || variable === null) return 'is not an object';
  const v = variable as {
    name?: unknown;
    value?: unknown;
    values?: unknown;
    samplingRate?: unknown;
    unit?: unknown;
  };
  if (typeof v.name !== 'string') return 'has no string name';
  if (v.unit !== undefined && typeof v.unit !== 'string') return 'has a unit that is not a string';
  if ('values' in v) {
    if (!ArrayBuffer.isView(v.values) || v.values instanceof DataView)
      return 'has series values that are not a typed array';
    if (v.samplingRate !== undefined && typeof v.samplingRate !== 'string')
      return 'has a samplingRate that is not a string';
    return undefined;
  }
  return typeof v.value === 'number' ? undefined : 'has a scalar value that is not a number';
}
