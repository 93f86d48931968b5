/**
 * Wire shapes of the Sports Cloud API (spec 1.1.0 §5). Optional fields are left out, never null,
 * as the real API does.
 */

export type MeasurementType = 'exercise' | 'quickRecoveryTest' | 'night' | 'manual';
export type SeriesType = 'Float' | 'Signed' | 'Unsigned';
export type SeriesBits = 8 | 16 | 32 | 64;

export interface Account {
  accountId: string;
  name: string;
  authorizedBy: { coachId: number };
}

export interface Athlete {
  athleteId: number;
  firstName: string;
  lastName: string;
  email?: string;
}

export interface Coach {
  coachId: number;
  firstName: string;
  lastName: string;
  email?: string;
}

export interface Group {
  groupId: number;
  name: string;
  athleteIds: number[];
}

export interface Team {
  teamId: number;
  name: string;
  athleteIds: number[];
  groups: Group[];
}

export interface TimeRange {
  startTime: string;
  startTimeLocal: string;
  endTime: string;
  endTimeLocal: string;
}

export interface MeasurementLap extends TimeRange {
  lapId: number;
  name: string;
}

export interface SessionLap extends MeasurementLap {
  athleteIds: number[];
}

export interface AthleteMeasurement extends TimeRange {
  measurementId: number;
  athleteId: number;
  /** 0 when the measurement belongs to no session. */
  sessionId: number;
  measurementType: MeasurementType;
  exerciseType?: string;
  sportsType?: string;
  eventType?: string;
  notes?: string;
  /** Sent only with includeLaps=true. */
  laps?: MeasurementLap[];
}

export interface Session extends TimeRange {
  sessionId: number;
  coachId: number;
  sessionType?: string;
  sportsType?: string;
  eventType?: string;
  notes?: string;
  athleteIds: number[];
  /** Sent only with includeLaps=true. */
  laps?: SessionLap[];
}

export interface ScalarVariable {
  name: string;
  unit?: string;
  value: number;
}

export interface TimeSeriesVariable {
  name: string;
  unit?: string;
  /** Absent on the irregular RR series. */
  samplingRate?: string;
  type: SeriesType;
  bits: SeriesBits;
  /** Base64(zlib(big-endian packed)) in binary format; plain numbers with format=list. */
  value: string | number[];
}

export type ResultVariable = ScalarVariable | TimeSeriesVariable;

interface ResultDescriptors {
  exerciseType?: string;
  sportsType?: string;
  eventType?: string;
  notes?: string;
  variables: ResultVariable[];
}

export interface AthleteMeasurementResults extends TimeRange, ResultDescriptors {
  athleteId: number;
  measurementId: number;
  sessionId: number;
  measurementType: MeasurementType;
}

export interface AthleteMeasurementLapResults extends AthleteMeasurementResults {
  lapId: number;
  name: string;
}

export interface SessionMeasurementResults extends TimeRange, ResultDescriptors {
  athleteId: number;
  sessionId: number;
  measurementId: number;
}

export interface SessionLapMeasurementResults extends SessionMeasurementResults {
  lapId: number;
  name: string;
}
