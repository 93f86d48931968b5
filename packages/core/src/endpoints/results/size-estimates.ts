import { isObject } from '../../internal/is-object';
import type { ResultsFormat } from '../params';
import { DEFAULT_RESULT_SERIES, ON_REQUEST_RESULT_SERIES, RESULT_SCALARS } from '../variables';

/** Measurement and lap results (one athlete) or session and session-lap results (every athlete). */
export type ResultsKind = 'measurement' | 'session';

/** Recent responses remembered per operation and format: the spread of sizes a new request may have. */
const MAX_SAMPLES = 64;
const MAX_SCOPES = 64;
const MAX_NAMES = 2_000;
const MAX_REMEMBERED_SETS = 256;
/** Bytes per entry assumed for a scalar never seen (`{"name":"…","unit":"…","value":…},`). */
const SCALAR_PRIOR_BYTES = 64;

/**
 * Bytes per athlete an hour of each documented series takes before anything is learnt: its samples'
 * bytes (type and bits, sampling rate, §11.2; RR data at about 70 beats a minute) base64-encoded. Only
 * the proportions matter: they balance the first split of a request that was too large.
 */
const SERIES_PRIOR_BYTES: Readonly<Record<string, number>> = {
  heartRateSeries: 1_000,
  epocSeries: 7_700,
  energyConsumptionSeries: 1_900,
  trimpSeries: 7_700,
  heartRateSeries1s: 4_800,
  heartRatePercentageSeries: 3_800,
  trimpPerMinuteSeries: 7_700,
  rmssd1MinSeries: 640,
  vlfSeries: 38_400,
  lfSeries: 38_400,
  hfSeries: 38_400,
  artifactCorrectedRrVector: 44_800,
  rriSeries: 11_200,
  movementLoadAccumulationRate: 7_700,
  movementLoadSeries: 38_400,
  energyConsumptionRelativeFatSeries: 4_800,
  artifactPercentageSeries: 1_000,
};
const KNOWN_SCALARS = new Set(RESULT_SCALARS);
const KNOWN_SERIES = new Set([...DEFAULT_RESULT_SERIES, ...ON_REQUEST_RESULT_SERIES]);

/** A scalar of spec 1.1.0, or a name that does not look like a series (those end in `Series`/`Vector`). */
function isScalarName(name: string): boolean {
  if (KNOWN_SCALARS.has(name)) return true;
  return !KNOWN_SERIES.has(name) && !/(Series|Vector)(\d+s)?$/.test(name);
}

/**
 * Bytes per entry assumed for a variable never seen: scalars are small, the documented series are
 * weighted by their sampling, anything else is taken as heavy as `heaviest`.
 */
export function priorEntryBytes(name: string, heaviest: number): number {
  if (isScalarName(name)) return SCALAR_PRIOR_BYTES;
  return SERIES_PRIOR_BYTES[name] ?? Math.max(heaviest, 100 * SCALAR_PRIOR_BYTES);
}

/** One remembered response: what it was made of. */
interface Sample {
  /** Athlete entries (1 for measurement results). */
  readonly entries: number;
  /** Bytes of the body without any variable. */
  readonly base: number;
  /** Bytes of each variable (summed over the entries); a requested one that did not come back is 0. */
  readonly sizes: ReadonlyMap<string, number>;
}

/** One way the requested body may turn out: its base and each variable's bytes (aligned with `names`). */
export interface Scenario {
  readonly base: number;
  readonly sizes: Float64Array;
  readonly total: number;
}

/** What is known of the size of one request's body. */
export interface Outlook {
  readonly names: readonly string[];
  /** One per remembered response of the same operation and format, scaled to the request's athletes. */
  readonly scenarios: readonly Scenario[];
  /** Names of series never seen in this scope (their size is unknown: scenarios count them as 0). */
  readonly unknown: readonly string[];
  /** Per-entry bytes of each name from any scope (NaN when never seen anywhere): a prior for splitting. */
  readonly prior: () => Float64Array;
}

/**
 * Sizes of recent results responses, per operation and format, learnt from complete (possibly merged)
 * results: lets a request that would be too large be split before it is sent, and a request that
 * was too large be split along the sizes of its variables rather than their count.
 *
 * Each remembered response is one scenario of what a new request's body may weigh (sessions scaled by
 * their number of athletes when the caller gives the roster), so the share of scenarios over the limit
 * is the chance a request is. Recent responses count, not the largest ever seen: the estimate follows
 * the data instead of ratcheting up.
 */
export class SizeEstimates {
  readonly #scopes = new Map<string, { readonly kind: ResultsKind; readonly samples: Sample[] }>();
  /** Variable sets whose `format=list` response was too large (so `binary` is used straight away). */
  readonly #listTooLarge = new Set<string>();

  /**
   * Learns from a complete successful response of `scope` (the operation). `requested` is the `var` list
   * it was asked with (the default set when absent): a requested variable that did not come back counts
   * as seen with size 0.
   */
  record(
    scope: string,
    kind: ResultsKind,
    format: ResultsFormat,
    body: unknown,
    requested: readonly string[],
  ): boolean {
    const measured = measure(kind, body);
    if (!measured) return false;
    for (const name of requested) {
      if (measured.sizes.size >= MAX_NAMES) break;
      if (!measured.sizes.has(name)) measured.sizes.set(name, 0);
    }
    const key = `${scope}:${format}`;
    let samples = this.#scopes.get(key)?.samples;
    if (!samples) {
      if (this.#scopes.size >= MAX_SCOPES) {
        const oldest = this.#scopes.keys().next().value;
        if (oldest !== undefined) this.#scopes.delete(oldest);
      }
      samples = [];
      this.#scopes.set(key, { kind, samples });
    }
    samples.push(measured);
    if (samples.length > MAX_SAMPLES) samples.shift();
    return true;
  }

