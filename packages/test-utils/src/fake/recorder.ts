import type { FaultKind } from './faults';
import type { OperationName } from './router';

export interface RequestLogEntry {
  /** Fake clock time the request arrived (epoch ms). */
  time: number;
  method: string;
  /** Path after `/v1`, with the query string. */
  path: string;
  operation?: OperationName;
  /** HTTP status; 0 when the connection was reset. */
  status: number;
  fault?: FaultKind;
}

export interface FakeStats {
  total: number;
  /** Keyed by status code ("200", "429", …); resets count under "reset". */
  byStatus: Record<string, number>;
  /** 429s by cause: burst = ThrottledException, daily = LimitExceededException. */
  throttled: { burst: number; daily: number };
  /** Faults that took effect, by kind. */
  faults: Partial<Record<FaultKind, number>>;
}

/** Request log and counters (requests to `/__fake/*` are not recorded). */
export class Recorder {
  readonly log: RequestLogEntry[] = [];
  private counts: FakeStats = Recorder.empty();

  private static empty(): FakeStats {
    return { total: 0, byStatus: {}, throttled: { burst: 0, daily: 0 }, faults: {} };
  }

  record(entry: RequestLogEntry, throttled?: 'burst' | 'daily'): void {
    this.log.push(entry);
    const c = this.counts;
    c.total++;
    const key = entry.status === 0 ? 'reset' : String(entry.status);
    c.byStatus[key] = (c.byStatus[key] ?? 0) + 1;
    if (throttled) c.throttled[throttled]++;
    if (entry.fault) c.faults[entry.fault] = (c.faults[entry.fault] ?? 0) + 1;
  }

  stats(): FakeStats {
    return structuredClone(this.counts);
  }

  reset(): void {
    this.log.length = 0;
    this.counts = Recorder.empty();
  }
}
