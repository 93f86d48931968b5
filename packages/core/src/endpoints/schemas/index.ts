export { parseResponse } from '../parse';
export * from './accounts';
export * from './activities';
export * from './people';
export {
  type KnownMeasurementType,
  MEASUREMENT_TYPES,
  type MeasurementType,
} from './primitives';
export * from './results';
export * from './teams';
