import { ExportOptionError } from './errors';
import {
  EXPORT_FORMATS,
  EXPORT_LAYOUTS,
  type ExportFilter,
  type ExportFormat,
  type ExportLayout,
  type ExportOptions,
  type TimeBound,
} from './types';

/** Bounds on caller input: option lists are small in practice, and unbounded ones are a memory risk. */
const MAX_LIST = 100_000;
const MAX_VARIABLES = 1_000;
const MAX_NAME_LENGTH = 200;
/**
 * Default Parquet row group. The group being encoded is the writer's live peak, so smaller is leaner;
 * below this, per-group dictionaries and headers start to cost bytes (the wide layout's files double
 * at 9,000 rows).
 */
export const DEFAULT_ROW_GROUP_SIZE = 20_000;
const ROW_GROUP_RANGE = [1_000, 1_000_000] as const;

/** The filter with every list turned into a set and every bound into epoch milliseconds. */
export interface ResolvedFilter {
  accounts?: ReadonlySet<string>;
  athletes?: ReadonlySet<number>;
  /** Athletes of the selected teams (the union). */
  teamAthletes?: ReadonlySet<number>;
  fromMs?: number;
  toMs?: number;
  /** In the caller's order, without duplicates. */
  variables?: readonly string[];
}

export interface ResolvedOptions {
  format: ExportFormat;
  layout: ExportLayout;
  filter: ResolvedFilter;
  csvFormulaGuard: boolean;
  /** `undefined`: {@link DEFAULT_ROW_GROUP_SIZE}. */
  rowGroupSize?: number;
  signal?: AbortSignal;
}

/** Checks every option and throws an {@link ExportOptionError} naming the first wrong one. */
export function resolveOptions(options: ExportOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) {
    throw new ExportOptionError('options', 'must be an object with `format` and `layout`');
  }
  const format = oneOf('format', options.format, EXPORT_FORMATS);
  const layout = oneOf('layout', options.layout, EXPORT_LAYOUTS);
  const csvFormulaGuard = options.csvFormulaGuard ?? true;
  if (typeof csvFormulaGuard !== 'boolean') {
    throw new ExportOptionError('csvFormulaGuard', `must be a boolean, got ${describe(csvFormulaGuard)}`);
  }
  const rowGroupSize = options.rowGroupSize;
  const [minGroup, maxGroup] = ROW_GROUP_RANGE;
  if (
    rowGroupSize !== undefined &&
    (!Number.isInteger(rowGroupSize) || rowGroupSize < minGroup || rowGroupSize > maxGroup)
  ) {
    throw new ExportOptionError(
      'rowGroupSize',
      `must be an integer from ${minGroup} to ${maxGroup}, got ${describe(rowGroupSize)}`,
    );
  }
  const resolved: ResolvedOptions = {
    format,
    layout,
    filter: resolveFilter(options.filter ?? {}),
    csvFormulaGuard,
  };
  if (rowGroupSize !== undefined) resolved.rowGroupSize = rowGroupSize;
  if (options.signal !== undefined) resolved.signal = options.signal;
  return resolved;
}

export function resolveFilter(filter: ExportFilter): ResolvedFilter {
  if (typeof filter !== 'object' || filter === null) {
    throw new ExportOptionError('filter', `must be an object, got ${describe(filter)}`);
  }
  const out: ResolvedFilter = {};
  if (filter.accounts !== undefined) {
    out.accounts = new Set(list('filter.accounts', filter.accounts, MAX_LIST, isName));
  }
  if (filter.athletes !== undefined) {
    out.athletes = new Set(list('filter.athletes', filter.athletes, MAX_LIST, isId));
  }
  if (filter.teams !== undefined) {
    out.teamAthletes = teamAthletes(list('filter.teams', filter.teams, MAX_LIST, isName), filter.teamMembers);
  }
  if (filter.from !== undefined) out.fromMs = timeBound('filter.from', filter.from);
  if (filter.to !== undefined) out.toMs = timeBound('filter.to', filter.to);
  if (out.fromMs !== undefined && out.toMs !== undefined && out.fromMs >= out.toMs) {
    throw new ExportOptionError(
      'filter.to',
      `must be after filter.from (${new Date(out.fromMs).toISOString()}), got ${new Date(out.toMs).toISOString()}`,
    );
  }
  if (filter.variables !== undefined) {
    const names = list('filter.variables', filter.variables, MAX_VARIABLES, isName);
    if (names.length === 0)
      throw new ExportOptionError('filter.variables', 'must name at least one variable');
    out.variables = [...new Set(names)];
  }
  return out;
}

function teamAthletes(teams: readonly string[], members: ExportFilter['teamMembers']): Set<number> {
  if (members === undefined) {
    throw new ExportOptionError(
      'filter.teams',
      'a results item carries no team: pass filter.teamMembers, or let the storage query apply the team filter',
    );
  }
  const lookup = (team: string) =>
    members instanceof Map ? members.get(team) : (members as Record<string, readonly number[]>)[team];
  const athletes = new Set<number>();
  for (const team of teams) {
    const ids = lookup(team);
    if (ids === undefined)
      throw new ExportOptionError('filter.teamMembers', `has no entry for team ${JSON.stringify(team)}`);
    for (const id of list(`filter.teamMembers[${JSON.stringify(team)}]`, ids, MAX_LIST, isId))
      athletes.add(id);
  }
  return athletes;
}

function oneOf<T extends string>(option: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new ExportOptionError(option, `must be one of ${allowed.join(', ')}; got ${describe(value)}`);
}

function list<T>(option: string, value: unknown, max: number, valid: (item: unknown) => item is T): T[] {
  if (!Array.isArray(value)) throw new ExportOptionError(option, `must be an array, got ${describe(value)}`);
  if (value.length > max) throw new ExportOptionError(option, `has ${value.length} entries; at most ${max}`);
  for (const [i, item] of value.entries()) {
    if (!valid(item)) throw new ExportOptionError(option, `entry ${i} is not valid: ${describe(item)}`);
  }
  return value as T[];
}

function isName(item: unknown): item is string {
  return typeof item === 'string' && item.length > 0 && item.length <= MAX_NAME_LENGTH;
}

function isId(item: unknown): item is number {
  return Number.isSafeInteger(item);
}

function timeBound(option: string, value: TimeBound): number {
  const ms =
    value instanceof Date
      ? value.getTime()
      : typeof value === 'string'
        ? Date.parse(value)
        : (value as unknown);
  if (typeof ms !== 'number' || !Number.isFinite(ms)) {
    throw new ExportOptionError(option, `is not a valid time: ${describe(value)}`);
  }
  return ms;
}

function describe(value: unknown): string {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (typeof value === 'bigint') return `${value}n`;
  const json = JSON.stringify(value);
  if (json === undefined) return typeof value;
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}