  /**
   * What is known of the size of asking `names` together in `scope`. `athletes`: the session's roster
   * size, when known (every remembered session is scaled to it); else sessions count as they came.
   */
  outlook(
    scope: string,
    kind: ResultsKind,
    format: ResultsFormat,
    names: readonly string[],
    athletes?: number,
  ): Outlook {
    const samples = this.#scopes.get(`${scope}:${format}`)?.samples ?? [];
    // Per-entry bytes of each name over the samples that have it: fills a name a sample lacks.
    const perEntry = new Float64Array(names.length).fill(Number.NaN);
    const unknown: string[] = [];
    names.forEach((name, i) => {
      let sum = 0;
      let count = 0;
      for (const s of samples) {
        const size = s.sizes.get(name);
        if (size === undefined || s.entries === 0) continue;
        sum += size / s.entries;
        count++;
      }
      if (count > 0) perEntry[i] = sum / count;
      else if (isScalarName(name)) perEntry[i] = SCALAR_PRIOR_BYTES;
      else unknown.push(name);
    });
    const scenarios: Scenario[] = [];
    for (const s of samples) {
      const scale = kind === 'session' && athletes !== undefined && s.entries > 0 ? athletes / s.entries : 1;
      const entries = kind === 'session' && athletes !== undefined ? athletes : s.entries;
      const sizes = new Float64Array(names.length);
      let total = s.base * scale;
      names.forEach((name, i) => {
        const known = s.sizes.get(name);
        const size = known !== undefined ? known * scale : (perEntry[i] || 0) * entries;
        sizes[i] = size;
        total += size;
      });
      scenarios.push({ base: s.base * scale, sizes, total });
    }
    return { names, scenarios, unknown, prior: () => this.#prior(kind, names) };
  }

  /** Mean per-entry bytes of each name over every remembered response (same kind first). */
  #prior(kind: ResultsKind, names: readonly string[]): Float64Array {
    const prior = new Float64Array(names.length);
    const sums = new Map<string, { sameKind: [number, number]; other: [number, number] }>();
    for (const name of names) sums.set(name, { sameKind: [0, 0], other: [0, 0] });
    for (const { kind: scopeKind, samples } of this.#scopes.values()) {
      const sameKind = scopeKind === kind;
      for (const s of samples) {
        if (s.entries === 0) continue;
        for (const [name, size] of s.sizes) {
          const sum = sums.get(name);
          if (!sum) continue;
          const into = sameKind ? sum.sameKind : sum.other;
          into[0] += size / s.entries;
          into[1]++;
        }
      }
    }
    names.forEach((name, i) => {
      const { sameKind, other } = sums.get(name)!;
      const [sum, count] = sameKind[1] > 0 ? sameKind : other;
      prior[i] = count > 0 ? sum / count : Number.NaN;
    });
    return prior;
  }

  /** Remembers that `format=list` was too large for this variable set (`undefined`: the default set). */
  markListTooLarge(scope: string, vars: readonly string[] | undefined): void {
    const key = setKey(scope, vars);
    this.#listTooLarge.delete(key);
    this.#listTooLarge.add(key);
    if (this.#listTooLarge.size > MAX_REMEMBERED_SETS) {
      const oldest = this.#listTooLarge.values().next().value;
      if (oldest !== undefined) this.#listTooLarge.delete(oldest);
    }
  }

  isListTooLarge(scope: string, vars: readonly string[] | undefined): boolean {
    return this.#listTooLarge.has(setKey(scope, vars));
  }
}

function setKey(scope: string, vars: readonly string[] | undefined): string {
  return `${scope}:${vars ? [...vars].sort().join(',') : '*'}`;
}

interface Measured {
  entries: number;
  base: number;
  sizes: Map<string, number>;
}

/** Sizes of a body's variables and of the rest of it, as UTF-8 JSON (one comma per array item). */
function measure(kind: ResultsKind, body: unknown): Measured | undefined {
  if (!isObject(body)) return undefined;
  const sizes = new Map<string, number>();
  const add = (variables: unknown): void => {
    if (!Array.isArray(variables)) return;
    for (const variable of variables) {
      const name = isObject(variable) ? variable.name : undefined;
      if (typeof name !== 'string') continue;
      if (!sizes.has(name) && sizes.size >= MAX_NAMES) continue;
      sizes.set(name, (sizes.get(name) ?? 0) + jsonBytes(variable) + 1);
    }
  };
  if (kind === 'measurement') {
    add(body.variables);
    return { entries: 1, base: jsonBytes({ ...body, variables: [] }), sizes };
  }
  const entries = Array.isArray(body.measurements) ? body.measurements : [];
  for (const entry of entries) if (isObject(entry)) add(entry.variables);
  const bare = entries.map((entry: unknown) => (isObject(entry) ? { ...entry, variables: [] } : entry));
  return { entries: entries.length, base: jsonBytes({ ...body, measurements: bare }), sizes };
}

/** Length in UTF-8 bytes of `value` as JSON. */
function jsonBytes(value: unknown): number {
  const text = JSON.stringify(value) ?? '';
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff) {
      // A surrogate pair: 2 UTF-16 units, 4 bytes.
      bytes += 2;
      i++;
    } else bytes += 2;
  }
  return bytes;
}
