import { describe, expect, it } from 'vitest';
import { RetryBudget } from '../../src/policies/retry-budget';

describe('RetryBudget', () => {
  it('starts full: 500 tokens, a retry costs 5 and a timeout 10', () => {
    const budget = new RetryBudget();
    expect([budget.capacity, budget.retryCost, budget.timeoutCost, budget.available]).toEqual([
      500, 5, 10, 500,
    ]);
    expect(budget.trySpend('retry')).toBe(true);
    expect(budget.available).toBe(495);
    expect(budget.trySpend('timeout')).toBe(true);
    expect(budget.available).toBe(485);
  });

  it('pays while the tokens cover the cost exactly, and refuses without spending below it', () => {
    const budget = new RetryBudget(15, 5, 10);
    expect(budget.trySpend('timeout')).toBe(true);
    expect(budget.available).toBe(5);
    expect(budget.trySpend('timeout')).toBe(false);
    expect(budget.available).toBe(5);
    expect(budget.trySpend('retry')).toBe(true);
    expect(budget.available).toBe(0);
    expect(budget.trySpend('retry')).toBe(false);
    expect(budget.available).toBe(0);
  });

  it('each success earns one token back, never above the capacity', () => {
    const budget = new RetryBudget(12, 5, 10);
    budget.trySpend('timeout');
    budget.recordSuccess();
    expect(budget.available).toBe(3);
    for (let i = 0; i < 20; i++) budget.recordSuccess();
    expect(budget.available).toBe(12);
    expect(budget.trySpend('timeout')).toBe(true);
    expect(budget.trySpend('retry')).toBe(false);
    budget.recordSuccess();
    budget.recordSuccess();
    budget.recordSuccess();
    expect(budget.trySpend('retry')).toBe(true);
  });
});
