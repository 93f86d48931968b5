import type { Rng } from '../data/prng';
import type { OperationName } from './router';

/**
 * Seeded fault injection. For each request that passed auth and limits, a fault happens with
 * probability `rate`; its kind is drawn by weight among the kinds that can apply to that request.
 *
 * - '500' | '502' | '503' | '504': a gateway-style error answer instead of the real one
 * - 'reset': the connection drops; `fetch` rejects with a TypeError (the node server destroys the socket)
 * - 'latency': the answer is delayed by `latencyMs` on the fake's clock, then served normally
 * - 'truncate': the JSON body is cut in the middle (before any Content-Encoding)
 * - 'corrupt': one binary time-series `value` is damaged so zlib or the length check fails
 *   (results endpoints with format=binary only)
 */
export type FaultKind = '500' | '502' | '503' | '504' | 'reset' | 'latency' | 'truncate' | 'corrupt';

export const FAULT_KINDS: readonly FaultKind[] = [
  '500',
  '502',
  '503',
  '504',
  'reset',
  'latency',
  'truncate',
  'corrupt',
];

export interface FaultProfile {
  /** Probability in [0, 1] that a request gets a fault. Default 0. */
  rate?: number;
  /** Relative weights of the kinds; kinds left out get weight 0. Default: all kinds weight 1. */
  kinds?: Partial<Record<FaultKind, number>>;
  /** Delay of the 'latency' fault. Default 1000 ms. */
  latencyMs?: number;
}

export interface FaultOptions extends FaultProfile {
  /** Per-operation overrides; each field falls back to the global one. */
  routes?: Partial<Record<OperationName, FaultProfile>>;
}

export interface FaultDecision {
  kind: FaultKind;
  latencyMs: number;
}

export class FaultInjector {
  constructor(
    private readonly options: FaultOptions,
    private readonly rng: Rng,
  ) {}

  /** Draw a fault for a request, among the kinds that can apply to it. */
  decide(operation: OperationName, applicable: readonly FaultKind[]): FaultDecision | undefined {
    const route = this.options.routes?.[operation] ?? {};
    const rate = route.rate ?? this.options.rate ?? 0;
    if (rate <= 0) return undefined;
    if (this.rng.next() >= rate) return undefined;
    const weights = route.kinds ?? this.options.kinds;
    const candidates = applicable
      .map((kind) => ({ kind, weight: weights ? (weights[kind] ?? 0) : 1 }))
      .filter((c) => c.weight > 0);
    const total = candidates.reduce((sum, c) => sum + c.weight, 0);
    if (total === 0) return undefined;
    let roll = this.rng.next() * total;
    // Float dust can leave roll ≥ 0 after the last weight: that draw belongs to the last kind.
    let chosen = candidates[candidates.length - 1]!;
    for (const c of candidates) {
      roll -= c.weight;
      if (roll < 0) {
        chosen = c;
        break;
      }
    }
    return { kind: chosen.kind, latencyMs: route.latencyMs ?? this.options.latencyMs ?? 1000 };
  }
}
