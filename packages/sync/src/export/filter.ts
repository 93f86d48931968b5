import type { ResolvedFilter } from './options';
import type { ExportItem } from './types';

/**
 * Applies the filters that an item can answer by itself: accounts, athletes, teams (through their
 * members), the start-time range and the variable names. Returns `undefined` when the item is out.
 * A storage that can apply a filter in its query should still pass it here: applying it twice is cheap.
 */
export function filterItem(item: ExportItem, filter: ResolvedFilter): ExportItem | undefined {
  if (filter.accounts && !filter.accounts.has(item.accountId)) return undefined;
  if (filter.athletes && !filter.athletes.has(item.athleteId)) return undefined;
  if (filter.teamAthletes && !filter.teamAthletes.has(item.athleteId)) return undefined;
  if (filter.fromMs !== undefined || filter.toMs !== undefined) {
    const start = Date.parse(item.startTime);
    if (!Number.isFinite(start)) return undefined;
    if (filter.fromMs !== undefined && start < filter.fromMs) return undefined;
    if (filter.toMs !== undefined && start >= filter.toMs) return undefined;
  }
  if (filter.variables) {
    const keep = new Set(filter.variables);
    return { ...item, variables: item.variables.filter((v) => keep.has(v.name)) };
  }
  return item;
}
