export {
  type SportsCloudDiagnoseOptions,
  SportsCloudHealthIndicator,
  type SportsCloudHealthOptions,
} from './sports-cloud.health';
