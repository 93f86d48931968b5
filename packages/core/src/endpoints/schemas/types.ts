// The response bodies as plain TypeScript, so core's public types do not import zod (checking zod's
// schema types costs every consumer type-check time). test/endpoints/schema-types.test.ts asserts each
// one equals `z.output` of its schema, so they cannot drift apart.

/** The four measurement types of spec 1.1.0. */
export const MEASUREMENT_TYPES = ['exercise', 'quickRecoveryTest', 'night', 'manual'] as const;
export type KnownMeasurementType = (typeof MEASUREMENT_TYPES)[number];
/** A measurement type: one of the documented four, or a newer one the API added since (kept, not rejected). */
export type MeasurementType = KnownMeasurementType | (string & {});

/** Fields the API adds later are kept: every body type is open. */
interface Open {
  [key: string]: unknown;
}

/**
 * Start and end times, UTC and local, as ISO 8601 strings: `…Time` fields are UTC, `…TimeLocal` fields
 * carry the local offset (kept as strings, so the offset is not lost).
 */
export interface TimeSpan {
  startTime?: string | undefined;
  startTimeLocal?: string | undefined;
  endTime?: string | undefined;
  endTimeLocal?: string | undefined;
}

/** Titles and categories shared by measurements, sessions and their results. */
export interface ActivityLabels {
  sportsType?: string | undefined;
  eventType?: string | undefined;
  notes?: string | undefined;
}

/** A customer account the API consumer may read. `accountId` looks like `"1-1"` or `"3-12345"`. */
export interface Account extends Open {
  accountId: string;
  name?: string | undefined;
  /** The coach who granted this consumer access (examples show `0`). */
  authorizedBy?: AuthorizedBy | undefined;
}

/** The coach who granted a consumer access to an account. */
export interface AuthorizedBy extends Open {
  coachId?: number | undefined;
}

/** `GET /sports/accounts`. Not paginated; an empty list means no account has granted access yet. */
export interface AccountsResponse extends Open {
  accounts: Account[];
}

/** `POST /account/register`: the consumer id and its shared secret (shown only once). */
export interface RegisterResponse extends Open {
  id: string;
  consumerName?: string | undefined;
  sharedSecret: string;
}

/** `GET /account/api-key`, normalised to `{ apiKey }` (real responses spell it `apikey`). */
export interface ApiKey extends Open {
  apiKey: string;
}
/** Alias of {@link ApiKey}. */
export type ApiKeyResponse = ApiKey;

/** `GET /account/new-secret`: the new secret, not active until confirmed. */
export interface SharedSecret extends Open {
  sharedSecret: string;
}

interface Person {
  firstName?: string | undefined;
  lastName?: string | undefined;
  email?: string | undefined;
}

export interface Athlete extends Person, Open {
  athleteId: number;
}

export interface Coach extends Person, Open {
  coachId: number;
}

export interface Group extends Open {
  groupId: number;
  name?: string | undefined;
  athleteIds?: number[] | undefined;
}

/** A team with its groups. A group id can be used wherever a `teamId` is expected. */
export interface Team extends Open {
  teamId: number;
  name?: string | undefined;
  athleteIds?: number[] | undefined;
  groups?: Group[] | undefined;
}

/** A lap of a measurement (present only when listed with `includeLaps: true`). */
export interface MeasurementLap extends TimeSpan, Open {
  lapId: number;
  name?: string | undefined;
}

/** A lap of a session: as a measurement lap, plus the athletes in it. */
export interface SessionLap extends MeasurementLap {
  athleteIds?: number[] | undefined;
}

/**
 * One measurement of an athlete (`AthleteMeasurement` in the spec). `sessionId` is `0` when the
 * measurement belongs to no session.
 */
export interface Measurement extends TimeSpan, ActivityLabels, Open {
  measurementId: number;
  athleteId: number;
  sessionId?: number | undefined;
  measurementType?: MeasurementType | undefined;
  /** The measurement's title. */
  exerciseType?: string | undefined;
  laps?: MeasurementLap[] | undefined;
}
/** The spec's name for {@link Measurement}. */
export type AthleteMeasurement = Measurement;

/** A session, created by a coach for a team from chosen athletes and a time range. */
export interface Session extends TimeSpan, ActivityLabels, Open {
  sessionId: number;
  coachId?: number | undefined;
  /** The session's title (filtered with `type`). */
  sessionType?: string | undefined;
  athleteIds?: number[] | undefined;
  laps?: SessionLap[] | undefined;
}

/** One page of `GET …/athletes` (account or team). `more: false` on the last page. */
export interface AthletesPage extends Open {
  more: boolean;
  athletes: Athlete[];
}

export interface CoachesPage extends Open {
  more: boolean;
  coaches: Coach[];
}

export interface TeamsPage extends Open {
  more: boolean;
  teams: Team[];
}

export interface MeasurementsPage extends Open {
  more: boolean;
  measurements: Measurement[];
}

export interface SessionsPage extends Open {
  more: boolean;
  sessions: Session[];
}

/** A scalar result variable as sent, e.g. `{ name: 'trimp', value: 112.3 }`. Some have no unit. */
export interface ScalarVariableBody extends Open {
  name: string;
  unit?: string | undefined;
  value: number;
}

/**
 * A time-series result variable as sent: `value` is Base64 of a zlib stream (`format: 'binary'`) or a
 * number array (`format: 'list'`). RR series have no `samplingRate`.
 */
export interface TimeSeriesVariableBody extends Open {
  name: string;
  unit?: string | undefined;
  /** A number and `Hz`, e.g. `"0.2Hz"` (one old example used a decimal comma). */
  samplingRate?: string | undefined;
  /** `Float`, `Signed` or `Unsigned` (compare case-insensitively). */
  type: string;
  /** 8, 16, 32 or 64 (a numeric string is accepted, as the official decoder does). */
  bits: number | string;
  value: string | number[];
}

/** One item of a results body's `variables`, not decoded. */
export type ResultVariableBody = ScalarVariableBody | TimeSeriesVariableBody;

interface ResultsBody extends TimeSpan, ActivityLabels, Open {
  athleteId: number;
  measurementId: number;
  exerciseType?: string | undefined;
  variables: ResultVariableBody[];
}

/** `GET …/athletes/{athleteId}/measurements/{measurementId}/results` (`AthleteMeasurementResults`). */
export interface MeasurementResults extends ResultsBody {
  sessionId?: number | undefined;
  measurementType?: MeasurementType | undefined;
}

/** `GET …/measurements/{measurementId}/laps/{lapId}/results` (`AthleteMeasurementLapResults`). */
export interface MeasurementLapResults extends MeasurementResults {
  lapId: number;
  name?: string | undefined;
}

/** One athlete's measurement within a session's results (no `measurementType`). */
export interface SessionMeasurementResults extends ResultsBody {
  sessionId: number;
}

export interface SessionLapMeasurementResults extends SessionMeasurementResults {
  lapId: number;
  name?: string | undefined;
}

/**
 * `GET …/teams/{teamId}/sessions/{sessionId}/results`: one entry per analysed athlete measurement
 * (measurements whose analysis failed are left out).
 */
export interface SessionResults extends Open {
  measurements: SessionMeasurementResults[];
}

export interface SessionLapResults extends Open {
  measurements: SessionLapMeasurementResults[];
}
