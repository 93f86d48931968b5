import type { FakeSportsCloud } from '@sportscloud/test-utils';

export declare const HARNESS_LIMITS: { rate: number; burst: number; dailyQuota: number };
export declare function startHarness(options?: {
  limits?: { rate?: number; burst?: number; dailyQuota?: number };
}): Promise<{ url: string; origin: string; fake: FakeSportsCloud; close(): Promise<void> }>;
