import { DecodeError } from '../errors';
import { DEFAULT_DECODE_LIMITS, DecodeBudget, type DecodeLimits, resolveDecodeLimits } from './limits';
import { decodeTimeSeriesMaybeSync, isPromise, variableName, withVariable } from './time-series';
import type {
  Decoded,
  DecodedVariable,
  MaybePromise,
  RawTimeSeriesVariable,
  RawVariable,
  TimeSeriesVariable,
} from './types';

/**
 * Decodes a body of any of the four results endpoints: `variables` at the top level (measurement and lap
 * results) and/or inside each `measurements[]` item (session and session-lap results).
 *
 * Returns a new object with every other field kept as it was (unknown ones included); the input is not
 * modified. A variable whose `value` is a number is a scalar `{ name, unit?, value }` (even with a `type` field);
 * one whose `value` is a base64 string or a number array with `type`/`bits` is a time series — a number array
 * without them (`format=list`) decodes as Float/64 (lossless for JSON numbers). Series are decoded concurrently where the runtime decodes asynchronously.
 * Rejects with a {@link DecodeError} naming the variable when one cannot be decoded.
 */
export async function decodeResults<T>(payload: T, options: DecodeResultsOptions = {}): Promise<Decoded<T>> {
  return decodeResultsMaybeSync(payload, undefined, resolveDecodeLimits(options.limits));
}

export interface DecodeResultsOptions {
  /**
   * Caps on the decoded bytes, per series and for the whole body (defaults: `DEFAULT_DECODE_LIMITS`).
   * Past one, decoding stops and rejects with a non-retryable {@link DecodeError} naming the limit.
   */
  readonly limits?: DecodeLimits;
}

/**
 * Decoded variables by their raw object, for one results call: its body is decoded inside the
 * request attempt (to catch corruption while a retry can still fix it) and again once split parts
 * are merged; the second pass finds every variable here. @internal
 */
export type DecodeMemo = WeakMap<object, MaybePromise<DecodedVariable>>;

/**
 * As {@link decodeResults}, reusing and filling `memo`. Only variables decoded here count against this
 * body's `limits` (the memo's were counted with the body they came in). @internal
 */
export async function decodeResultsMemoised<T>(
  payload: T,
  memo: DecodeMemo,
  limits: Required<DecodeLimits> = DEFAULT_DECODE_LIMITS,
): Promise<Decoded<T>> {
  return decodeResultsMaybeSync(payload, memo, limits);
}

/** As {@link decodeResults}, but synchronous whenever every variable decodes synchronously (Node). @internal */
export function decodeResultsMaybeSync<T>(
  payload: T,
  memo?: DecodeMemo,
  limits: Required<DecodeLimits> = DEFAULT_DECODE_LIMITS,
): MaybePromise<Decoded<T>> {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new DecodeError('a results body must be a JSON object');
  }
  const pending: Promise<unknown>[] = [];
  let out: Record<string, unknown>;
  try {
    out = decodePayload(payload as object, { pending, memo, budget: new DecodeBudget(limits) });
  } catch (error) {
    // Series already in flight must not surface later as unhandled rejections.
    for (const p of pending) p.catch(() => {});
    throw error;
  }
  if (pending.length === 0) return out as Decoded<T>;
  return Promise.all(pending).then(() => out as Decoded<T>);
}

/** What one body's decoding shares: series still in flight, the call's memo and the body's budget. */
interface DecodeRun {
  readonly pending: Promise<unknown>[];
  readonly memo: DecodeMemo | undefined;
  readonly budget: DecodeBudget;
}

function decodePayload(payload: object, run: DecodeRun): Record<string, unknown> {
  const out: Record<string, unknown> = { ...payload };
  if (out.variables !== undefined) out.variables = decodeVariables(out.variables, 'variables', run);
  if (out.measurements !== undefined) {
    const measurements = out.measurements;
    if (!Array.isArray(measurements)) throw new DecodeError('measurements must be an array');
    out.measurements = measurements.map((item: unknown, i) => {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) {
        throw new DecodeError(`measurements[${i}] must be an object`);
      }
      const copy: Record<string, unknown> = { ...item };
      if (copy.variables !== undefined) {
        copy.variables = decodeVariables(copy.variables, `measurements[${i}].variables`, run);
      }
      return copy;
    });
  }
  return out;
}

/** Decodes a `variables` array in place of a fresh array; async results are filled in via `pending`. */
function decodeVariables(list: unknown, path: string, run: DecodeRun): DecodedVariable[] {
  if (!Array.isArray(list)) throw new DecodeError(`${path} must be an array`);
  const out = new Array<DecodedVariable>(list.length);
  for (let i = 0; i < list.length; i++) {
    const decoded = decodeVariable(list[i] as RawVariable, run);
    if (isPromise(decoded)) run.pending.push(decoded.then((v) => (out[i] = v)));
    else out[i] = decoded;
  }
  return out;
}

function decodeVariable(variable: RawVariable, run: DecodeRun): MaybePromise<DecodedVariable> {
  const { memo } = run;
  // A variable that is not an object fails in decodeVariableUncached before the memo would store it.
  if (!memo) return decodeVariableUncached(variable, run);
  const known = memo.get(variable);
  if (known) return known;
  const decoded = decodeVariableUncached(variable, run);
  memo.set(variable, decoded);
  if (isPromise(decoded)) decoded.catch(() => memo.delete(variable));
  return decoded;
}

function decodeVariableUncached(variable: RawVariable, run: DecodeRun): MaybePromise<DecodedVariable> {
  const name = variableName(variable);
  const { value, unit } = variable as { value?: unknown; unit?: string };
  if (typeof value === 'number') return unit === undefined ? { name, value } : { name, unit, value };
  if (isRawTimeSeries(variable)) return decodeTimeSeriesMaybeSync(variable, run.budget);
  if (Array.isArray(value)) {
    // format=list may leave out type/bits (undocumented). Every JSON number is a double, so Float/64 holds
    // the list exactly.
    return decodeTimeSeriesMaybeSync(
      { ...(variable as object), type: 'Float', bits: 64 } as RawTimeSeriesVariable,
      run.budget,
    );
  }
  const problem =
    typeof value === 'string'
      ? 'looks like a binary time series but has no type/bits'
      : `scalar value must be a number, got ${value === undefined ? 'nothing' : JSON.stringify(value)}`;
  throw withVariable(new DecodeError(problem), name);
}

/** Type guard: a decoded variable is a time series. */
export function isTimeSeries(variable: DecodedVariable): variable is TimeSeriesVariable {
  return 'values' in variable;
}

/**
 * Type guard: a raw variable is a time series — its `value` is a base64 string or a number array and it
 * has `type` or `bits`. A number `value` is a scalar even when the item carries a `type` (e.g. `"score"`).
 */
export function isRawTimeSeries(variable: RawVariable): variable is RawTimeSeriesVariable {
  const value = (variable as { value?: unknown }).value;
  return (typeof value === 'string' || Array.isArray(value)) && ('type' in variable || 'bits' in variable);
}
