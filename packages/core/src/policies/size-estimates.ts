import type { ResultsFormat } from '../endpoints/params';

/** Measurement and lap results (one athlete) or session and session-lap results (every athlete). */
export type ResultsKind = 'measurement' | 'session';

/** What a part's estimate is made of: every variable's size and what the body adds around them. */
export interface SizeEstimate {
  /** Bytes of the body without any variable (ids, times, labels; per measurement for sessions). */
  readonly base: number;
  /** Bytes of each variable entry (summed over the athletes of a session). */
  readonly sizes: ReadonlyMap<string, number>;
  /** `base` plus every size. */
  readonly total: number;
}

const MAX_NAMES = 2_000;
const MAX_REMEMBERED_SETS = 256;

/**
 * The largest serialised size seen for each result variable, per endpoint kind and format, learnt from
 * successful results responses. Lets a request that would be too large be split before it is sent,
 * instead of after a failing 413. Estimates only grow: they are upper bounds of what was seen, and a
 * session's are sums over its athletes, so they carry over to other sessions only roughly.
 */
export class SizeEstimates {
  readonly #sizes = new Map<string, Map<string, number>>();
  readonly #bases = new Map<string, number>();
  /** Variable sets whose `format=list` response was too large (so `binary` is used straight away). */
  readonly #listTooLarge = new Set<string>();

  /**
   * Learns from a successful response. `requested` is the `var` list it was asked with (the default set
   * when absent): a requested variable that did not come back counts as seen with size 0.
   */
  record(kind: ResultsKind, format: ResultsFormat, body: unknown, requested: readonly string[]): void {
    const measured = measure(kind, body);
    if (!measured) return;
    const key = `${kind}:${format}`;
    let sizes = this.#sizes.get(key);
    if (!sizes) {
      sizes = new Map();
      this.#sizes.set(key, sizes);
    }
    for (const name of requested) if (!measured.sizes.has(name)) measured.sizes.set(name, 0);
    for (const [name, size] of measured.sizes) {
      const known = sizes.get(name);
      if (known === undefined && sizes.size >= MAX_NAMES) continue;
      if (known === undefined || size > known) sizes.set(name, size);
    }
    this.#bases.set(key, Math.max(this.#bases.get(key) ?? 0, measured.base));
  }

  /** The estimate for asking `vars` together, or `undefined` when any of them was never seen. */
  estimate(kind: ResultsKind, format: ResultsFormat, vars: readonly string[]): SizeEstimate | undefined {
    const key = `${kind}:${format}`;
    const known = this.#sizes.get(key);
    const base = this.#bases.get(key);
    if (!known || base === undefined) return undefined;
    const sizes = new Map<string, number>();
    let total = base;
    for (const name of vars) {
      const size = known.get(name);
      if (size === undefined) return undefined;
      sizes.set(name, size);
      total += size;
    }
    return { base, sizes, total };
  }

  /** Remembers that `format=list` was too large for this variable set (`undefined`: the default set). */
  markListTooLarge(kind: ResultsKind, vars: readonly string[] | undefined): void {
    const key = setKey(kind, vars);
    this.#listTooLarge.delete(key);
    this.#listTooLarge.add(key);
    if (this.#listTooLarge.size > MAX_REMEMBERED_SETS) {
      const oldest = this.#listTooLarge.values().next().value;
      if (oldest !== undefined) this.#listTooLarge.delete(oldest);
    }
  }

  isListTooLarge(kind: ResultsKind, vars: readonly string[] | undefined): boolean {
    return this.#listTooLarge.has(setKey(kind, vars));
  }
}

function setKey(kind: ResultsKind, vars: readonly string[] | undefined): string {
  return `${kind}:${vars ? [...vars].sort().join(',') : '*'}`;
}

/**
 * Packs variables into as few parts as possible with each part's estimate (base + its sizes) within
 * `budget`: first fit, largest first. A variable larger than the budget on its own gets a part of its own.
 * Variables keep their given order inside a part. Returns one part when everything fits together, and
 * `undefined` when nothing can fit (the base alone exceeds the budget).
 */
export function packVariables(
  vars: readonly string[],
  estimate: SizeEstimate,
  budget: number,
): string[][] | undefined {
  const room = budget - estimate.base;
  if (room <= 0) return undefined;
  const sizeOf = (name: string) => estimate.sizes.get(name) ?? 0;
  const bySize = [...vars].sort((a, b) => sizeOf(b) - sizeOf(a));
  const bins: { names: Set<string>; free: number }[] = [];
  for (const name of bySize) {
    const size = sizeOf(name);
    const bin = bins.find((b) => b.free >= size);
    if (bin) {
      bin.names.add(name);
      bin.free -= size;
    } else {
      bins.push({ names: new Set([name]), free: room - size });
    }
  }
  return bins.map((bin) => vars.filter((name) => bin.names.has(name)));
}

interface Measured {
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
      sizes.set(name, (sizes.get(name) ?? 0) + jsonBytes(variable) + 1);
    }
  };
  if (kind === 'measurement') {
    add(body.variables);
    return { base: jsonBytes({ ...body, variables: [] }), sizes };
  }
  const entries = Array.isArray(body.measurements) ? body.measurements : [];
  for (const entry of entries) if (isObject(entry)) add(entry.variables);
  const bare = entries.map((entry: unknown) => (isObject(entry) ? { ...entry, variables: [] } : entry));
  return { base: jsonBytes({ ...body, measurements: bare }), sizes };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Length in UTF-8 bytes of `value` as JSON. */
export function jsonBytes(value: unknown): number {
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
