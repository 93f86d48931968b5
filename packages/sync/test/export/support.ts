import { readFile } from 'node:fs/promises';
import { type DecodedVariable, decodeResults } from '@sportscloud/core';
import { parse } from 'csv-parse/sync';
import { parquetReadObjects } from 'hyparquet';
import { type ExportFormat, type ExportItem, type ExportOptions, exportResults } from '../../src';

const SAMPLES = new URL('../../../../reference-data/real-samples/', import.meta.url);

/** Local-time offsets given to the four real samples (they carry none): one each way, one zero, one missing. */
export const SAMPLE_OFFSETS_MIN = [180, undefined, -270, 0] as const;

interface RawSample {
  athleteId: number;
  measurementId: number;
  sessionId: number;
  startTime: string;
  variables: unknown[];
}

/** The four real API responses, decoded by core, as export items. */
export async function realSampleItems(): Promise<ExportItem[]> {
  const items: ExportItem[] = [];
  for (let n = 1; n <= 4; n++) {
    const raw = JSON.parse(
      await readFile(new URL(`sample_api_response_0${n}.json`, SAMPLES), 'utf8'),
    ) as RawSample;
    const decoded = await decodeResults(raw);
    const offset = SAMPLE_OFFSETS_MIN[n - 1];
    items.push({
      consumerId: 'consumer-1',
      accountId: `3-${1000 + n}`,
      athleteId: raw.athleteId,
      measurementId: raw.measurementId,
      ...(raw.sessionId ? { sessionId: raw.sessionId } : {}),
      startTime: raw.startTime,
      ...(offset === undefined ? {} : { startTimeLocal: localIso(Date.parse(raw.startTime), offset) }),
      variables: decoded.variables as DecodedVariable[],
    });
  }
  return items;
}

/** `2025-07-27T17:51:59+03:00`, as the API writes `…TimeLocal`. */
export function localIso(utcMs: number, offsetMin: number): string {
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  const suffix = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return new Date(utcMs + offsetMin * 60_000).toISOString().replace(/\.\d{3}Z$/, suffix);
}

/** A WritableStream that keeps every chunk, for reading an export back. */
export function memoryOutput(): { stream: WritableStream<Uint8Array>; bytes(): Uint8Array } {
  const chunks: Uint8Array[] = [];
  return {
    stream: new WritableStream({ write: (chunk) => void chunks.push(chunk) }),
    bytes() {
      const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
      let at = 0;
      for (const c of chunks) {
        out.set(c, at);
        at += c.byteLength;
      }
      return out;
    },
  };
}

export async function exportToBytes(
  items: Iterable<ExportItem> | AsyncIterable<ExportItem>,
  options: ExportOptions,
): Promise<{ bytes: Uint8Array; stats: Awaited<ReturnType<typeof exportResults>> }> {
  const out = memoryOutput();
  const stats = await exportResults(items, out.stream, options);
  return { bytes: out.bytes(), stats };
}

/** A row read back, every format brought to one form: numbers, strings, times in epoch ms, `null` for empty. */
export type Row = Record<string, string | number | null>;

const TIME_COLUMNS = new Set(['time_utc', 'time_local', 'start_utc', 'start_local']);
const STRING_COLUMNS = new Set(['account_id', 'variable', 'unit']);
const LOCAL_ISO = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3})([+-]\d{2}:\d{2})$/;
const UTC_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * Reads an export back with an independent reader per format (csv-parse, JSON.parse, hyparquet).
 * Local times become their wall-clock milliseconds; a text local time must also name the same instant
 * as the UTC time of its row, which is checked here.
 */
export async function readBack(
  format: ExportFormat,
  bytes: Uint8Array,
): Promise<{ columns: string[]; rows: Row[] }> {
  if (format === 'parquet') {
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const objects = (await parquetReadObjects({ file })) as Record<string, unknown>[];
    const { parquetSchema, parquetMetadata } = await import('hyparquet');
    const columns = parquetSchema(parquetMetadata(file)).children.map((c) => c.element.name);
    return { columns, rows: objects.map((o) => normaliseObject(o, columns)) };
  }
  const text = new TextDecoder().decode(bytes);
  if (format === 'ndjson') {
    if (text.length > 0 && !text.endsWith('\n')) throw new Error('NDJSON must end with a newline');
    const lines = text.split('\n').slice(0, -1);
    const objects = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const columns = objects[0] ? Object.keys(objects[0]) : [];
    return { columns, rows: objects.map((o) => normaliseText(o, columns)) };
  }
  const records = parse(text, { relax_quotes: false, record_delimiter: '\r\n' }) as string[][];
  const [header = [], ...body] = records;
  return {
    columns: header,
    rows: body.map((cells) => {
      if (cells.length !== header.length)
        throw new Error(`CSV row of ${cells.length} cells, header has ${header.length}`);
      return normaliseText(
        Object.fromEntries(header.map((h, i) => [h, cells[i] === '' ? null : cells[i]!])),
        header,
      );
    }),
  };
}

function normaliseText(object: Record<string, unknown>, columns: string[]): Row {
  const row: Row = {};
  for (const name of columns) {
    const value = object[name];
    if (value === null || value === undefined) row[name] = null;
    else if (name.endsWith('_utc')) {
      if (!UTC_ISO.test(String(value))) throw new Error(`${name} is not ISO UTC: ${String(value)}`);
      row[name] = Date.parse(String(value));
    } else if (TIME_COLUMNS.has(name)) {
      const match = LOCAL_ISO.exec(String(value));
      if (!match) throw new Error(`${name} is not an ISO local time with offset: ${String(value)}`);
      row[name] = Date.parse(`${match[1]}Z`);
      const utcName = name.replace('_local', '_utc');
      const utc = object[utcName];
      if (Date.parse(String(value)) !== Date.parse(String(utc))) {
        throw new Error(`${name} ${String(value)} is not the instant of ${utcName} ${String(utc)}`);
      }
    } else if (STRING_COLUMNS.has(name)) row[name] = String(value);
    else row[name] = typeof value === 'number' ? value : Number(value);
  }
  return row;
}

function normaliseObject(object: Record<string, unknown>, columns: string[]): Row {
  const row: Row = {};
  for (const name of columns) {
    const value = object[name];
    if (value === null || value === undefined) row[name] = null;
    else if (value instanceof Date) row[name] = value.getTime();
    else if (typeof value === 'bigint') row[name] = Number(value);
    else row[name] = value as string | number;
  }
  return row;
}

/** A small hand-made item: a 1 Hz heart-rate series and a scalar, with whatever fields the test sets. */
export function smallItem(overrides: Partial<ExportItem> = {}): ExportItem {
  return {
    consumerId: 'consumer-1',
    accountId: '1-1',
    athleteId: 7,
    measurementId: 100,
    startTime: '2026-01-05T10:00:00Z',
    startTimeLocal: '2026-01-05T12:00:00+02:00',
    variables: [
      {
        name: 'heartRateSeries',
        unit: 'min⁻¹',
        samplingRate: '1Hz',
        type: 'Unsigned',
        bits: 8,
        values: new Uint8Array([60, 61, 62]),
      },
      { name: 'trimp', value: 12.5 },
    ],
    ...overrides,
  };
}
