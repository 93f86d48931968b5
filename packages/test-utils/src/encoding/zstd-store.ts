/**
 * A valid zstd frame (RFC 8878) that stores the input in Raw_Blocks, i.e. without compressing.
 * Web runtimes have no zstd compressor; the fake only needs to emit what a real decoder accepts
 * so an SDK's zstd path (magic-byte check, fzstd) is exercised end to end.
 */

const MAGIC = [0x28, 0xb5, 0x2f, 0xfd]; // 0xFD2FB528 little-endian
const MAX_BLOCK = 128 * 1024; // Block_Maximum_Size

export function zstdStore(input: Uint8Array): Uint8Array<ArrayBuffer> {
  const blocks = Math.max(1, Math.ceil(input.length / MAX_BLOCK));
  // magic + descriptor + 4-byte content size + (3-byte header per block) + payload
  const out = new Uint8Array(4 + 1 + 4 + blocks * 3 + input.length);
  out.set(MAGIC, 0);
  // Frame_Header_Descriptor: FCS_Field_Size flag 2 (4 bytes), Single_Segment 1 (so no
  // Window_Descriptor; the window is the content size), no checksum, no dictionary.
  out[4] = (2 << 6) | (1 << 5);
  new DataView(out.buffer).setUint32(5, input.length, true);
  let at = 9;
  for (let b = 0; b < blocks; b++) {
    const chunk = input.subarray(b * MAX_BLOCK, (b + 1) * MAX_BLOCK);
    const last = b === blocks - 1 ? 1 : 0;
    // Block_Header, 3 bytes LE: Last_Block (bit 0), Block_Type 0 = Raw (bits 1–2), Block_Size (bits 3–23).
    const header = last | (0 << 1) | (chunk.length << 3);
    out[at] = header & 0xff;
    out[at + 1] = (header >>> 8) & 0xff;
    out[at + 2] = (header >>> 16) & 0xff;
    out.set(chunk, at + 3);
    at += 3 + chunk.length;
  }
  return out;
}
