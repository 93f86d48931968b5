export { ExportOptionError } from './errors';
export { exportResults } from './export';
export { filterItem } from './filter';
export { type ItemsFromApiOptions, itemsFromApi } from './from-api';
export { DEFAULT_ROW_GROUP_SIZE, type ResolvedFilter, resolveFilter } from './options';
export { type NodeWritableLike, toWebWritable } from './output';
export { localOffsetMs } from './timing';
export {
  EXPORT_FORMATS,
  EXPORT_LAYOUTS,
  type ExportFilter,
  type ExportFormat,
  type ExportItem,
  type ExportLayout,
  type ExportOptions,
  type ExportOutput,
  type ExportStats,
  type TimeBound,
} from './types';
