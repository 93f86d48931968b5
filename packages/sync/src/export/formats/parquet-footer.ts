import type { ByteWriter as ByteWriterClass } from 'hyparquet-writer/src/bytewriter.js';
import type { writeMetadata as WriteMetadata } from 'hyparquet-writer/src/metadata.js';
import type { ParquetWriter } from 'hyparquet-writer/src/parquet-writer.js';

type FileMetaData = Parameters<typeof WriteMetadata>[1];
type RowGroup = ParquetWriter['row_groups'][number];
type SchemaElement = ParquetWriter['schema'][number];

/** The part of hyparquet-writer the footer uses (loaded lazily by the Parquet writer). */
export interface FooterLibrary {
  ByteWriter: typeof ByteWriterClass;
  writeMetadata: typeof WriteMetadata;
}

/** Thrift compact protocol: the element type of a list of structs. */
const STRUCT = 12;
/** "PAR1", the magic that ends a Parquet file. */
const MAGIC = 0x31524150;
/** A row group with no columns: only there to locate the row-group list in the encoded metadata. */
const PROBE: RowGroup = { columns: [], total_byte_size: 0n, num_rows: 0n };

/**
 * The Parquet footer, kept as bytes while the file is written. hyparquet-writer keeps every row group's
 * metadata as JS objects (about 1 KB per column chunk) and encodes them all at the end: a 1 GB export in
 * 20,000-row groups holds ~12,000 groups, over 100 MB of objects, and encoding them at once doubles
 * that. Here each row group is encoded as soon as it is written (≈ 80 bytes per column chunk) and the
 * objects are dropped.
 *
 * The encoding is the library's own (`writeMetadata`): a Thrift compact list of structs is its header
 * followed by the structs' bytes, each struct self-contained, so the footer is the metadata encoded
 * without row groups, with the list header and the row groups' bytes spliced in where the empty list was.
 */
export class ParquetFooter {
  private readonly groups: ByteWriterClass;
  private count = 0;
  private groupFrame?: { prefix: Uint8Array; suffix: Uint8Array };

  constructor(
    private readonly lib: FooterLibrary,
    private readonly schema: SchemaElement[],
    private readonly createdBy: string,
  ) {
    this.groups = new lib.ByteWriter(64 * 1024);
  }

  /** Encodes a written row group; the caller may drop its objects afterwards. */
  add(group: RowGroup): void {
    this.groupFrame ??= this.frame(0n);
    const { prefix, suffix } = this.groupFrame;
    const encoded = this.encode(0n, [group]);
    this.groups.appendBytes(encoded.subarray(prefix.length + 1, encoded.length - suffix.length));
    this.count += 1;
  }

  /** Bytes the encoded row groups hold (for tests and memory figures). */
  get byteLength(): number {
    return this.groups.index;
  }

  /** Appends the footer (metadata, its length, the closing magic) to `out`. */
  writeTo(out: ByteWriterClass, numRows: bigint): void {
    const { prefix, suffix } = this.frame(numRows);
    const start = out.offset;
    out.appendBytes(prefix);
    if (this.count <= 14) out.appendUint8((this.count << 4) | STRUCT);
    else {
      out.appendUint8(0xf0 | STRUCT);
      out.appendVarInt(this.count);
    }
    out.appendBytes(new Uint8Array(this.groups.buffer, 0, this.groups.index));
    out.appendBytes(suffix);
    out.appendUint32(out.offset - start);
    out.appendUint32(MAGIC);
  }

  /** The encoded metadata before and after the (empty) row-group list, whose one-byte header is left out. */
  private frame(numRows: bigint): { prefix: Uint8Array; suffix: Uint8Array } {
    const empty = this.encode(numRows, []);
    const probe = this.encode(numRows, [PROBE]);
    let at = 0;
    while (at < empty.length && empty[at] === probe[at]) at++;
    // The first difference is the list header: size 0 there, 1 here.
    if (empty[at] !== 0 || probe[at] !== ((1 << 4) | STRUCT)) {
      throw new Error('unexpected Parquet metadata layout from hyparquet-writer');
    }
    return { prefix: empty.subarray(0, at), suffix: empty.subarray(at + 1) };
  }

  /** The metadata struct as the library encodes it, without the trailing length. */
  private encode(numRows: bigint, rowGroups: RowGroup[]): Uint8Array {
    const writer = new this.lib.ByteWriter(1024);
    const metadata: Omit<FileMetaData, 'metadata_length'> = {
      version: 2,
      schema: this.schema,
      num_rows: numRows,
      row_groups: rowGroups,
      created_by: this.createdBy,
    };
    this.lib.writeMetadata(writer, metadata as FileMetaData);
    return new Uint8Array(writer.buffer, 0, writer.index - 4);
  }
}
