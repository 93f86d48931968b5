import { decodeSeriesBlob } from '#kernel';
import { DecodeError } from '../errors';
import { DecodeBudget, type DecodeLimits, resolveDecodeLimits } from './limits';
import { allocate, normalizeBits, normalizeType } from './spec';
import type {
  MaybePromise,
  RawTimeSeriesVariable,
  SeriesBits,
  SeriesType,
  TimeSeriesArray,
  TimeSeriesVariable,
} from './types';

/**
 * Decodes one time-series variable: `value` as base64+zlib of big-endian elements (`format=binary`)
 * or as a number array (`format=list`), into the typed array for its `type`/`bits`.
 *
 * Throws (rejects with) a {@link DecodeError} naming the variable on an unknown type, Float/8 or Float/16,
 * unknown bits, corrupt base64 or zlib, a byte count that is not a multiple of the element size, and list
 * values that do not fit the element type. `unit` and `samplingRate` are copied only when present.
 */
export async function decodeTimeSeries(
  variable: RawTimeSeriesVariable,
  options: { limits?: DecodeLimits } = {},
): Promise<TimeSeriesVariable> {
  return decodeTimeSeriesMaybeSync(variable, new DecodeBudget(resolveDecodeLimits(options.limits)));
}

/** As {@link decodeTimeSeries}, but synchronous whenever the kernel is (Node, list format). @internal */
export function decodeTimeSeriesMaybeSync(
  variable: RawTimeSeriesVariable,
  budget: DecodeBudget,
): MaybePromise<TimeSeriesVariable> {
  const name = variableName(variable);
  let type: SeriesType;
  let bits: SeriesBits;
  let values: MaybePromise<TimeSeriesArray>;
  try {
    type = normalizeType(variable.type);
    bits = normalizeBits(variable.bits, type);
    const raw = variable.value;
    if (typeof raw === 'string') values = decodeSeriesBlob(raw, type, bits, budget);
    else if (Array.isArray(raw)) {
      const bytes = raw.length * (bits >>> 3);
      budget.charge(bytes, bytes);
      values = fromList(raw, type, bits);
    } else throw new DecodeError(`value must be a base64 string or a number array, got ${describe(raw)}`);
  } catch (error) {
    throw withVariable(error, name);
  }
  if (isPromise(values)) {
    return values.then(
      (v) => build(variable, name, type, bits, v),
      (error: unknown) => {
        throw withVariable(error, name);
      },
    );
  }
  return build(variable, name, type, bits, values);
}

function build(
  variable: RawTimeSeriesVariable,
  name: string,
  type: SeriesType,
  bits: SeriesBits,
  values: TimeSeriesArray,
): TimeSeriesVariable {
  const { unit, samplingRate } = variable;
  // Literal shapes (no `undefined` keys), in a stable key order.
  const out =
    unit === undefined
      ? samplingRate === undefined
        ? { name, type, bits, values }
        : { name, samplingRate, type, bits, values }
      : samplingRate === undefined
        ? { name, unit, type, bits, values }
        : { name, unit, samplingRate, type, bits, values };
  return out as TimeSeriesVariable;
}

/** @internal */
export function variableName(variable: { name?: unknown } | null | undefined): string {
  const name = variable?.name;
  if (typeof name !== 'string') {
    throw new DecodeError(`variable without a string name: ${describe(variable)}`);
  }
  return name;
}

/** Wraps any failure into a DecodeError that names the variable. @internal */
export function withVariable(error: unknown, variable: string): DecodeError {
  if (error instanceof DecodeError) {
    if (error.variable) return error;
    return new DecodeError(error.message, {
      variable,
      cause: error.cause ?? error,
      retryable: error.retryable,
      ...(error.limit ? { limit: error.limit } : {}),
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new DecodeError(`could not decode: ${message}`, { variable, cause: error });
}

/** @internal */
export function isPromise<T>(value: MaybePromise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown }).then === 'function';
}

const INT_RANGE: Record<string, readonly [number, number]> = {
  Signed8: [-0x80, 0x7f],
  Signed16: [-0x8000, 0x7fff],
  Signed32: [-0x80000000, 0x7fffffff],
  Unsigned8: [0, 0xff],
  Unsigned16: [0, 0xffff],
  Unsigned32: [0, 0xffffffff],
};
const INT64_RANGE = {
  Signed: [-(2n ** 63n), 2n ** 63n - 1n],
  Unsigned: [0n, 2n ** 64n - 1n],
} as const;

function fromList(list: readonly unknown[], type: SeriesType, bits: SeriesBits): TimeSeriesArray {
  const out = allocate(type, bits, list.length);
  if (type === 'Float') {
    const f = out as Float32Array | Float64Array;
    for (let i = 0; i < list.length; i++) {
      const x = list[i];
      if (typeof x !== 'number') throw badItem(i, x, 'is not a number');
      f[i] = x;
      // A finite double beyond the Float32 range would silently become ±Infinity (a Float64 holds it).
      if (Number.isFinite(x) && !Number.isFinite(f[i]!)) {
        throw badItem(i, x, `is out of range for Float/${bits}`);
      }
    }
    return out;
  }
  if (bits === 64) {
    const [min, max] = INT64_RANGE[type];
    const b = out as BigInt64Array | BigUint64Array;
    for (let i = 0; i < list.length; i++) {
      const x = list[i];
      let n: bigint;
      if (typeof x === 'bigint') n = x;
      // Number.isSafeInteger is false for anything but a number.
      else if (Number.isSafeInteger(x)) n = BigInt(x as number);
      else throw badItem(i, x, 'is not a safe integer or a bigint');
      if (n < min || n > max) throw badItem(i, x, `is out of range for ${type}/64`);
      b[i] = n;
    }
    return out;
  }
  const [min, max] = INT_RANGE[`${type}${bits}`]!;
  const n = out as Int8Array | Int16Array | Int32Array | Uint8Array | Uint16Array | Uint32Array;
  for (let i = 0; i < list.length; i++) {
    const x = list[i] as number;
    // Number.isInteger is false for anything but a number.
    if (!Number.isInteger(x)) throw badItem(i, x, 'is not an integer');
    if (x < min || x > max) throw badItem(i, x, `is out of range for ${type}/${bits}`);
    n[i] = x;
  }
  return out;
}

function badItem(index: number, value: unknown, problem: string): DecodeError {
  return new DecodeError(`value[${index}] = ${describe(value)} ${problem}`);
}

function describe(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'number') return String(value);
  const json = JSON.stringify(value);
  if (json === undefined) return typeof value;
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}
