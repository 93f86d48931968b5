import type { Writer } from 'hyparquet-writer/src/index.js';
import { DEFAULT_ROW_GROUP_SIZE } from '../options';
import type { ByteOutput } from '../output';
import type { Batch, Cells, Column, ColumnType, TableWriter } from '../table';
import { ParquetFooter } from './parquet-footer';

type HyparquetWriter = typeof import('hyparquet-writer/src/index.js');
type SchemaElement = ConstructorParameters<HyparquetWriter['ParquetWriter']>[0]['schema'][number];
type ParquetCell = Uint8Array | number | bigint | null;

/**
 * Parquet through hyparquet-writer (pure JS, snappy). Rows are gathered column by column and written as
 * one row group every `rowGroupSize` rows; each group's bytes go to the output before the next is
 * gathered and its metadata is kept only as encoded footer bytes ({@link ParquetFooter}), so memory
 * holds one row group plus ≈ 80 bytes per column chunk written, not the file. Times are `TIMESTAMP(MILLIS)`: adjusted to UTC
 * for `*_utc`, a local wall time (not adjusted) for `*_local`, which pandas and R read as naive times.
 */
export class ParquetTableWriter implements TableWriter {
  private columns: readonly Column[] = [];
  private buffers: ParquetCell[][] = [];
  private rows = 0;
  private writer?: InstanceType<HyparquetWriter['ParquetWriter']>;
  private buffer?: InstanceType<HyparquetWriter['ByteWriter']>;
  private flushBuffer: () => Promise<void> = async () => {};
  private footer?: ParquetFooter;
  private rowGroupSize = 0;
  private readonly utf8 = new Utf8Cache();

  /** `rowGroupSize` undefined: {@link DEFAULT_ROW_GROUP_SIZE}. */
  constructor(
    private readonly out: ByteOutput,
    private readonly requestedRowGroupSize: number | undefined,
  ) {}

  async begin(columns: readonly Column[]): Promise<void> {
    // Loaded on first use: CSV and NDJSON exports never pay for the Parquet writer.
    const [{ ByteWriter, ParquetWriter }, { writeMetadata }] = await Promise.all([
      import('hyparquet-writer/src/index.js'),
      import('hyparquet-writer/src/metadata.js'),
    ]);
    this.columns = columns;
    this.buffers = columns.map(() => []);
    this.rowGroupSize = this.requestedRowGroupSize ?? DEFAULT_ROW_GROUP_SIZE;
    const buffer = new ByteWriter(1 << 20);
    const out = this.out;
    // hyparquet-writer calls flush() after every row group and awaits it: hand the bytes over and reuse
    // the buffer (the copy is the stream's to keep; nothing here holds written bytes).
    const flush = async () => {
      const chunk = new Uint8Array(buffer.buffer, 0, buffer.index).slice();
      buffer.index = 0;
      await out.writeBytes(chunk);
    };
    const sink: Writer = Object.assign(buffer, { flush, finish: flush });
    const schema = [{ name: 'root', num_children: columns.length }, ...columns.map(schemaElement)];
    const createdBy = '@sportscloud/sync';
    this.buffer = buffer;
    this.flushBuffer = flush;
    this.writer = new ParquetWriter({ writer: sink, schema, createdBy });
    this.footer = new ParquetFooter({ ByteWriter, writeMetadata }, schema, createdBy);
  }

  async write(batch: Batch): Promise<void> {
    let done = 0;
    while (done < batch.length) {
      const take = Math.min(batch.length - done, this.rowGroupSize - this.rows);
      for (let c = 0; c < batch.cells.length; c++) {
        append(this.buffers[c]!, batch.cells[c]!, this.columns[c]!.type, done, take, this.utf8);
      }
      this.rows += take;
      done += take;
      if (this.rows === this.rowGroupSize) await this.flushGroup();
    }
  }

