import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { ParquetReader } from '@dsnp/parquetjs';
import { parquetMetadata } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExportItem, exportResults, toWebWritable } from '../../src';
import { exportToBytes, readBack, realSampleItems, smallItem } from './support';

let samples: ExportItem[];
let dir: string;
beforeAll(async () => {
  samples = await realSampleItems();
  dir = await mkdtemp(join(tmpdir(), 'sportscloud-export-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('streaming', () => {
  it('Parquet in many row groups reads back equal to one row group', async () => {
    const few = samples.slice(2); // samples 03 and 04: 6,693 rows
    const small = await exportToBytes(few, { format: 'parquet', layout: 'long', rowGroupSize: 1000 });
    const big = await exportToBytes(few, { format: 'parquet', layout: 'long' });
    const file = (b: Uint8Array) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
    expect(small.stats.rows).toBe(6693);
    expect(parquetMetadata(file(small.bytes)).row_groups.map((g) => Number(g.num_rows))).toEqual([
      ...new Array(6).fill(1000),
      693,
    ]);
    expect(parquetMetadata(file(big.bytes)).row_groups).toHaveLength(1);
    expect((await readBack('parquet', small.bytes)).rows).toEqual(
      (await readBack('parquet', big.bytes)).rows,
    );
  });

  it('the footer, assembled from row groups encoded one by one, parses the same in an independent reader', async () => {
    // @dsnp/parquetjs has its own Thrift decoder (it cannot decode the delta-encoded time pages, so only
    // the footer is compared): 18 row groups, past the 14 a one-byte list header holds.
    const { bytes, stats } = await exportToBytes(samples, {
      format: 'parquet',
      layout: 'long',
      rowGroupSize: 5_000,
    });
    const ours = parquetMetadata(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    );
    const reader = await ParquetReader.openBuffer(Buffer.from(bytes));
    try {
      expect(Number(reader.getRowCount())).toBe(stats.rows);
      const theirs = reader.metadata!.row_groups;
      expect(theirs).toHaveLength(Math.ceil(stats.rows / 5_000));
      expect(theirs.length).toBeGreaterThan(14);
      expect(theirs.map((g) => Number(g.num_rows))).toEqual(ours.row_groups.map((g) => Number(g.num_rows)));
      const chunks = (groups: { columns: Array<{ meta_data?: unknown }> }[]) =>
        groups.flatMap((g) =>
          g.columns.map((c) => {
            const m = c.meta_data as {
              data_page_offset: unknown;
              total_compressed_size: unknown;
              num_values: unknown;
            };
            return [Number(m.data_page_offset), Number(m.total_compressed_size), Number(m.num_values)];
          }),
        );
      expect(chunks(theirs)).toEqual(chunks(ours.row_groups));
    } finally {
      await reader.close();
    }
  });

  it('an empty export is a valid file with a header (CSV) or a schema (Parquet)', async () => {
    const csv = await exportToBytes([], { format: 'csv', layout: 'long' });
    expect(new TextDecoder().decode(csv.bytes)).toBe(
      'account_id,athlete_id,measurement_id,session_id,lap_id,variable,time_utc,time_local,value,unit\r\n',
    );
    expect(csv.stats.rows).toBe(0);
    const ndjson = await exportToBytes([], { format: 'ndjson', layout: 'wide' });
    expect(ndjson.bytes.byteLength).toBe(0);
    const parquet = await exportToBytes([], { format: 'parquet', layout: 'summary' });
    const { columns, rows } = await readBack('parquet', parquet.bytes);
    expect(rows).toEqual([]);
    expect(columns.slice(0, 3)).toEqual(['account_id', 'athlete_id', 'measurement_id']);
  });
});

describe('Node.js Writable adapter', () => {
  it('writes a file through toWebWritable, honouring backpressure', async () => {
    const path = join(dir, 'long.csv');
    const file = createWriteStream(path, { highWaterMark: 1024 });
    let refused = 0;
    const write = file.write.bind(file);
    file.write = ((chunk: Uint8Array, callback?: (error?: Error | null) => void) => {
      const ok = write(chunk, callback);
      if (!ok) refused++;
      return ok;
    }) as typeof file.write;
    const stats = await exportResults(samples, toWebWritable(file), { format: 'csv', layout: 'long' });
    expect(refused).toBeGreaterThan(0); // the file pushed back and the export waited for 'drain'
    const direct = await exportToBytes(samples, { format: 'csv', layout: 'long' });
    const written = await readFile(path);
    expect(written.byteLength).toBe(stats.bytes);
    expect(Buffer.compare(written, Buffer.from(direct.bytes))).toBe(0);
    // And a reader sees a complete, closed file.
    let streamed = 0;
    for await (const chunk of createReadStream(path)) streamed += (chunk as Buffer).byteLength;
    expect(streamed).toBe(stats.bytes);
  });

  it('a failing Writable rejects the export with its error', async () => {
    const broken = new Writable({
      write(_chunk, _encoding, callback) {
        callback(new Error('disk full'));
      },
    });
    broken.on('error', () => {});
    await expect(
      exportResults(samples, toWebWritable(broken), { format: 'ndjson', layout: 'long' }),
    ).rejects.toThrow('disk full');
  });
});

describe('failures abort the output', () => {
  function recordingSink() {
    const seen = { chunks: 0, aborted: undefined as unknown, closed: false };
    const stream = new WritableStream<Uint8Array>({
      write: () => void seen.chunks++,
      close: () => {
        seen.closed = true;
      },
      abort: (reason) => {
        seen.aborted = reason;
      },
    });
    return { stream, seen };
  }

  it('a source that throws: the output is aborted with the same error, never closed', async () => {
    const { stream, seen } = recordingSink();
    async function* failing() {
      yield* samples;
      throw new Error('database went away');
    }
    await expect(exportResults(failing(), stream, { format: 'csv', layout: 'long' })).rejects.toThrow(
      'database went away',
    );
    expect((seen.aborted as Error).message).toBe('database went away');
    expect(seen.closed).toBe(false);
    expect(seen.chunks).toBeGreaterThan(0);
  });

  it('an abort signal stops the export between items', async () => {
    const { stream, seen } = recordingSink();
    const controller = new AbortController();
    let read = 0;
    async function* counted() {
      for (const item of [smallItem(), smallItem(), smallItem()]) {
        read++;
        if (read === 2) controller.abort(new Error('user cancelled'));
        yield item;
      }
    }
    await expect(
      exportResults(counted(), stream, { format: 'parquet', layout: 'long', signal: controller.signal }),
    ).rejects.toThrow('user cancelled');
    expect(read).toBe(2);
    expect(seen.aborted).toBeInstanceOf(Error);
  });

  it('a sink that fails: the export rejects with the sink error', async () => {
    let writes = 0;
    const stream = new WritableStream<Uint8Array>({
      write() {
        writes++;
        if (writes === 2) throw new Error('socket closed');
      },
    });
    await expect(exportResults(samples, stream, { format: 'csv', layout: 'long' })).rejects.toThrow(
      'socket closed',
    );
  });
});

describe('Parquet row groups', () => {
  it('default to 20,000 rows', async () => {
    const rounds = async function* () {
      for (let round = 0; round < 3; round++) {
        for (const item of samples) yield { ...item, measurementId: item.measurementId! + round };
      }
    };
    const file = (b: Uint8Array) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
    for (const layout of ['long', 'wide'] as const) {
      const { bytes, stats } = await exportToBytes(rounds(), { format: 'parquet', layout });
      const groups = parquetMetadata(file(bytes)).row_groups.map((g) => Number(g.num_rows));
      expect(groups.length).toBeGreaterThan(1);
      expect(groups.slice(0, -1).every((n) => n === 20_000)).toBe(true);
      expect(groups.reduce((a, b) => a + b)).toBe(stats.rows);
    }
  });
});
