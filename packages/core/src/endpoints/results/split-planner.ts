import { type Outlook, priorEntryBytes, type Scenario } from './size-estimates';

/**
 * Plans how to split a results request from the sizes it may have (an Outlook of remembered
 * scenarios): how many parts, which variables in each, and whether to send the safest part first.
 */

/** Relative error of a size prediction from one remembered response (the soft edge of "over the limit"). */
const PREDICTION_SPREAD = 0.08;

/** Chance that a body of about `bytes` exceeds `limit`: a soft step, as a prediction is not exact. */
function overChance(bytes: number, limit: number): number {
  if (bytes <= 0) return 0;
  const z = (bytes - limit) / (PREDICTION_SPREAD * bytes);
  return 1 / (1 + Math.exp(-1.7 * z));
}

/**
 * Requests a part of about `bytes` costs beyond its own when it is too large: the failed request, and
 * the parts it is then split into instead of it (at least 2).
 */
function overCost(bytes: number, limit: number): number {
  return Math.max(2, Math.ceil(bytes / (limit * 0.85)));
}
const MAX_PARTS = 64;

export interface PlanOptions {
  /** The request was answered 413: its body is known to exceed the limit. */
  readonly above?: boolean;
  /** Fewest parts to consider (2 after a 413). */
  readonly minParts?: number;
}

/** How to ask a set of names. */
export interface Plan {
  readonly parts: readonly (readonly string[])[];
  /**
   * Ask `parts[0]` first, then plan the rest from its size (see {@link afterPart}), instead of asking
   * every part at once.
   */
  readonly sequential: boolean;
  /** The scenarios the plan was made for (after a 413: those over the limit). */
  readonly outlook: Outlook;
}

/** Expected requests a plan that asks one part before the others must save to be preferred (latency). */
const SEQUENTIAL_PENALTY = 0.25;

/**
 * The parts to ask `outlook.names` in, with the fewest requests expected over the scenarios. Parts are
 * balanced by expected size (largest first into the lightest part); names keep their given order inside
 * a part. Two ways to ask them are weighed:
 *
 * - all at once: each part costs one request, plus `overCost` more times the chance it is too large
 *   (one part: the request as it is);
 * - the part least likely to be too large first, then the rest planned from its size: when the size of a
 *   subject cannot be told in advance (sessions of unknown athletes and length), one round trip more
 *   saves the 413s of parts planned for a typical subject.
 *
 * With `above`, only scenarios over the limit count (or, when none is, each scaled just over it); with
 * no scenario at all, the parts are balanced on `outlook.prior` (see `aboveLimit`) for a body just over
 * the limit.
 */
export function planParts(outlook: Outlook, limit: number, options: PlanOptions = {}): Plan {
  const { names } = outlook;
  const minParts = Math.min(Math.max(1, options.minParts ?? 1), names.length);
  const scenarios =
    options.above || (minParts > 1 && outlook.scenarios.length === 0)
      ? aboveLimit(outlook, limit)
      : outlook.scenarios;
  const given: Outlook = { ...outlook, scenarios };
  if (names.length <= 1 || scenarios.length === 0) {
    return { parts: [[...names]], sequential: false, outlook: given };
  }
  const weights = new Float64Array(names.length);
  let largest = 0;
  for (const s of scenarios) {
    for (let i = 0; i < names.length; i++) weights[i] = weights[i]! + s.sizes[i]! / scenarios.length;
    largest = Math.max(largest, s.total);
  }
  const order = names.map((_, i) => i).sort((a, b) => weights[b]! - weights[a]! || a - b);
  const bytesOf = (s: Scenario, bin: readonly number[]) => {
    let bytes = s.base;
    for (const i of bin) bytes += s.sizes[i]!;
    return bytes;
  };

  let best: { bins: number[][]; sequential: boolean; cost: number } | undefined;
  const consider = (bins: number[][], sequential: boolean, cost: number) => {
    if (!best || cost < best.cost - 1e-9) best = { bins, sequential, cost };
  };
  const maxParts = Math.min(names.length, MAX_PARTS, minParts + 2 + Math.ceil(largest / limit));
  for (let k = minParts; k <= maxParts; k++) {
    const bins = balance(order, weights, k);
    const risks = bins.map((bin) => {
      let extra = 0;
      for (const s of scenarios) {
        const bytes = bytesOf(s, bin);
        extra += overChance(bytes, limit) * overCost(bytes, limit);
      }
      return extra / scenarios.length;
    });
    consider(bins, false, bins.length + risks.reduce((a, b) => a + b, 0));
    if (bins.length < 2) continue;
    // The safest part first: if it is too large, everything is planned again knowing it; else the rest
    // is planned knowing the subject's size, and takes the parts it needs.
    let first = 0;
    risks.forEach((risk, i) => {
      if (risk < risks[first]!) first = i;
    });
    let cost = 0;
    for (const s of scenarios) {
      const chance = overChance(bytesOf(s, bins[first]!), limit);
      const rest = s.total - bytesOf(s, bins[first]!) + s.base;
      cost += 1 + chance * Math.max(2, needed(s.total, limit)) + (1 - chance) * needed(rest, limit);
    }
    const ordered = [bins[first]!, ...bins.filter((_, i) => i !== first)];
    consider(ordered, true, cost / scenarios.length + SEQUENTIAL_PENALTY);
  }
  const bins = best?.bins ?? [names.map((_, i) => i)];
  return {
    parts: bins.map((bin) => [...bin].sort((a, b) => a - b).map((i) => names[i]!)),
    sequential: best?.sequential ?? false,
    outlook: given,
  };
}

