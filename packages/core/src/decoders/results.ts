import { DecodeError } from '../errors';
import { decodeTimeSeriesMaybeSync, isPromise, variableName, withVariable } from './time-series';
import type {
  Decoded,
  DecodedVariable,
  MaybePromise,
  RawTimeSeriesVariable,
  RawVariable,
  ScalarVariable,
  TimeSeriesVariable,
} from './types';

/**
 * Decodes a body of any of the four results endpoints: `variables` at the top level (measurement and lap
 * results) and/or inside each `measurements[]` item (session and session-lap results).
 *
 * Returns a new object with every other field kept as it was (unknown ones included); the input is not
 * modified. A variable with `type` or `bits` is a time series (as in the official decoder), any other one a
 * scalar `{ name, unit?, value }` — except a number-array `value` without `type`/`bits` (`format=list`), which
 * decodes as Float/64 (lossless for JSON numbers). Series are decoded concurrently where the runtime decodes asynchronously.
 * Rejects with a {@link DecodeError} naming the variable when one cannot be decoded.
 */
export async function decodeResults<T>(payload: T): Promise<Decoded<T>> {
  return decodeResultsMaybeSync(payload);
}

/**
 * Decoded variables by their raw object, for one results call: its body is decoded inside the
 * request attempt (to catch corruption while a retry can still fix it) and again once split parts
 * are merged; the second pass finds every variable here. @internal
 */
export type DecodeMemo = WeakMap<object, MaybePromise<DecodedVariable>>;

/** As {@link decodeResults}, reusing and filling `memo`. @internal */
export async function decodeResultsMemoised<T>(payload: T, memo: DecodeMemo): Promise<Decoded<T>> {
  return decodeResultsMaybeSync(payload, memo);
}

/** As {@link decodeResults}, but synchronous whenever every variable decodes synchronously (Node). @internal */
export function decodeResultsMaybeSync<T>(payload: T, memo?: DecodeMemo): MaybePromise<Decoded<T>> {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new DecodeError('a results body must be a JSON object');
  }
  const pending: Promise<unknown>[] = [];
  let out: Record<string, unknown>;
  try {
    out = decodePayload(payload as object, pending, memo);
  } catch (error) {
    // Series already in flight must not surface later as unhandled rejections.
    for (const p of pending) p.catch(() => {});
    throw error;
  }
  if (pending.length === 0) return out as Decoded<T>;
  return Promise.all(pending).then(() => out as Decoded<T>);
}

function decodePayload(
  payload: object,
  pending: Promise<unknown>[],
  memo?: DecodeMemo,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...payload };
  if (out.variables !== undefined) out.variables = decodeVariables(out.variables, 'variables', pending, memo);
  if (out.measurements !== undefined) {
    const measurements = out.measurements;
    if (!Array.isArray(measurements)) throw new DecodeError('measurements must be an array');
    out.measurements = measurements.map((item: unknown, i) => {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) {
        throw new DecodeError(`measurements[${i}] must be an object`);
      }
      const copy: Record<string, unknown> = { ...item };
      if (copy.variables !== undefined) {
        copy.variables = decodeVariables(copy.variables, `measurements[${i}].variables`, pending, memo);
      }
      return copy;
    });
  }
  return out;
}

/** Decodes a `variables` array in place of a fresh array; async results are filled in via `pending`. */
function decodeVariables(
  list: unknown,
  path: string,
  pending: Promise<unknown>[],
  memo: DecodeMemo | undefined,
): DecodedVariable[] {
  if (!Array.isArray(list)) throw new DecodeError(`${path} must be an array`);
  const out = new Array<DecodedVariable>(list.length);
  for (let i = 0; i < list.length; i++) {
    const decoded = decodeVariable(list[i] as RawVariable, memo);
    if (isPromise(decoded)) {
      pending.push(
        decoded.then((v) => {
          out[i] = v;
        }),
      );
    } else {
      out[i] = decoded;
    }
  }
  return out;
}

function decodeVariable(variable: RawVariable, memo: DecodeMemo | undefined): MaybePromise<DecodedVariable> {
  if (!memo || typeof variable !== 'object' || variable === null) return decodeVariableUncached(variable);
  const known = memo.get(variable);
  if (known) return known;
  const decoded = decodeVariableUncached(variable);
  memo.set(variable, decoded);
  if (isPromise(decoded)) decoded.catch(() => memo.delete(variable));
  return decoded;
}

function decodeVariableUncached(variable: RawVariable): MaybePromise<DecodedVariable> {
  const name = variableName(variable);
  if (isRawTimeSeries(variable)) return decodeTimeSeriesMaybeSync(variable);
  const { value, unit } = variable as Partial<ScalarVariable> & { value?: unknown };
  if (Array.isArray(value)) {
    // format=list may leave out type/bits (undocumented). Every JSON number is a double, so Float/64 holds
    // the list exactly.
    return decodeTimeSeriesMaybeSync({
      ...(variable as object),
      type: 'Float',
      bits: 64,
    } as RawTimeSeriesVariable);
  }
  if (typeof value !== 'number') {
    const problem =
      typeof value === 'string'
        ? 'looks like a binary time series but has no type/bits'
        : `scalar value must be a number, got ${value === undefined ? 'nothing' : JSON.stringify(value)}`;
    throw withVariable(new DecodeError(problem), name);
  }
  return unit === undefined ? { name, value } : { name, unit, value };
}

/** Type guard: a decoded variable is a time series. */
export function isTimeSeries(variable: DecodedVariable): variable is TimeSeriesVariable {
  return 'values' in variable;
}

/** Type guard: a raw variable is a time series (has `type` or `bits`). */
export function isRawTimeSeries(variable: RawVariable): variable is RawTimeSeriesVariable {
  return 'type' in variable || 'bits' in variable;
}
