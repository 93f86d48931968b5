// How much decoded data one body may produce. A results body is at most ~6 MB, yet zlib compresses a constant
// series about 1000:1, so without a cap a small hostile body decodes into gigabytes and blocks the event loop.
import { ConfigurationError, DecodeError, type DecodeLimitName } from '../errors';

/** Caps on the bytes time series decode to (client option `decodeLimits`, `decodeResults(body, { limits })`). */
export interface DecodeLimits {
  /** Most bytes one series may decode to. Default {@link DEFAULT_DECODE_LIMITS}`.maxSeriesBytes` (8 MiB). */
  readonly maxSeriesBytes?: number;
  /** Most bytes all series of one response may decode to together. Default 64 MiB. */
  readonly maxResponseBytes?: number;
}

/**
 * Defaults derived from the largest plausible series:
 * - the densest series are beat-to-beat (`artifactCorrectedRrVector`, Float/64, one value per beat; the regular
 *   series are at most 1 Hz). 240 beats/min — above any human heart rate — over 72 h (a multi-day night
 *   recording) is 240 × 60 × 72 = 1,036,800 values; 2^20 = 1,048,576 Float/64 values is **8 MiB** per series.
 *   (A 24 h recording at 1 Hz is 86,400 values = 0.7 MB; the same at 240 beats/min is 2.8 MB.)
 * - a full day with all 17 series is about 6 MB decoded (five 1 Hz Float/64 series 3.5 MB, the RR series
 *   0.9 MB at 60/min, ten 0.2 Hz series 1.4 MB); a response is at most 6 MB of base64 (4.5 MB of zlib), which
 *   real series inflate 1.7–2.1×. **64 MiB** per response is ten such full days, or 7× what a 6 MB body of
 *   real data holds.
 */
export const DEFAULT_DECODE_LIMITS: Readonly<Required<DecodeLimits>> = Object.freeze({
  maxSeriesBytes: 8 * 1024 * 1024,
  maxResponseBytes: 64 * 1024 * 1024,
});

/** Fills in defaults and checks user-supplied limits (a NaN would disable the guard). @internal */
export function resolveDecodeLimits(limits: DecodeLimits | undefined): Required<DecodeLimits> {
  const out = { ...DEFAULT_DECODE_LIMITS, ...definedOnly(limits) };
  for (const key of ['maxSeriesBytes', 'maxResponseBytes'] as const) {
    const value = out[key];
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new ConfigurationError(
        `decodeLimits.${key} must be a non-negative safe integer, got ${String(value)}`,
      );
    }
  }
  return out;
}

function definedOnly(limits: DecodeLimits | undefined): DecodeLimits {
  if (!limits) return {};
  return {
    ...(limits.maxSeriesBytes !== undefined ? { maxSeriesBytes: limits.maxSeriesBytes } : {}),
    ...(limits.maxResponseBytes !== undefined ? { maxResponseBytes: limits.maxResponseBytes } : {}),
  };
}

/**
 * The decoded bytes of one response, counted as they are produced. Kernels ask {@link room} before
 * inflating (to stop there) and {@link charge} what they produced; a charge past a limit throws a
 * non-retryable {@link DecodeError} naming the limit. @internal
 */
export class DecodeBudget {
  readonly maxSeriesBytes: number;
  readonly maxResponseBytes: number;
  #used = 0;

  constructor(limits: Required<DecodeLimits>) {
    this.maxSeriesBytes = limits.maxSeriesBytes;
    this.maxResponseBytes = limits.maxResponseBytes;
  }

  /** Bytes decoded so far. */
  get used(): number {
    return this.#used;
  }

  /** The most bytes the next series may decode to. */
  room(): number {
    return Math.max(0, Math.min(this.maxSeriesBytes, this.maxResponseBytes - this.#used));
  }

  /** Counts `bytes` more, `seriesBytes` so far for the current series; throws past either limit. */
  charge(bytes: number, seriesBytes: number): void {
    this.#used += bytes;
    if (seriesBytes > this.maxSeriesBytes)
      throw tooLarge('maxSeriesBytes', this.maxSeriesBytes, 'the series');
    if (this.#used > this.maxResponseBytes) {
      throw tooLarge('maxResponseBytes', this.maxResponseBytes, "the response's series together");
    }
  }
}

function tooLarge(limit: DecodeLimitName, bytes: number, what: string): DecodeError {
  return new DecodeError(
    `${what} decode to more than ${bytes} bytes (decodeLimits.${limit}); decoding stopped there. ` +
      'Raise the limit if this data is genuine',
    { retryable: false, limit },
  );
}

/** A budget without limits' validation, for the default limits (shared, immutable inputs). @internal */
export function defaultBudget(): DecodeBudget {
  return new DecodeBudget(DEFAULT_DECODE_LIMITS);
}