  async end(): Promise<void> {
    await this.flushGroup();
    // The library's finish() would encode the footer from the row-group objects, which are gone.
    this.footer!.writeTo(this.buffer!, this.writer!.num_rows);
    await this.flushBuffer();
    await this.out.close();
  }

  private async flushGroup(): Promise<void> {
    if (this.rows === 0) return;
    const columnData = this.columns.map((column, c) => ({
      name: column.name,
      data: this.buffers[c]!,
      // Times rise by a near-constant step: delta encoding stores them in a few bits each, where a
      // dictionary of unique values would not help.
      ...(column.type === 'utc' || column.type === 'local'
        ? { encoding: 'DELTA_BINARY_PACKED' as const }
        : {}),
      // Page indexes are written by the library's finish(), which the compact footer replaces. With
      // one page per chunk (a row group's column is well under the 1 MiB page size) none is written anyway.
      offsetIndex: false,
    }));
    const rows = this.rows;
    this.buffers = this.columns.map(() => []);
    this.rows = 0;
    this.utf8.clear();
    const writer = this.writer!;
    await writer.write({ columnData, rowGroupSize: rows });
    for (const group of writer.row_groups) this.footer!.add(group);
    writer.row_groups.length = 0;
    writer.pendingIndexes.length = 0;
  }
}

function schemaElement(column: Column): SchemaElement {
  const base = { name: column.name, repetition_type: 'OPTIONAL' as const };
  switch (column.type) {
    case 'string':
      return { ...base, type: 'BYTE_ARRAY', converted_type: 'UTF8' };
    case 'int':
      return { ...base, type: 'INT64' };
    case 'double':
      return { ...base, type: 'DOUBLE' };
    case 'utc':
      return {
        ...base,
        type: 'INT64',
        logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' },
      };
    case 'local':
      return {
        ...base,
        type: 'INT64',
        logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: false, unit: 'MILLIS' },
      };
  }
}

/**
 * UTF-8 bytes of the strings of a row group. The writer encodes every string cell on its own, and the
 * same account id, variable and unit repeat in every row: handing it one shared array per distinct
 * string saves an allocation per cell. Cleared with each row group, so it holds at most one group's
 * distinct strings.
 */
class Utf8Cache {
  private readonly encoder = new TextEncoder();
  private readonly bytes = new Map<string, Uint8Array>();

  get(text: string): Uint8Array {
    let bytes = this.bytes.get(text);
    if (!bytes) {
      bytes = this.encoder.encode(text);
      this.bytes.set(text, bytes);
    }
    return bytes;
  }

  clear(): void {
    this.bytes.clear();
  }
}

/** Appends rows `from … from+count` of one column of a batch, converted to the column's physical type. */
function append(
  buffer: ParquetCell[],
  cells: Cells,
  type: ColumnType,
  from: number,
  count: number,
  utf8: Utf8Cache,
): void {
  const end = from + count;
  switch (cells.kind) {
    case 'const': {
      const value = convert(cells.value, type, utf8);
      for (let row = from; row < end; row++) buffer.push(value);
      return;
    }
    case 'strings':
      for (let row = from; row < end; row++) buffer.push(convert(cells.values[row] ?? null, type, utf8));
      return;
    case 'times': {
      const shift = type === 'local' ? (cells.offsetMs ?? 0) : 0;
      for (let row = from; row < end; row++) {
        const ms = cells.ms[row]!;
        buffer.push(Number.isFinite(ms) ? ms + shift : null);
      }
      return;
    }
    case 'numbers': {
      const { values, index } = cells;
      for (let row = from; row < end; row++) {
        const at = index ? index[row]! : row;
        buffer.push(at < 0 ? null : Number(values[at]!));
      }
      return;
    }
  }
}

function convert(value: string | number | null, type: ColumnType, utf8: Utf8Cache): ParquetCell {
  if (value === null) return null;
  if (type === 'int') return BigInt(value);
  if (type === 'string') return utf8.get(String(value));
  return Number(value);
}
