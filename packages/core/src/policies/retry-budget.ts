/**
 * A per-client budget for retries (the AWS SDK's retry quota): each retry spends tokens, each
 * success earns one back. When a dependency is down, retries stop after the budget is spent
 * instead of multiplying the load — a bad minute cannot become a retry storm.
 */
export class RetryBudget {
  #tokens: number;

  constructor(
    readonly capacity = 500,
    readonly retryCost = 5,
    readonly timeoutCost = 10,
  ) {
    this.#tokens = capacity;
  }

  get available(): number {
    return this.#tokens;
  }

  /** Takes the cost of one retry; false when the budget cannot pay for it. */
  trySpend(kind: 'retry' | 'timeout'): boolean {
    const cost = kind === 'timeout' ? this.timeoutCost : this.retryCost;
    if (this.#tokens < cost) return false;
    this.#tokens -= cost;
    return true;
  }

  recordSuccess(): void {
    this.#tokens = Math.min(this.capacity, this.#tokens + 1);
  }
}
