/**
 * Deterministic randomness. The fake never calls Math.random: every value comes from a mulberry32
 * stream whose seed is derived from the fake's seed plus a key (e.g. a measurement id and a variable
 * name), so a value can be recomputed in isolation and stays identical across requests and runs.
 */

export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max] (both inclusive). */
  int(min: number, max: number): number;
  /** Uniform float in [min, max). */
  float(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** A new array with the items in random order (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[];
  /** Approximately normal (Irwin–Hall of 4 uniforms), mean 0, standard deviation 1. */
  gauss(): number;
}

export function mulberry32(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng: Rng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    float: (min, max) => min + next() * (max - min),
    chance: (p) => next() < p,
    pick: (items) => {
      if (items.length === 0) throw new RangeError('pick() from an empty list');
      return items[Math.floor(next() * items.length)] as (typeof items)[number];
    },
    shuffle: (items) => {
      const out = [...items];
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [out[i], out[j]] = [out[j] as (typeof out)[number], out[i] as (typeof out)[number]];
      }
      return out;
    },
    // Sum of 4 uniforms has variance 4/12; scale to unit variance.
    gauss: () => (next() + next() + next() + next() - 2) * Math.sqrt(3),
  };
  return rng;
}

/** FNV-1a over the seed and the key parts: a stable 32-bit seed for a keyed stream. */
function hashKey(seed: number, ...parts: ReadonlyArray<string | number>): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  const text = parts.join('\u0000');
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A stream keyed by (seed, ...parts): the same key always yields the same sequence. */
export function keyedRng(seed: number, ...parts: ReadonlyArray<string | number>): Rng {
  return mulberry32(hashKey(seed, ...parts));
}

/** An RFC 4122 version-4-shaped UUID drawn from the stream (deterministic, not random). */
export function uuidFrom(rng: Rng): string {
  const hex = Array.from({ length: 32 }, () => rng.int(0, 15).toString(16));
  hex[12] = '4';
  hex[16] = (8 + rng.int(0, 3)).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** An API-key-like token (the spec's example is 40 alphanumerics). */
export function tokenFrom(rng: Rng, length = 40): string {
  return Array.from({ length }, () => ALNUM.charAt(rng.int(0, ALNUM.length - 1))).join('');
}