/** Parts a body of `bytes` needs when its size is known. */
function needed(bytes: number, limit: number): number {
  return Math.max(1, Math.ceil(bytes / (limit * 0.97)));
}

/**
 * The outlook of `rest` (names of `outlook`) once `asked` (other names of it) came back in `bytes`:
 * each scenario scaled by how much larger or smaller than it predicted the answer was — results of one
 * subject keep the proportions of their variables, so this tells the size of the rest closely.
 */
export function afterPart(
  outlook: Outlook,
  asked: readonly string[],
  bytes: number,
  rest: readonly string[],
): Outlook {
  const index = new Map(outlook.names.map((name, i) => [name, i]));
  const askedAt = asked.map((name) => index.get(name) ?? -1);
  const restAt = rest.map((name) => index.get(name) ?? -1);
  const scenarios = outlook.scenarios.map((s) => {
    let predicted = s.base;
    for (const i of askedAt) predicted += i >= 0 ? s.sizes[i]! : 0;
    const factor = predicted > 0 ? bytes / predicted : 1;
    const sizes = Float64Array.from(restAt, (i) => (i >= 0 ? s.sizes[i]! * factor : 0));
    let total = s.base * factor;
    for (const size of sizes) total += size;
    return { base: s.base * factor, sizes, total };
  });
  return {
    names: rest,
    scenarios,
    unknown: outlook.unknown.filter((name) => rest.includes(name)),
    prior: () => {
      const prior = outlook.prior();
      return Float64Array.from(restAt, (i) => (i >= 0 ? prior[i]! : Number.NaN));
    },
  };
}

/**
 * The outlook of `outlook.names` once asking `asked` (some of them) was too large: the scenarios in which
 * that part is over the limit, or when none is, every one scaled until it is just over.
 */
export function abovePart(outlook: Outlook, asked: readonly string[], limit: number): Outlook {
  const index = new Map(outlook.names.map((name, i) => [name, i]));
  const askedAt = asked.map((name) => index.get(name) ?? -1);
  const partOf = (s: Scenario) => {
    let bytes = s.base;
    for (const i of askedAt) bytes += i >= 0 ? s.sizes[i]! : 0;
    return bytes;
  };
  let scenarios = outlook.scenarios.filter((s) => partOf(s) > limit);
  if (scenarios.length === 0) {
    scenarios = outlook.scenarios.map((s) => scaled(s, (limit * 1.1) / Math.max(1, partOf(s))));
  }
  return { ...outlook, scenarios };
}

/** Chance that asking every name of `outlook` together is too large (`undefined`: nothing known). */
export function wholeOverChance(outlook: Outlook, limit: number): number | undefined {
  if (outlook.scenarios.length === 0 || outlook.unknown.length > 0) return undefined;
  let chance = 0;
  for (const s of outlook.scenarios) chance += overChance(s.total, limit);
  return chance / outlook.scenarios.length;
}

/**
 * The scenarios compatible with a 413: those over the limit, or when none is, every one scaled to just
 * over it; with none at all, one made of the per-entry sizes seen in other scopes, or else assumed
 * (scalars small, documented series by their sampling, others as large as the largest seen), scaled to
 * just over the limit.
 */
function aboveLimit(outlook: Outlook, limit: number): Scenario[] {
  const target = limit * 1.1;
  const usable = outlook.unknown.length === 0 ? outlook.scenarios : [];
  const over = usable.filter((s) => s.total > limit);
  if (over.length > 0) return over;
  if (usable.length > 0) return usable.map((s) => scaled(s, target / Math.max(1, s.total)));
  const prior = outlook.prior();
  let heaviest = 0;
  for (const w of prior) if (w > heaviest) heaviest = w;
  const sizes = new Float64Array(outlook.names.length);
  outlook.names.forEach((name, i) => {
    const known = prior[i]!;
    sizes[i] = Number.isNaN(known) ? priorEntryBytes(name, heaviest) : known;
  });
  let total = 0;
  for (const size of sizes) total += size;
  return [scaled({ base: 0, sizes, total }, target / Math.max(1, total))];
}

function scaled(s: Scenario, factor: number): Scenario {
  return { base: s.base * factor, sizes: s.sizes.map((x) => x * factor), total: s.total * factor };
}

/** `k` bins of indices: each in turn, heaviest first, into the lightest bin. */
function balance(order: readonly number[], weights: Float64Array, k: number): number[][] {
  const bins = Array.from({ length: k }, () => ({ items: [] as number[], load: 0 }));
  for (const i of order) {
    let lightest = bins[0]!;
    for (const bin of bins) {
      const lighter = bin.load < lightest.load;
      if (lighter || (bin.load === lightest.load && bin.items.length < lightest.items.length)) lightest = bin;
    }
    lightest.items.push(i);
    lightest.load += weights[i]!;
  }
  return bins.filter((bin) => bin.items.length > 0).map((bin) => bin.items);
}
