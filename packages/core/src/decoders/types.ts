/** Element type of a time series, as normalised from the payload's case-insensitive `type`. */
export type SeriesType = 'Float' | 'Signed' | 'Unsigned';

/** Element width in bits. */
export type SeriesBits = 8 | 16 | 32 | 64;

/** The typed array each `type`/`bits` pair decodes to. Float has no 8- or 16-bit form. */
export interface TimeSeriesArrayMap {
  Float: { 32: Float32Array; 64: Float64Array };
  Signed: { 8: Int8Array; 16: Int16Array; 32: Int32Array; 64: BigInt64Array };
  Unsigned: { 8: Uint8Array; 16: Uint16Array; 32: Uint32Array; 64: BigUint64Array };
}

/** The typed array for one `type`/`bits` pair, e.g. `TimeSeriesArrayOf<'Float', 64>` is `Float64Array`. */
export type TimeSeriesArrayOf<
  T extends SeriesType,
  B extends keyof TimeSeriesArrayMap[T],
> = TimeSeriesArrayMap[T][B];

/** Any decoded time-series array. */
export type TimeSeriesArray = {
  [T in SeriesType]: TimeSeriesArrayMap[T][keyof TimeSeriesArrayMap[T]];
}[SeriesType];

/** A scalar result variable (decoded and raw have the same shape). */
export interface ScalarVariable {
  name: string;
  unit?: string;
  value: number;
}

/** A time-series variable as the API sends it: `value` is base64+zlib (`format=binary`) or numbers (`format=list`). */
export interface RawTimeSeriesVariable {
  name: string;
  unit?: string;
  samplingRate?: string;
  /** `Float`, `Signed` or `Unsigned`, case-insensitive. */
  type: string;
  /** 8, 16, 32 or 64 (a numeric string is accepted too, as the official decoder does). */
  bits: number | string;
  value: string | readonly number[];
}

/** One item of a results body's `variables` array, before decoding. */
export type RawVariable = ScalarVariable | RawTimeSeriesVariable;

/** What every decoded time series has besides its values. */
export interface TimeSeriesFields {
  name: string;
  unit?: string;
  /** E.g. `"0.2Hz"`; absent on irregular (beat-to-beat) series. See `parseSamplingRate`. */
  samplingRate?: string;
}

/** The decoded series of one type, one member per bit width. */
export type SeriesOfType<T extends SeriesType> = {
  [B in keyof TimeSeriesArrayMap[T]]: TimeSeriesFields & {
    type: T;
    bits: B;
    values: TimeSeriesArrayMap[T][B];
  };
}[keyof TimeSeriesArrayMap[T]];

/** Every shape a decoded time series can have: one member per series type and bit width. */
export type AnyTimeSeriesVariable = { [T in SeriesType]: SeriesOfType<T> }[SeriesType];

/**
 * A decoded time series. A union discriminated by `type` and `bits`, so checking both narrows `values`;
 * `TimeSeriesVariable<Float64Array>` selects the members whose values are a `Float64Array`.
 *
 * `values` always owns its whole `ArrayBuffer` (byteOffset 0), in host byte order.
 */
export type TimeSeriesVariable<A extends TimeSeriesArray = TimeSeriesArray> = Extract<
  AnyTimeSeriesVariable,
  { values: A }
>;

/** One item of a decoded `variables` array. */
export type DecodedVariable = ScalarVariable | TimeSeriesVariable;

/** A `variables` array with its series decoded. */
export type DecodedVariableList<V> = V extends readonly unknown[] ? DecodedVariable[] : V;

/** One `measurements[]` item with its `variables` decoded. */
export type WithDecodedVariables<E> = E extends object
  ? { [K in keyof E]: K extends 'variables' ? DecodedVariableList<E[K]> : E[K] }
  : E;

/** A `measurements` array with the `variables` of each item decoded. */
export type DecodedMeasurementList<M> = M extends readonly (infer E)[] ? WithDecodedVariables<E>[] : M;

/**
 * A results body with its `variables` decoded: at the top level (measurement and lap results)
 * or inside each `measurements[]` item (session and session-lap results). Every other field is kept.
 */
export type Decoded<T> = {
  [K in keyof T]: K extends 'variables'
    ? DecodedVariableList<T[K]>
    : K extends 'measurements'
      ? DecodedMeasurementList<T[K]>
      : T[K];
};

export type MaybePromise<T> = T | Promise<T>;
