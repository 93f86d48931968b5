/// <reference types="node" />
// zlib inflate for many small blobs. `zlib.inflateSync` builds a new stream object and native zlib state on
// every call (~4 µs, measured), which dominates a results body of 17 short series; this keeps one native
// handle and resets it between blobs (~1.5 µs). It uses the handle API that node:zlib's own sync path
// uses; if that API is missing or fails a self-test, every call goes through `inflateSync` instead.
import { constants, createInflate, inflateSync } from 'node:zlib';

/** Returned when the output would exceed `maxBytes`; inflating stopped there. */
export const TOO_LARGE = Symbol('too large');

interface NativeHandle {
  writeSync(
    flush: number,
    input: Uint8Array,
    inOffset: number,
    inLength: number,
    output: Uint8Array,
    outOffset: number,
    outLength: number,
  ): void;
  reset(): void;
  close(): void;
  onerror: (message: string, errno: number) => void;
}

interface Engine {
  readonly handle: NativeHandle;
  /** [avail_out, avail_in] after each write. */
  readonly state: Uint32Array;
  error: string | undefined;
}

const SCRATCH_BYTES = 64 * 1024;
let scratch = Buffer.allocUnsafeSlow(SCRATCH_BYTES);
let engine: Engine | null | undefined;

/** Decompression failed: `message` is zlib's (as `inflateSync` reports it). */
export class InflateError extends Error {}

/**
 * Inflates one RFC 1950 stream into a new Buffer that owns its whole ArrayBuffer, or returns
 * {@link TOO_LARGE} as soon as the output passes `maxBytes`. Throws {@link InflateError} on a corrupt stream.
 */
export function inflateOwned(input: Uint8Array, maxBytes: number): Buffer | typeof TOO_LARGE {
  if (engine === undefined) engine = createEngine();
  const native = engine;
  return native ? inflateWith(native, input, maxBytes) : inflateFallback(input, maxBytes);
}

/** Which path {@link inflateOwned} takes in this runtime (created on first use). @internal */
export function inflaterKind(): 'reused-handle' | 'inflateSync' {
  if (engine === undefined) engine = createEngine();
  return engine ? 'reused-handle' : 'inflateSync';
}

function inflateWith(native: Engine, input: Uint8Array, maxBytes: number): Buffer | typeof TOO_LARGE {
  const { handle, state } = native;
  handle.reset();
  let out = scratch;
  let produced = 0;
  let inOffset = 0;
  let inLength = input.byteLength;
  for (;;) {
    handle.writeSync(constants.Z_FINISH, input, inOffset, inLength, out, produced, out.length - produced);
    if (native.error !== undefined) {
      const message = native.error;
      // The next blob starts with reset(), which clears zlib's error state too.
      native.error = undefined;
      throw new InflateError(message);
    }
    const availOut = state[0]!;
    const availIn = state[1]!;
    inOffset += inLength - availIn;
    inLength = availIn;
    produced = out.length - availOut;
    if (produced > maxBytes) return TOO_LARGE;
    if (availOut !== 0) break;
    // Output full: continue in a buffer twice the size (never much past the cap).
    const bigger = Buffer.allocUnsafeSlow(Math.min(out.length * 2, maxBytes + 1));
    out.copy(bigger, 0, 0, produced);
    if (out === scratch && bigger.length <= 4 * SCRATCH_BYTES) scratch = bigger;
    out = bigger;
  }
  const owned = Buffer.allocUnsafeSlow(produced);
  out.copy(owned, 0, 0, produced);
  return owned;
}

/** `inflateSync` with the same contract as {@link inflateOwned}; used where no reusable handle works. @internal */
export function inflateFallback(input: Uint8Array, maxBytes: number): Buffer | typeof TOO_LARGE {
  let out: Buffer;
  try {
    out = inflateSync(input, { maxOutputLength: Math.max(1, maxBytes) });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return TOO_LARGE;
    throw new InflateError((error as Error).message);
  }
  if (out.length > maxBytes) return TOO_LARGE;
  if (out.byteOffset === 0 && out.byteLength === out.buffer.byteLength) return out;
  const owned = Buffer.allocUnsafeSlow(out.byteLength);
  out.copy(owned);
  return owned;
}

/** A reusable native inflate handle, or null when this runtime's node:zlib does not offer one that works. */
function createEngine(): Engine | null {
  try {
    const stream = createInflate() as unknown as { _handle?: NativeHandle; _writeState?: unknown };
    const handle = stream._handle;
    const state = stream._writeState;
    if (
      !handle ||
      typeof handle.writeSync !== 'function' ||
      typeof handle.reset !== 'function' ||
      !(state instanceof Uint32Array)
    ) {
      return null;
    }
    const native: Engine = { handle, state, error: undefined };
    handle.onerror = (message: string) => {
      native.error = message;
    };
    return selfTest(native) ? native : null;
  } catch {
    return null;
  }
}

// "sportscloud" deflated (zlib -9). The engine must inflate it, reject it cut short, then inflate it again.
const PROBE = Uint8Array.of(
  0x78,
  0xda,
  0x2b,
  0x2e,
  0xc8,
  0x2f,
  0x2a,
  0x29,
  0x4e,
  0xce,
  0xc9,
  0x2f,
  0x4d,
  0x01,
  0x00,
  0x1c,
  0xeb,
  0x04,
  0xc3,
);

function selfTest(native: Engine): boolean {
  const inflates = () => {
    const text = inflateWith(native, PROBE, 64);
    return text !== TOO_LARGE && text.toString('latin1') === 'sportscloud';
  };
  if (!inflates()) return false;
  try {
    inflateWith(native, PROBE.subarray(0, 10), 64);
    return false;
  } catch (error) {
    if (!(error instanceof InflateError)) return false;
  }
  return inflates() && inflateWith(native, PROBE, 5) === TOO_LARGE;
}
