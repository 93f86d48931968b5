import { Decompress, decompress } from 'fzstd';
import { BodyTooLargeError, DecodeError } from '../errors';

const ZSTD_MAGIC = 0xfd2fb528;
/** Skippable frames: magic 0x184D2A50 to 0x184D2A5F, then a 4-byte length. */
const SKIPPABLE_MAGIC = 0x184d2a50;

/**
 * Decompresses a zstd body, never producing more than `maxBytes`. A 32 KB frame of RLE blocks can
 * declare and produce 1 GiB: when every frame declares its content size, the sum is checked before
 * anything is allocated (then fzstd's one-shot path, the fast one, allocates at most that); when a
 * frame does not, the frames are decoded as a stream and abandoned as soon as the output passes the cap.
 */
export function zstdDecompressCapped(bytes: Uint8Array, maxBytes: number): Uint8Array {
  const declared = declaredContentSize(bytes);
  // Stryker disable next-line ConditionalExpression: `undefined > maxBytes` is false as well
  if (declared !== undefined && declared > maxBytes) throw tooLarge(maxBytes);
  try {
    if (declared !== undefined) return decompress(bytes);
    return streamCapped(bytes, maxBytes);
  } catch (cause) {
    if (cause instanceof BodyTooLargeError) throw cause;
    throw new DecodeError(`invalid zstd body: ${(cause as Error).message}`, { cause });
  }
}

function streamCapped(bytes: Uint8Array, maxBytes: number): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const stream = new Decompress((chunk) => {
    total += chunk.length;
    // Thrown out of push(): fzstd stops decoding there.
    if (total > maxBytes) throw tooLarge(maxBytes);
    chunks.push(chunk);
  });
  stream.push(bytes, true);
  // fzstd's stream always ends with an empty chunk: join them.
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

function tooLarge(maxBytes: number): BodyTooLargeError {
  return new BodyTooLargeError(`the zstd body decompresses to more than ${maxBytes} bytes`, {
    limitBytes: maxBytes,
  });
}

/**
 * The sum of the content sizes the frames declare (RFC 8878 §3.1.1), walking frame and block
 * headers without decoding; undefined when a frame does not declare its size or the headers do not
 * parse (the decoder then reports what is wrong).
 */
export function declaredContentSize(bytes: Uint8Array): number | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 0;
  let sum = 0;
  while (offset < bytes.length) {
    // Stryker disable next-line EqualityOperator: four bytes left cannot hold a frame, which returns undefined below
    if (offset + 4 > bytes.length) return undefined;
    const magic = view.getUint32(offset, true);
    if ((magic & 0xfffffff0) === SKIPPABLE_MAGIC) {
      if (offset + 8 > bytes.length) return undefined;
      offset += 8 + view.getUint32(offset + 4, true);
      continue;
    }
    if (magic !== ZSTD_MAGIC) return undefined;
    const descriptor = bytes[offset + 4];
    // Stryker disable next-line ConditionalExpression: an undefined descriptor reads as 0, which declares no size
    if (descriptor === undefined) return undefined;
    const fcsFlag = descriptor >>> 6;
    const singleSegment = (descriptor & 0x20) !== 0;
    const checksum = (descriptor & 0x04) !== 0;
    const dictionaryBytes = [0, 1, 2, 4][descriptor & 0x03]!;
    const fcsBytes = [singleSegment ? 1 : 0, 2, 4, 8][fcsFlag]!;
    if (fcsBytes === 0) return undefined;
    const fcsAt = offset + 5 + (singleSegment ? 0 : 1) + dictionaryBytes;
    // Stryker disable next-line EqualityOperator: a header that ends the body leaves no block, which returns undefined below
    if (fcsAt + fcsBytes > bytes.length) return undefined;
    let size: number;
    if (fcsBytes === 1) size = view.getUint8(fcsAt);
    else if (fcsBytes === 2) size = view.getUint16(fcsAt, true) + 256;
    else if (fcsBytes === 4) size = view.getUint32(fcsAt, true);
    else size = view.getUint32(fcsAt, true) + view.getUint32(fcsAt + 4, true) * 2 ** 32;
    sum += size;
    offset = fcsAt + fcsBytes;
    for (let last = false; !last; ) {
      // Stryker disable next-line ArithmeticOperator: a cut header read on moves past the end, which ends in undefined as well
      if (offset + 3 > bytes.length) return undefined;
      const header = bytes[offset]! | (bytes[offset + 1]! << 8) | (bytes[offset + 2]! << 16);
      last = (header & 1) === 1;
      const type = (header >>> 1) & 3;
      if (type === 3) return undefined;
      offset += 3 + (type === 1 ? 1 : header >>> 3);
    }
    if (checksum) offset += 4;
  }
  return offset === bytes.length ? sum : undefined;
}
