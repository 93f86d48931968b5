import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import { writeMetadata } from 'hyparquet-writer/src/metadata.js';
import { describe, expect, it } from 'vitest';
import { ParquetFooter } from '../../src/export/formats/parquet-footer';

const schema = [
  { name: 'root', num_children: 3 },
  { name: 'id', type: 'INT64' as const, repetition_type: 'OPTIONAL' as const },
  {
    name: 'name',
    type: 'BYTE_ARRAY' as const,
    converted_type: 'UTF8' as const,
    repetition_type: 'OPTIONAL' as const,
  },
  { name: 'value', type: 'DOUBLE' as const, repetition_type: 'OPTIONAL' as const },
];

/**
 * The same row groups written twice: the library's finish() encodes every group's metadata at the end;
 * ParquetFooter encodes each group as it is written and drops it. The files must be byte for byte equal.
 */
function bothWays(groups: number): { library: Uint8Array; compact: Uint8Array; footerBytes: number } {
  const library = new ByteWriter();
  const compact = new ByteWriter();
  const a = new ParquetWriter({ writer: library, schema, createdBy: 'test' });
  const b = new ParquetWriter({ writer: compact, schema, createdBy: 'test' });
  const footer = new ParquetFooter({ ByteWriter, writeMetadata }, schema, 'test');
  for (let g = 0; g < groups; g++) {
    const rows = 50 + g;
    const columnData = [
      { name: 'id', data: Array.from({ length: rows }, (_, r) => (r % 9 ? BigInt(g * 1000 + r) : null)) },
      { name: 'name', data: Array.from({ length: rows }, (_, r) => `n${(r * g) % 7}`) },
      { name: 'value', data: Array.from({ length: rows }, (_, r) => (r % 5 ? r / 3 - g : null)) },
    ];
    a.write({ columnData, rowGroupSize: rows });
    b.write({ columnData: columnData.map((c) => ({ ...c, offsetIndex: false })), rowGroupSize: rows });
    for (const group of b.row_groups) footer.add(group);
    b.row_groups.length = 0;
    b.pendingIndexes.length = 0;
  }
  a.finish();
  footer.writeTo(compact, b.num_rows);
  return { library: library.getBytes(), compact: compact.getBytes(), footerBytes: footer.byteLength };
}

describe('ParquetFooter', () => {
  // 14 is the last list size the Thrift compact header holds in one byte; 15 needs a varint after it.
  // (With no row group at all the library writes the empty list with no element type, 0x00; this writes
  // 0x0C, an empty list of structs. The empty export is read back in streaming.test.ts.)
  it.each([1, 14, 15, 40])('writes the same file as the library for %i row groups', (groups) => {
    const { library, compact, footerBytes } = bothWays(groups);
    expect(compact.byteLength).toBe(library.byteLength);
    expect(Buffer.compare(Buffer.from(compact), Buffer.from(library))).toBe(0);
    // What it keeps per row group of three columns is a few hundred bytes, not the objects.
    expect(footerBytes / groups).toBeLessThan(400);
  });
});
